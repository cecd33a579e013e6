/** Turns a check's problems into the failure every report is derived from. */
import { ConformanceFailure, type FailureDetail, type FailureSignature } from '../support/failure.ts';
import type { StepRecord } from './session.ts';
import { describeStep } from './checks.ts';
import { notJudged, recordClauseVerdict } from '../support/clauseVerdicts.ts';
import { SKIP_CAUSE_MEDIA_TYPE, skipCause } from '../../kit/skipCause.ts';
import { failureInputOf, rememberInput } from './segmentInput.ts';

/** Where the support code's After hook looks for the detail to attach (PvWorld.failure). */
export function remember(world: object, detail: FailureDetail): void {
  recordClauseVerdict(world, detail.clause, 'failed');
  (world as { failure?: FailureDetail }).failure = detail;
}

/**
 * What a writer failure is grouped by (reports/defects.ts): the first problem without its step,
 * role and id, numbers and hex runs folded, so one defect met by a step scenario and by a
 * property is counted once.
 */
export function writerSignature(problems: string[]): FailureSignature {
  const first = (problems[0] ?? '').replace(/^step \d+(?: \w+ "(?:[^"\\]|\\.)*")?: /, '');
  const folded = first.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\b[0-9a-f]{6,}\b/g, 'HEX').replace(/\d+(?:\.\d+)?/g, 'N');
  return { comparison: folded, result: 'segment' };
}

export function judge(world: object, clause: string, summary: string, expected: string, problems: string[], records: StepRecord[] | StepRecord, extra: Partial<FailureDetail> = {}): void {
  recordClauseVerdict(world, clause, problems.length ? 'failed' : 'passed');
  if (!problems.length) return;
  const failure = writerFailure(clause, summary, expected, problems, records, extra);
  remember(world, failure.detail);
  rememberInput(world, failureInputOf(records, problems));
  throw failure;
}

/** A precondition of a check that another clause judges, and the problems it had (none: met). */
export interface Precondition {
  clause: string;
  problems: string[];
}

/**
 * judge() for a check that needs what another clause provides (a segment to decode, bytes to
 * compare): its own problems fail it; with none, an unmet precondition leaves it not judged
 * rather than passed. endStep() then reports the scenario skipped, naming the clause and why.
 */
export function judgeIfPossible(world: object, clause: string, summary: string, expected: string, problems: string[], precondition: Precondition, records: StepRecord[] | StepRecord): void {
  if (problems.length || !precondition.problems.length) return judge(world, clause, summary, expected, problems, records);
  recordClauseVerdict(world, clause, 'not judged', notJudgedReason(precondition));
}

export function notJudgedReason(p: Precondition): string {
  return `its precondition ${p.clause} failed: ${p.problems.slice(0, 4).join('; ')}${p.problems.length > 4 ? `; and ${p.problems.length - 4} more` : ''}`;
}

/** The last thing a Then step does: a clause it left not judged makes the scenario skipped, with the reason and cause. */
export async function endStep(world: { attach(data: string, mediaType: string): void | Promise<void> }): Promise<'skipped' | void> {
  const open = notJudged(world);
  if (!open.length) return;
  // The details are in the clause verdicts (results.json, NOT JUDGED in the summary); the skip names the clauses.
  const precondition = /its precondition (\S+) failed/.exec(open[0]!.reason)?.[1] ?? 'unknown';
  await world.attach(`skipped: not judged: ${open.map((o) => o.clause).join(', ')} (its precondition ${precondition} failed)`, 'text/plain');
  await world.attach(JSON.stringify(skipCause('writer', 'precondition', precondition)), SKIP_CAUSE_MEDIA_TYPE);
  return 'skipped';
}

/** The failure judge() throws, for code that has no World at hand (the session); its caller remembers it. */
export function writerFailure(clause: string, summary: string, expected: string, problems: string[], records: StepRecord[] | StepRecord, extra: Partial<FailureDetail> = {}): ConformanceFailure {
  const list = Array.isArray(records) ? records : [records];
  const metas = list.flatMap((r) => r.calls.flatMap((c) => c.images.map((i) => ({ role: i.role, id: i.id, meta: i.meta }))));
  const detail: FailureDetail = {
    clause,
    summary,
    input: list.map(describeStep).join('\n            '),
    ...(metas.length ? { meta: metas.length === 1 ? metas[0] : metas } : {}),
    expected,
    actual: problems.slice(0, 8).join('; ') + (problems.length > 8 ? `; and ${problems.length - 8} more` : ''),
    signature: writerSignature(problems),
    ...extra,
  };
  return new ConformanceFailure(detail);
}
