/**
 * What a run's verdict speaks for, and whether it may say CONFORMANT.
 *
 * Scope: the clauses of the side with at least one scenario in the run (on a full run, every
 * clause of the side, so a clause that lost its scenarios counts too), less the clauses every
 * scenario of which was skipped for an optional cause (kit/skipCause.ts: a reader capability
 * other than the SDK's public API, a transport beyond the default, a generation or transport a
 * Runner does not support). Those are out of scope, each with its reason.
 *
 * A clause is judged when at least one of its scenarios passed or failed on it (a failure blamed
 * on another clause judges nothing: runReport.ts counts it as skipped). A MUST clause in scope
 * that is not judged is unjudged, and the run cannot be CONFORMANT while one remains.
 *
 * Pure functions of the scenarios, the clause list and the selection: buildRunReport, mergeRuns
 * and verify-certificate all decide through here, so none of them trusts a verdict it was handed.
 */
import { isDeepStrictEqual } from 'node:util';
import { describeSkipCause, isOptionalCause } from '../kit/skipCause.ts';
import type { RunReport, Selection } from './runReport.ts';
import type { ScenarioResult, Verdict } from './scenarioResults.ts';

export interface Scope {
  /** Clause ids in scope, catalog order. */
  clauses: string[];
  outOfScope: Array<{ clause: string; reason: string }>;
}

export type RunVerdict = 'conformant' | 'non-conformant' | 'incomplete';

/** What the scope needs to know of a clause. */
export interface ClauseFacts {
  id: string;
  level: string;
}

const zero = (): Record<Verdict, number> => ({ passed: 0, failed: 0, skipped: 0, errored: 0 });

/** The scenarios that speak to a clause: tagged with it, failed blaming it, or recording a verdict on it. */
export function scenariosOf(id: string, scenarios: readonly ScenarioResult[]): ScenarioResult[] {
  return scenarios.filter((r) => r.clauses.includes(id) || r.failure?.clause === id || !!r.clauseVerdicts?.[id]);
}

/**
 * Per clause: a scenario that recorded its own verdict on the clause (clauseVerdicts) is taken at
 * its word unless it errored: passed, failed, or not judged (its precondition failed under another
 * clause), which counts as skipped and in `notJudged`, never as a pass. Otherwise a failure counts
 * against the clause it blames; for the scenario's other clauses it is no verdict at all (the
 * scenario stopped before judging them), so it counts as skipped.
 */
export function clauseCounts(id: string, scenarios: readonly ScenarioResult[]): { scenarios: number; counts: Record<Verdict, number>; notJudged: number } {
  const counts = zero();
  let notJudged = 0;
  const mine = scenariosOf(id, scenarios);
  for (const r of mine) {
    const own = r.verdict === 'errored' ? undefined : r.clauseVerdicts?.[id];
    if (own?.verdict === 'not judged') {
      counts.skipped += 1;
      notJudged += 1;
      continue;
    }
    if (own) {
      counts[own.verdict] += 1;
      continue;
    }
    const blamed = r.failure?.clause;
    if (r.verdict === 'failed' && blamed && blamed !== id) counts.skipped += 1;
    else counts[r.verdict] += 1;
  }
  return { scenarios: mine.length, counts, notJudged };
}

export function totalsOf(scenarios: readonly ScenarioResult[]): Record<Verdict, number> {
  const t = zero();
  for (const r of scenarios) t[r.verdict] += 1;
  return t;
}

/** A full run is the side's feature directory, unfiltered: what `selection.full` may claim. */
export function isFullSelection(side: 'reader' | 'writer', selection: Selection): boolean {
  if (selection.tags !== undefined || selection.name !== undefined || selection.shard !== undefined) return false;
  return isDeepStrictEqual(selection.paths, [`features/${side}`]);
}

/**
 * Whether every clause of the side is in scope, even one no scenario ran for: a run that says or
 * looks full, or records no selection (older reports). Errs on the strict side.
 */
export function fullScope(side: 'reader' | 'writer', selection: Selection | undefined): boolean {
  return !selection || selection.full || isFullSelection(side, selection);
}

/** Skipped for an optional cause, by the kit's policy (the recorded flag may only narrow it). */
function optionalSkip(side: 'reader' | 'writer', r: ScenarioResult): boolean {
  return r.verdict === 'skipped' && !!r.skipCause && r.skipCause.optional && isOptionalCause(side, r.skipCause);
}

export function judgeScope(a: {
  side: 'reader' | 'writer';
  /** Every clause of the side, catalog order. */
  clauses: readonly ClauseFacts[];
  scenarios: readonly ScenarioResult[];
  /** fullScope(): every clause of the side is in scope, whether or not a scenario ran for it. */
  full: boolean;
}): { scope: Scope; unjudged: string[]; judged: string[] } {
  const scope: Scope = { clauses: [], outOfScope: [] };
  const unjudged: string[] = [];
  const judged: string[] = [];
  for (const c of a.clauses) {
    const mine = scenariosOf(c.id, a.scenarios);
    if (!a.full && mine.length === 0) continue;
    const { counts } = clauseCounts(c.id, a.scenarios);
    if (counts.passed + counts.failed > 0) {
      scope.clauses.push(c.id);
      judged.push(c.id);
    } else if (mine.length > 0 && mine.every((r) => optionalSkip(a.side, r))) {
      const reasons = [...new Set(mine.map((r) => describeSkipCause(r.skipCause!)))].sort();
      scope.outOfScope.push({ clause: c.id, reason: reasons.join('; ') });
    } else {
      scope.clauses.push(c.id);
      if (c.level === 'MUST') unjudged.push(c.id);
    }
  }
  return { scope, unjudged, judged };
}

/** The run could not be carried out: stopped, errored, or nothing ran. Exit 2, not 1. */
export function couldNotRun(a: { complete: boolean; totals: Record<Verdict, number>; scenarios: number }): boolean {
  return !a.complete || a.totals.errored > 0 || a.scenarios === 0;
}

/**
 * Failed beats everything (non-conformant); a run that could not run, left a MUST clause in scope
 * unjudged, or judged nothing at all is incomplete; only then conformant.
 */
export function runVerdict(a: { complete: boolean; totals: Record<Verdict, number>; scenarios: number; unjudged: readonly string[]; judged: readonly string[] }): RunVerdict {
  if (a.totals.failed) return 'non-conformant';
  if (couldNotRun(a) || a.unjudged.length > 0 || a.judged.length === 0) return 'incomplete';
  return 'conformant';
}

export interface Derived {
  totals: Record<Verdict, number>;
  clauses: Array<{ id: string; scenarios: number; counts: Record<Verdict, number>; notJudged: number }>;
  scope: Scope;
  unjudged: string[];
  verdict: RunVerdict;
}

/**
 * Everything a report claims about its scenarios, derived again from the scenarios alone (for
 * verify-certificate): `clauses` are the side's clauses with their levels, from the catalog.
 */
export function deriveFromScenarios(report: Pick<RunReport, 'side' | 'scenarios' | 'complete' | 'selection'>, clauses: readonly ClauseFacts[]): Derived {
  const totals = totalsOf(report.scenarios);
  const full = fullScope(report.side, report.selection);
  const { scope, unjudged, judged } = judgeScope({ side: report.side, clauses, scenarios: report.scenarios, full });
  return {
    totals,
    clauses: clauses.map((c) => ({ id: c.id, ...clauseCounts(c.id, report.scenarios) })),
    scope,
    unjudged,
    verdict: runVerdict({ complete: report.complete, totals, scenarios: report.scenarios.length, unjudged, judged }),
  };
}

/**
 * Why the unjudged MUST clauses were not judged, one phrase per kind of reason, for the summary:
 * "required capability missing: write-bytes, clear", "skipped by the target: read", …
 */
export function unjudgedReasons(report: Pick<RunReport, 'side' | 'scenarios' | 'unjudged'>): string[] {
  const groups = new Map<string, Set<string>>();
  const add = (what: string, detail?: string) => {
    const g = groups.get(what) ?? new Set<string>();
    if (detail) g.add(detail);
    groups.set(what, g);
  };
  for (const id of report.unjudged ?? []) {
    const mine = scenariosOf(id, report.scenarios);
    if (!mine.length) add('no scenario ran');
    for (const r of mine) {
      const own = r.clauseVerdicts?.[id];
      if (r.verdict !== 'errored' && own?.verdict === 'not judged') add('not judged', /its precondition (\S+) failed/.exec(own.reason ?? '')?.[1] ?? 'a precondition failed');
      else if (r.verdict === 'errored') add('errored');
      else if (r.verdict === 'failed') add('stopped by a failure blamed on another clause');
      else if (r.verdict !== 'skipped' || optionalSkip(report.side, r)) continue;
      else if (!r.skipCause) add('skipped, no cause recorded');
      else if (r.skipCause.kind === 'capability') add('required capability missing (not declared)', r.skipCause.name);
      else if (r.skipCause.kind === 'command') add('skipped by the target', r.skipCause.name);
      else add(describeSkipCause(r.skipCause));
    }
  }
  return [...groups].map(([what, details]) => (details.size ? `${what}: ${[...details].sort().join(', ')}` : what));
}
