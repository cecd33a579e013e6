/**
 * Reduces cucumber's message stream to one result per scenario run. Every report is derived
 * from this, never from run-time state, so a saved messages.ndjson reproduces every view.
 */
import type { Envelope } from '@cucumber/messages';
import { CLAUSE_TAG } from '../kit/catalog.ts';
import { FAILURE_INPUT_MEDIA_TYPE, FAILURE_MEDIA_TYPE, type FailureDetail } from '../steps/support/failure.ts';
import { assignInputFiles, type InputAttachment } from './failureInputs.ts';
import { READINGS_MEDIA_TYPE, type ReadingTally } from '../steps/support/readingsObserved.ts';
import { SKIP_CAUSE_MEDIA_TYPE, type SkipCause } from '../kit/skipCause.ts';
import { CLAUSE_VERDICTS_MEDIA_TYPE, type ClauseVerdict } from '../steps/support/clauseVerdicts.ts';

/**
 * passed / failed (a spec rule was broken: the failure names its clause) /
 * skipped (the target lacks a capability) / errored (the kit or the adapter broke, or a step is undefined).
 */
export type Verdict = 'passed' | 'failed' | 'skipped' | 'errored';

export interface ScenarioResult {
  /** uri:line of the scenario or example row: replays exactly this case. */
  location: string;
  uri: string;
  line: number;
  name: string;
  clauses: string[];
  tags: string[];
  verdict: Verdict;
  durationMs: number;
  /** The case as the scenario states it: its own Given and When steps (the Background left out). */
  input?: string;
  failure?: FailureDetail;
  /** The step's error text when the verdict is errored (or a failure without detail). */
  error?: string;
  skipReason?: string;
  /** What the target lacked, machine-readable (kit/skipCause.ts); decides the run's scope. */
  skipCause?: SkipCause;
  /** Per ambiguous clause: the readings every observation in this scenario satisfied. */
  readings?: Record<string, ReadingTally>;
  /**
   * Per clause the scenario checked (its tags and any other): passed, failed, or not judged with
   * the reason. Absent for scenarios that record none (reader side): their tags and verdict speak.
   */
  clauseVerdicts?: Record<string, ClauseVerdict>;
}

const STATUS_RANK: Record<string, number> = { PASSED: 0, SKIPPED: 1, PENDING: 2, UNDEFINED: 3, AMBIGUOUS: 3, FAILED: 4, UNKNOWN: 2 };

/**
 * `inputFiles`, when given, receives the bytes of the failures' input files by their path in the
 * report directory (reports/failureInputs.ts); the failures name those paths either way.
 */
export function scenarioResults(envelopes: Iterable<Envelope>, inputFiles?: Map<string, Buffer>): ScenarioResult[] {
  const pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  const testCases = new Map<string, string>(); // testCase id -> pickle id
  const started = new Map<string, { testCaseId: string; t0: number }>();
  const worst = new Map<string, { status: string; message?: string }>();
  const failures = new Map<string, FailureDetail>();
  const skipNotes = new Map<string, string>();
  const skipCauses = new Map<string, SkipCause>();
  const readingTallies = new Map<string, Record<string, ReadingTally>>();
  const clauseVerdicts = new Map<string, Record<string, ClauseVerdict>>();
  const inputs = new Map<string, InputAttachment>();
  const backgroundSteps = new Set<string>();
  const out: ScenarioResult[] = [];
  const startedIdOf = new Map<ScenarioResult, string>();

  for (const e of envelopes) {
    if (e.gherkinDocument) collectBackgroundSteps(e.gherkinDocument, backgroundSteps);
    else if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) testCases.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) {
      const ts = e.testCaseStarted.timestamp;
      started.set(e.testCaseStarted.id, { testCaseId: e.testCaseStarted.testCaseId, t0: ts.seconds * 1000 + ts.nanos / 1e6 });
    } else if (e.testStepFinished) {
      const { testCaseStartedId, testStepResult } = e.testStepFinished;
      const prev = worst.get(testCaseStartedId);
      if (!prev || STATUS_RANK[testStepResult.status]! > STATUS_RANK[prev.status]!) {
        worst.set(testCaseStartedId, { status: testStepResult.status, message: testStepResult.message });
      }
    } else if (e.attachment?.testCaseStartedId) {
      const a = e.attachment;
      if (a.mediaType === FAILURE_MEDIA_TYPE) failures.set(a.testCaseStartedId!, JSON.parse(a.body) as FailureDetail);
      else if (a.mediaType === FAILURE_INPUT_MEDIA_TYPE && a.contentEncoding === 'BASE64') inputs.set(a.testCaseStartedId!, { fileName: a.fileName ?? '', base64: a.body });
      else if (a.mediaType === CLAUSE_VERDICTS_MEDIA_TYPE) clauseVerdicts.set(a.testCaseStartedId!, JSON.parse(a.body) as Record<string, ClauseVerdict>);
      else if (a.mediaType === READINGS_MEDIA_TYPE) readingTallies.set(a.testCaseStartedId!, JSON.parse(a.body) as Record<string, ReadingTally>);
      else if (a.mediaType === 'text/plain' && a.body.startsWith('skipped: ')) skipNotes.set(a.testCaseStartedId!, a.body.slice(9));
      else if (a.mediaType === SKIP_CAUSE_MEDIA_TYPE && !skipCauses.has(a.testCaseStartedId!)) skipCauses.set(a.testCaseStartedId!, skipCauseOf(a.body));
    } else if (e.testCaseFinished) {
      const f = e.testCaseFinished;
      if (f.willBeRetried) continue;
      const s = started.get(f.testCaseStartedId);
      if (!s) continue;
      const pickle = pickles.get(testCases.get(s.testCaseId) ?? '');
      if (!pickle) continue;
      const ts = f.timestamp;
      const w = worst.get(f.testCaseStartedId) ?? { status: 'PASSED' };
      const failure = failures.get(f.testCaseStartedId);
      const tags = pickle.tags.map((t) => t.name);
      const line = pickle.location?.line ?? 0;
      const input = describeInput(pickle, backgroundSteps);
      let verdict: Verdict;
      if (w.status === 'PASSED') verdict = 'passed';
      else if (w.status === 'SKIPPED') verdict = 'skipped';
      else if (w.status === 'FAILED' && failure) verdict = 'failed';
      else verdict = 'errored';
      const result: ScenarioResult = {
        location: `${pickle.uri}:${line}`,
        uri: pickle.uri,
        line,
        name: pickle.name,
        clauses: tags.filter((t) => CLAUSE_TAG.test(t)).map((t) => t.slice(1)),
        tags,
        verdict,
        durationMs: Math.max(0, ts.seconds * 1000 + ts.nanos / 1e6 - s.t0),
        ...(input ? { input } : {}),
        ...(failure ? { failure } : {}),
        ...(verdict === 'errored' ? { error: w.message ?? `step ${w.status.toLowerCase()}` } : {}),
        ...(verdict === 'skipped' && skipNotes.has(f.testCaseStartedId) ? { skipReason: skipNotes.get(f.testCaseStartedId) } : {}),
        ...(verdict === 'skipped' && skipCauses.has(f.testCaseStartedId) ? { skipCause: skipCauses.get(f.testCaseStartedId) } : {}),
        ...(readingTallies.has(f.testCaseStartedId) ? { readings: readingTallies.get(f.testCaseStartedId) } : {}),
        ...(clauseVerdicts.has(f.testCaseStartedId) ? { clauseVerdicts: clauseVerdicts.get(f.testCaseStartedId) } : {}),
      };
      out.push(result);
      startedIdOf.set(result, f.testCaseStartedId);
    }
  }
  out.sort((a, b) => a.uri.localeCompare(b.uri) || a.line - b.line);
  // After sorting: the report-wide cap on inputs keeps the same files whatever order workers finished in.
  assignInputFiles(out.map((r) => ({ location: r.location, ...(r.failure ? { failure: r.failure } : {}), inputKey: startedIdOf.get(r)! })), inputs, inputFiles);
  return out;
}

/** Only the three fields, whatever else the attachment holds. */
function skipCauseOf(body: string): SkipCause {
  const c = JSON.parse(body) as SkipCause;
  return { kind: c.kind, name: String(c.name), optional: c.optional === true };
}

type GherkinDocument = NonNullable<Envelope['gherkinDocument']>;
type Pickle = NonNullable<Envelope['pickle']>;

/** Background steps are the same for every scenario of a feature, so they say nothing about its case. */
function collectBackgroundSteps(doc: GherkinDocument, into: Set<string>): void {
  const visit = (children: ReadonlyArray<{ background?: { steps: ReadonlyArray<{ id: string }> }; rule?: { children: ReadonlyArray<{ background?: { steps: ReadonlyArray<{ id: string }> } }> } }>) => {
    for (const c of children) {
      for (const s of c.background?.steps ?? []) into.add(s.id);
      if (c.rule) visit(c.rule.children);
    }
  };
  visit(doc.feature?.children ?? []);
}

function describeInput(pickle: Pickle, backgroundSteps: Set<string>): string {
  const own = pickle.steps.filter((s) => !s.astNodeIds.some((id) => backgroundSteps.has(id)));
  const setup = own.filter((s) => ['Context', 'Action'].includes(String(s.type)));
  return setup.map((s) => s.text).join('; ');
}
