/**
 * Expectations: a baseline of an implementation's known deviations, so CI can gate on "nothing
 * new broke" while a vendor works through known failures, and notice when one gets fixed.
 */
import { readFileSync } from 'node:fs';
import { assertValid } from '../kit/schemas.ts';
import { isOptionalCause } from '../kit/skipCause.ts';
import type { ReportedScenario, RunReport } from './runReport.ts';
import { scenariosOf } from './scope.ts';

export interface Deviation {
  clause: string;
  location?: string;
  scenario?: string;
  expect: 'failed';
  reason: string;
  link?: string;
}

export interface Expectations {
  $schema?: string;
  implementation?: string;
  target?: string;
  side: 'reader' | 'writer';
  profile?: string;
  deviations: Deviation[];
}

export function readExpectations(file: string): Expectations {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read expectations: ${(e as Error).message}`);
  }
  return assertValid<Expectations>('expectations.schema.json', doc, file);
}

export interface GateResult {
  expected: Array<{ scenario: ReportedScenario; deviation: Deviation }>;
  /** Failures no deviation lists: new breakage. */
  unexpected: ReportedScenario[];
  /** Listed deviations whose scenarios ran and passed: fixed, so the entry must go. */
  stale: Deviation[];
  /** Listed deviations with no scenario in this run (filtered out or skipped): no verdict. */
  notExercised: Deviation[];
  /**
   * MUST clauses left unjudged because the target skipped them for lacking something required
   * (the SDK's API): no baseline lists those, and passing the gate would be a false pass.
   */
  unjudged: string[];
  /** The baseline does not fit the run (other side or profile): gating would mean nothing. */
  mismatch?: string;
  exitCode: 0 | 1 | 2;
}

function covers(d: Deviation, s: ReportedScenario): boolean {
  return s.clauses.includes(d.clause) && (!d.location || d.location === s.location);
}

export function gate(report: RunReport, exp: Expectations): GateResult {
  const result: GateResult = { expected: [], unexpected: [], stale: [], notExercised: [], unjudged: [], exitCode: 0 };
  if (exp.side !== report.side) result.mismatch = `the expectations are for the ${exp.side} side, the run was ${report.side}`;
  else if (exp.profile && exp.profile !== report.profile) result.mismatch = `the expectations were recorded under profile "${exp.profile}", the run used "${report.profile}"`;
  if (result.mismatch) return { ...result, exitCode: 2 };

  for (const s of report.scenarios.filter((x) => x.verdict === 'failed')) {
    const blamed = s.failure?.clause;
    const d = exp.deviations.find((dev) => dev.clause === blamed && covers(dev, s));
    if (d) result.expected.push({ scenario: s, deviation: d });
    else result.unexpected.push(s);
  }
  for (const d of exp.deviations) {
    if (result.expected.some((e) => e.deviation === d)) continue;
    const ran = report.scenarios.filter((s) => covers(d, s) && s.verdict === 'passed');
    (ran.length ? result.stale : result.notExercised).push(d);
  }
  const incomplete = !report.complete || report.totals.errored > 0;
  result.unjudged = (report.unjudged ?? []).filter((id) => scenariosOf(id, report.scenarios)
    .some((s) => s.verdict === 'skipped' && !(s.skipCause?.optional && isOptionalCause(report.side, s.skipCause))));
  result.exitCode = result.unexpected.length || result.stale.length ? 1 : incomplete ? 2 : result.unjudged.length ? 1 : 0;
  return result;
}

function where(d: Deviation): string {
  return d.location ? `${d.clause} at ${d.location}` : d.clause;
}

export function formatGate(file: string, g: GateResult): string {
  if (g.mismatch) return `expectations ${file}: not applied: ${g.mismatch}`;
  const lines = [`expectations ${file}: ${g.expected.length} expected failure${g.expected.length === 1 ? '' : 's'}, ${g.unexpected.length} new, ${g.stale.length} stale`];
  for (const s of g.unexpected) lines.push(`  NEW FAILURE ${s.failure?.clause ?? s.clauses.join(' ')} — ${s.name} (${s.location})${s.failure ? `: ${s.failure.summary}` : ''}`);
  for (const d of g.stale) lines.push(`  STALE ${where(d)}: listed as failing (${d.reason}) but it passed; remove the entry`);
  for (const d of g.notExercised) lines.push(`  not exercised by this run: ${where(d)}`);
  if (g.unjudged.length) lines.push(`  NOT JUDGED ${g.unjudged.join(', ')}: skipped for lacking what a certificate requires`);
  const verdict = g.exitCode === 0 ? 'GATE PASSED: only expected failures' : g.exitCode === 1 ? 'GATE FAILED' : 'GATE INCOMPLETE: the run did not complete';
  lines.push(verdict);
  return lines.join('\n');
}

/** A baseline from a run: one entry per failing clause, or per failing scenario with `by: 'scenario'`. */
export function baselineFrom(report: RunReport, by: 'clause' | 'scenario'): Expectations {
  const failed = report.scenarios.filter((s) => s.verdict === 'failed' && s.failure);
  const day = report.startedAt.slice(0, 10);
  const deviations: Deviation[] = [];
  for (const s of failed) {
    const f = s.failure!;
    if (by === 'clause') {
      if (deviations.some((d) => d.clause === f.clause)) continue;
      deviations.push({ clause: f.clause, expect: 'failed', reason: `recorded ${day}: ${f.summary}` });
    } else {
      deviations.push({ clause: f.clause, location: s.location, scenario: s.name, expect: 'failed', reason: `recorded ${day}: ${f.summary}` });
    }
  }
  const impl = report.implementation as { name?: string; version?: string } | null;
  return {
    ...(impl?.name ? { implementation: `${impl.name} ${impl.version ?? ''}`.trim() } : {}),
    target: report.target,
    side: report.side,
    profile: report.profile,
    deviations,
  };
}
