/**
 * The kill matrix's judgement, a pure function of the catalog, the mutants' declarations and the
 * runs' results, so it can be tested on synthetic results.
 *
 * A mutant is killed when every clause it declares it breaks is blamed by at least one failed
 * scenario (failure.clause in results.json). The run fails when the reference fails or errors
 * anywhere, when a mutant survives, when it is killed only by scenarios blaming other clauses
 * (wrong blame), when a clause it declares is never blamed, when a run breaks, or when a MUST or
 * SHOULD clause has no mutant that proves it. Blame on other clauses beside the right one is
 * collateral: reported (declared or not), failing only in strict mode.
 */
import type { ClauseInfo, MutantInfo, RunRecord, Side } from './types.ts';

export type MutantVerdict = 'killed' | 'survived' | 'misblamed' | 'partly-blamed' | 'broken-run' | 'not-run';

export interface FailedScenario {
  location: string;
  name: string;
  blamed: string;
  summary?: string;
}

export interface MutantResult {
  side: Side;
  name: string;
  description: string;
  breaks: string[];
  verdict: MutantVerdict;
  scope: string;
  durationMs: number;
  /** Blamed clause -> failed scenarios blaming it. */
  blamed: Record<string, FailedScenario[]>;
  /** Blamed clauses outside `breaks` that the mutant declared it may also break. */
  declaredCollateral: string[];
  /** Blamed clauses outside `breaks` and outside its declarations. */
  undeclaredCollateral: string[];
  /** Declared clauses no failure blamed. */
  unblamedBreaks: string[];
  errored: string[];
  skipped: string[];
}

export type ClauseStatus = 'proven' | 'unproven' | 'no-mutant' | 'not-run';

export interface ClauseRow {
  id: string;
  side: Side;
  level: string;
  title: string;
  /** Mutants declaring that they break it. */
  mutants: string[];
  /** Those of them whose run blamed it. */
  killedBy: string[];
  status: ClauseStatus;
}

export interface ReferenceResult {
  side: Side;
  ok: boolean;
  scenarios: number;
  failed: FailedScenario[];
  errored: string[];
  skipped: string[];
  durationMs: number;
}

export interface ScenarioCoverage {
  side: Side;
  total: number;
  /** Reference scenarios that at least one mutant failed. */
  killed: number;
  /** Reference scenarios no mutant failed: each names the clauses it is tagged with. */
  neverFailed: Array<{ location: string; name: string; clauses: string[] }>;
}

export interface MatrixJudgement {
  ok: boolean;
  /** Every reason the matrix fails, one sentence each. */
  problems: string[];
  /** Worth a look, but not failing. */
  warnings: string[];
  references: ReferenceResult[];
  mutants: MutantResult[];
  clauses: ClauseRow[];
  coverage: ScenarioCoverage[];
}

export interface JudgeOptions {
  /** Undeclared collateral blame fails the matrix too. */
  strict?: boolean;
  /** Only some mutants ran (--only): clauses without one are listed, not problems. */
  partial?: boolean;
}

const GATED_LEVELS = new Set(['MUST', 'SHOULD']);

function describeFailed(s: RunRecord['scenarios'][number]): FailedScenario {
  return { location: s.location, name: s.name, blamed: s.blamed ?? 'UNBLAMED', ...(s.summary ? { summary: s.summary } : {}) };
}

function judgeReference(run: RunRecord): ReferenceResult {
  const failed = run.scenarios.filter((s) => s.verdict === 'failed').map(describeFailed);
  const errored = run.scenarios.filter((s) => s.verdict === 'errored').map((s) => s.location);
  const skipped = run.scenarios.filter((s) => s.verdict === 'skipped').map((s) => s.location);
  const ok = !run.brokenRun && run.scenarios.length > 0 && !failed.length && !errored.length;
  return { side: run.side, ok, scenarios: run.scenarios.length, failed, errored, skipped, durationMs: run.durationMs };
}

function judgeMutant(m: MutantInfo, run: RunRecord | undefined): MutantResult {
  const base = {
    side: m.side, name: m.name, description: m.description, breaks: m.breaks,
    scope: run?.scope ?? '', durationMs: run?.durationMs ?? 0,
    blamed: {} as Record<string, FailedScenario[]>,
    declaredCollateral: [] as string[], undeclaredCollateral: [] as string[], unblamedBreaks: [...m.breaks],
    errored: [] as string[], skipped: [] as string[],
  };
  if (!run) return { ...base, verdict: 'not-run' };
  if (run.brokenRun) return { ...base, verdict: 'broken-run' };
  for (const s of run.scenarios) {
    if (s.verdict === 'errored') base.errored.push(s.location);
    if (s.verdict === 'skipped') base.skipped.push(s.location);
    if (s.verdict !== 'failed') continue;
    const f = describeFailed(s);
    (base.blamed[f.blamed] ??= []).push(f);
  }
  const blamedClauses = Object.keys(base.blamed).sort();
  const others = blamedClauses.filter((c) => !m.breaks.includes(c));
  base.declaredCollateral = others.filter((c) => Object.hasOwn(m.mayAlsoBlame, c));
  base.undeclaredCollateral = others.filter((c) => !Object.hasOwn(m.mayAlsoBlame, c));
  base.unblamedBreaks = m.breaks.filter((c) => !base.blamed[c]);
  let verdict: MutantVerdict;
  if (!blamedClauses.length) verdict = 'survived';
  else if (base.unblamedBreaks.length === m.breaks.length) verdict = 'misblamed';
  else if (base.unblamedBreaks.length) verdict = 'partly-blamed';
  else verdict = 'killed';
  return { ...base, verdict };
}

function mutantProblem(r: MutantResult): string | undefined {
  const who = `${r.side} mutant ${r.name} (breaks ${r.breaks.join(', ')})`;
  switch (r.verdict) {
    case 'survived': return `${who} survived: no scenario failed (${r.scope})`;
    case 'misblamed': return `${who} was killed only by scenarios blaming ${Object.keys(r.blamed).join(', ')}: the blame is wrong`;
    case 'partly-blamed': return `${who}: no failure blamed ${r.unblamedBreaks.join(', ')}`;
    case 'broken-run': return `${who}: its run produced no results`;
    case 'not-run': return `${who} was not run`;
    case 'killed': return undefined;
  }
}

export function judgeMatrix(
  clauses: ClauseInfo[], mutants: MutantInfo[], runs: RunRecord[], options: JudgeOptions = {},
): MatrixJudgement {
  const problems: string[] = [];
  const warnings: string[] = [];
  const sides = [...new Set(runs.map((r) => r.side))].sort() as Side[];

  const references = runs.filter((r) => r.mutant === null).map(judgeReference);
  for (const side of sides) {
    if (!references.some((r) => r.side === side)) problems.push(`the ${side} reference was not run`);
  }
  for (const r of references) {
    if (r.scenarios === 0) problems.push(`the ${r.side} reference run produced no results`);
    for (const f of r.failed) problems.push(`the ${r.side} reference fails ${f.location} (${f.name}), blaming ${f.blamed}`);
    for (const e of r.errored) problems.push(`the ${r.side} reference errored in ${e}`);
    for (const s of r.skipped) warnings.push(`the ${r.side} reference skipped ${s}`);
  }

  const results = mutants
    .filter((m) => sides.includes(m.side))
    .map((m) => judgeMutant(m, runs.find((r) => r.side === m.side && r.mutant === m.name)));
  for (const r of results) {
    const p = mutantProblem(r);
    if (p) problems.push(p);
    const who = `${r.side} mutant ${r.name}`;
    if (r.undeclaredCollateral.length) {
      const text = `${who} is also blamed on ${r.undeclaredCollateral.join(', ')}, which it does not declare`;
      (options.strict ? problems : warnings).push(text);
    }
    if (r.errored.length) warnings.push(`${who}: ${r.errored.length} scenario(s) errored instead of judging (${r.errored.slice(0, 3).join(', ')})`);
    if (r.skipped.length) warnings.push(`${who}: ${r.skipped.length} scenario(s) skipped (${r.skipped.slice(0, 3).join(', ')})`);
  }

  const rows: ClauseRow[] = clauses
    .filter((c) => sides.includes(c.side) && GATED_LEVELS.has(c.level))
    .map((c) => {
      const declaring = results.filter((r) => r.side === c.side && r.breaks.includes(c.id));
      const killedBy = declaring.filter((r) => r.blamed[c.id]?.length).map((r) => r.name);
      const status: ClauseStatus = !declaring.length ? 'no-mutant' : killedBy.length ? 'proven' : 'unproven';
      return { id: c.id, side: c.side, level: c.level, title: c.title, mutants: declaring.map((r) => r.name), killedBy, status };
    });
  for (const row of options.partial ? [] : rows) {
    if (row.status === 'no-mutant') problems.push(`${row.level} clause ${row.id} has no mutant that breaks it`);
    if (row.status === 'unproven') problems.push(`${row.level} clause ${row.id}: none of its mutants (${row.mutants.join(', ')}) was blamed on it`);
  }

  const coverage: ScenarioCoverage[] = sides.map((side) => {
    const reference = runs.filter((r) => r.side === side && r.mutant === null).flatMap((r) => r.scenarios);
    const failedSomewhere = new Set(runs.filter((r) => r.side === side && r.mutant !== null)
      .flatMap((r) => r.scenarios.filter((s) => s.verdict === 'failed').map((s) => s.location)));
    const neverFailed = reference.filter((s) => !failedSomewhere.has(s.location))
      .map((s) => ({ location: s.location, name: s.name, clauses: s.clauses }));
    return { side, total: reference.length, killed: reference.length - neverFailed.length, neverFailed };
  });

  return { ok: problems.length === 0, problems, warnings, references, mutants: results, clauses: rows, coverage };
}
