/**
 * The run report (results.json): per scenario and per clause, with the target's identity,
 * the profile and its readings, the seed, and the catalog hash. Validated by
 * schemas/results.schema.json before it is written.
 */
import type { Envelope } from '@cucumber/messages';
import { join } from 'node:path';
import type { Catalog, Level } from '../kit/catalog.ts';
import { writeFileAtomic } from '../kit/outputFile.ts';
import { nonDefaultWriterParameters, type RunParams, type WriterParameters } from '../kit/run-params.ts';
import { assertValid } from '../kit/schemas.ts';
import { combineTallies } from '../steps/support/readingsObserved.ts';
import { defectsOf, type Defect } from './defects.ts';
import { environment, kitIdentity, type Environment, type KitIdentity } from './kitIdentity.ts';
import type { ScenarioResult, Verdict } from './scenarioResults.ts';
import { clauseCounts, couldNotRun, fullScope, judgeScope, runVerdict, type Scope } from './scope.ts';

export const HELLO_MEDIA_TYPE = 'application/vnd.pv-conform.hello+json';

/** `not judged`: no scenario could judge it, because a precondition failed under another clause. */
export type ClauseVerdict = Verdict | 'uncovered' | 'not judged';

export interface ClauseResult {
  id: string;
  side: 'reader' | 'writer';
  family: string;
  level: string;
  clarity: string;
  title: string;
  reading?: string;
  /** The clause's readings that every judged observation in the run satisfied: what the implementation does. */
  readingsSatisfied?: string[];
  readingsObserved?: number;
  scenarios: number;
  counts: Record<Verdict, number>;
  /** Scenarios (counted as skipped) that could not judge the clause: a precondition failed under another clause. */
  notJudged?: number;
  verdict: ClauseVerdict;
}

/** A scenario as reported: its result plus what the catalog and the run add to it. */
export interface ReportedScenario extends ScenarioResult {
  /** The strongest level among the scenario's clauses. */
  level?: Level;
  /** Property scenarios: the seed (and, once failed, the path) that replay them. */
  seed?: number;
  path?: string;
}

/** How the kit reached the implementation. */
export interface AdapterIdentity {
  kind: 'in-process' | 'subprocess';
  /** The --target / --runner value as given. */
  target: string;
}

/** Which part of the suite ran: a certificate from a filtered run covers only that part. */
export interface Selection {
  full: boolean;
  paths: string[];
  tags?: string;
  name?: string;
  shard?: string;
}

export interface RunReport {
  kit: KitIdentity;
  side: 'reader' | 'writer';
  target: string;
  adapter?: AdapterIdentity;
  environment?: Environment;
  selection?: Selection;
  /** The run command to which a scenario location is appended to replay it. */
  replayBase: string;
  implementation: Record<string, unknown> | null;
  profile: string;
  readings: Record<string, string>;
  seed: number;
  numRuns: number;
  /**
   * Writer-side kit parameters the run set away from their defaults (--cleanup-deadline-ms,
   * --pixel-tolerance, --execute-timeout-ms); absent when none was. A run with any issues no certificate.
   */
  kitParameters?: Partial<WriterParameters>;
  catalogHash: string;
  startedAt: string;
  finishedAt: string;
  complete: boolean;
  verdict: 'conformant' | 'non-conformant' | 'incomplete';
  totals: Record<Verdict, number>;
  scenarios: ReportedScenario[];
  clauses: ClauseResult[];
  /** What the verdict speaks for (reports/scope.ts). Older files lack it. */
  scope?: Scope;
  /** MUST clauses in scope no scenario passed or failed: while any remains the run is incomplete. */
  unjudged?: string[];
  /** The failures grouped by clause and signature: one entry per defect (reports/defects.ts). Older files lack it. */
  defects?: Defect[];
}

const zero = (): Record<Verdict, number> => ({ passed: 0, failed: 0, skipped: 0, errored: 0 });

/**
 * failed beats errored beats passed beats not judged beats skipped: a clause is as bad as its
 * worst scenario, and a clause no scenario could judge says so rather than "skipped".
 */
export function rollUp(c: Record<Verdict, number>, total: number, notJudged = 0): ClauseVerdict {
  if (total === 0) return 'uncovered';
  if (c.failed) return 'failed';
  if (c.errored) return 'errored';
  if (c.passed) return 'passed';
  if (notJudged) return 'not judged';
  return 'skipped';
}

const LEVEL_RANK: Record<Level, number> = { MUST: 3, SHOULD: 2, MAY: 1 };

function strongestLevel(catalog: Catalog, clauses: string[]): Level | undefined {
  let best: Level | undefined;
  for (const id of clauses) {
    const l = catalog.byId.get(id)?.level;
    if (l && (!best || LEVEL_RANK[l] > LEVEL_RANK[best])) best = l;
  }
  return best;
}

function reported(catalog: Catalog, params: RunParams, r: ScenarioResult): ReportedScenario {
  const level = strongestLevel(catalog, r.clauses);
  const property = r.tags.includes('@property');
  const seed = r.failure?.seed ?? (property ? params.seed : undefined);
  const path = r.failure?.path ?? (property ? params.path : undefined);
  return { ...r, ...(level ? { level } : {}), ...(seed !== undefined ? { seed } : {}), ...(path ? { path } : {}) };
}

/** Embedded implementations run in the kit's process; anything else is a command line. */
function adapterOf(target: string): AdapterIdentity {
  const embedded = target === 'reference' || target.startsWith('mutant:');
  return { kind: embedded ? 'in-process' : 'subprocess', target };
}

export function buildRunReport(a: {
  catalog: Catalog; params: RunParams; results: ScenarioResult[]; startedAt: Date; finishedAt: Date;
  envelopes: Envelope[]; complete: boolean; selection?: Selection;
}): RunReport {
  const { catalog, params } = a;
  const results = a.results.map((r) => reported(catalog, params, r));
  const target = params.side === 'reader' ? params.target : params.runner;
  const totals = zero();
  for (const r of results) totals[r.verdict] += 1;
  const clauses: ClauseResult[] = catalog.clauses
    .filter((c) => c.side === params.side)
    .map((c) => {
      // A failure blamed on another of the scenario's clauses counts as skipped here (reports/scope.ts).
      const { scenarios: n, counts, notJudged } = clauseCounts(c.id, results);
      const observed = c.readings ? combineTallies(results.flatMap((r) => (r.readings?.[c.id] ? [r.readings[c.id]!] : []))) : undefined;
      return {
        id: c.id, side: c.side, family: c.family, level: c.level, clarity: c.clarity, title: c.title,
        ...(params.readings[c.id] ? { reading: params.readings[c.id] } : {}),
        ...(observed ? { readingsSatisfied: observed.satisfied, readingsObserved: observed.observations } : {}),
        scenarios: n, counts, ...(notJudged ? { notJudged } : {}), verdict: rollUp(counts, n, notJudged),
      };
    });
  let implementation: Record<string, unknown> | null = null;
  for (const e of a.envelopes) {
    if (e.attachment?.mediaType === HELLO_MEDIA_TYPE) {
      implementation = JSON.parse(e.attachment.body) as Record<string, unknown>;
      break;
    }
  }
  const { scope, unjudged, judged } = judgeScope({
    side: params.side, clauses, scenarios: results, full: fullScope(params.side, a.selection),
  });
  const verdict = runVerdict({ complete: a.complete, totals, scenarios: results.length, unjudged, judged });
  const kitParameters = params.side === 'writer' ? nonDefaultWriterParameters(params) : undefined;
  return {
    kit: kitIdentity(),
    side: params.side,
    target,
    adapter: adapterOf(target),
    environment: environment(),
    ...(a.selection ? { selection: a.selection } : {}),
    replayBase: params.replayBase,
    implementation,
    profile: params.profile,
    readings: params.readings,
    seed: params.seed,
    numRuns: params.numRuns,
    ...(kitParameters ? { kitParameters } : {}),
    catalogHash: catalog.hash,
    startedAt: a.startedAt.toISOString(),
    finishedAt: a.finishedAt.toISOString(),
    complete: a.complete,
    verdict,
    totals,
    scenarios: results,
    clauses,
    scope,
    unjudged,
    defects: defectsOf(results, catalog),
  };
}

export function writeRunReport(dir: string, report: RunReport): void {
  assertValid('results.schema.json', report, 'results.json');
  writeFileAtomic(join(dir, 'results.json'), JSON.stringify(report, null, 2) + '\n');
}

/** 0 conformant; 1 non-conformant, or incomplete because a MUST clause in scope was not judged; 2 the run could not run. */
export function exitCodeOf(report: RunReport): number {
  if (report.verdict === 'non-conformant') return 1;
  if (report.verdict === 'incomplete') return couldNotRun({ ...report, scenarios: report.scenarios.length }) ? 2 : 1;
  return 0;
}
