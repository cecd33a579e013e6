/**
 * Compares two runs: of one implementation over time (regressions, fixes) or of two
 * implementations (where B fails and A does not). Scenarios are matched by location, clauses by id.
 */
import type { ClauseVerdict, RunReport } from './runReport.ts';
import type { Verdict } from './scenarioResults.ts';

const FAILING = new Set<ClauseVerdict>(['failed', 'errored']);

export interface VerdictChange { id: string; name?: string; from: ClauseVerdict; to: ClauseVerdict; summary?: string }
export interface ReadingChange { clause: string; from?: string; to?: string; verdictA?: ClauseVerdict; verdictB?: ClauseVerdict }

export interface RunDiff {
  regressions: { clauses: VerdictChange[]; scenarios: VerdictChange[] };
  fixes: { clauses: VerdictChange[]; scenarios: VerdictChange[] };
  /** Clause and scenario verdict changes that are neither (e.g. passed -> skipped: coverage lost). */
  otherChanges: VerdictChange[];
  readings: ReadingChange[];
  onlyInA: string[];
  onlyInB: string[];
  /** Differences in what was run that make the comparison less direct. */
  context: string[];
}

function classify(from: ClauseVerdict, to: ClauseVerdict): 'regression' | 'fix' | 'other' | 'same' {
  if (from === to) return 'same';
  if (!FAILING.has(from) && FAILING.has(to)) return 'regression';
  if (FAILING.has(from) && to === 'passed') return 'fix';
  return 'other';
}

export function diffRuns(a: RunReport, b: RunReport): RunDiff {
  const d: RunDiff = { regressions: { clauses: [], scenarios: [] }, fixes: { clauses: [], scenarios: [] }, otherChanges: [], readings: [], onlyInA: [], onlyInB: [], context: [] };
  const bClauses = new Map(b.clauses.map((c) => [c.id, c]));
  for (const ca of a.clauses) {
    const cb = bClauses.get(ca.id);
    if (!cb) continue;
    const change: VerdictChange = { id: ca.id, name: ca.title, from: ca.verdict, to: cb.verdict };
    const kind = classify(ca.verdict, cb.verdict);
    if (kind === 'regression') d.regressions.clauses.push(change);
    else if (kind === 'fix') d.fixes.clauses.push(change);
    else if (kind === 'other') d.otherChanges.push(change);
    if ((ca.reading ?? '') !== (cb.reading ?? '')) {
      d.readings.push({ clause: ca.id, from: ca.reading, to: cb.reading, verdictA: ca.verdict, verdictB: cb.verdict });
    }
  }
  const bScenarios = new Map(b.scenarios.map((s) => [s.location, s]));
  const aLocations = new Set(a.scenarios.map((s) => s.location));
  for (const sa of a.scenarios) {
    const sb = bScenarios.get(sa.location);
    if (!sb) { d.onlyInA.push(sa.location); continue; }
    const change: VerdictChange = { id: sa.location, name: sa.name, from: sa.verdict as Verdict, to: sb.verdict as Verdict,
      ...(sb.failure ? { summary: `${sb.failure.clause}: ${sb.failure.summary}` } : sb.error ? { summary: sb.error.split('\n')[0] } : {}) };
    const kind = classify(sa.verdict, sb.verdict);
    if (kind === 'regression') d.regressions.scenarios.push(change);
    else if (kind === 'fix') d.fixes.scenarios.push(change);
    else if (kind === 'other') d.otherChanges.push(change);
  }
  d.onlyInB = b.scenarios.filter((s) => !aLocations.has(s.location)).map((s) => s.location);
  if (a.side !== b.side) d.context.push(`sides differ: ${a.side} vs ${b.side}`);
  if (a.target !== b.target) d.context.push(`targets differ: ${a.target} vs ${b.target}`);
  if (a.profile !== b.profile) d.context.push(`profiles differ: ${a.profile} vs ${b.profile}`);
  if (a.catalogHash !== b.catalogHash) d.context.push('the clause catalog changed between the runs');
  const kit = (r: RunReport) => `${r.kit.version} (${r.kit.commit?.slice(0, 8) ?? 'commit unknown'})`;
  if (kit(a) !== kit(b)) d.context.push(`kit differs: ${kit(a)} vs ${kit(b)}`);
  return d;
}

export function formatDiff(d: RunDiff, names: { a: string; b: string }): string {
  const out: string[] = [`A = ${names.a}`, `B = ${names.b}`];
  for (const c of d.context) out.push(`note: ${c}`);
  const list = (title: string, clauses: VerdictChange[], scenarios: VerdictChange[]) => {
    out.push('', `${title}: ${clauses.length} clause${clauses.length === 1 ? '' : 's'}, ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`);
    for (const c of clauses) out.push(`  ${c.id} ${c.from} -> ${c.to}  ${c.name ?? ''}`);
    for (const s of scenarios) out.push(`  ${s.id} ${s.from} -> ${s.to}  ${s.name ?? ''}${s.summary ? `\n      ${s.summary}` : ''}`);
  };
  list('REGRESSIONS (passing in A, failing in B)', d.regressions.clauses, d.regressions.scenarios);
  list('FIXES (failing in A, passing in B)', d.fixes.clauses, d.fixes.scenarios);
  if (d.otherChanges.length) {
    out.push('', `other verdict changes: ${d.otherChanges.length}`);
    for (const s of d.otherChanges) out.push(`  ${s.id} ${s.from} -> ${s.to}  ${s.name ?? ''}`);
  }
  out.push('', `readings of ambiguous clauses that changed: ${d.readings.length}`);
  for (const r of d.readings) out.push(`  ${r.clause} ${r.from ?? '(none)'} -> ${r.to ?? '(none)'}  (A ${r.verdictA}, B ${r.verdictB})`);
  if (d.onlyInA.length || d.onlyInB.length) out.push('', `scenarios only in A: ${d.onlyInA.length}, only in B: ${d.onlyInB.length} (filtered runs, or the features changed)`);
  return out.join('\n');
}
