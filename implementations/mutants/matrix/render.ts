/** The kill matrix as Markdown (mutants.md) and as the short table a terminal shows. */
import type { MatrixJudgement, MutantResult } from './judge.ts';
import type { Side } from './types.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function blameText(r: MutantResult): string {
  const parts = Object.entries(r.blamed).sort(([a], [b]) => a.localeCompare(b))
    .map(([clause, list]) => `${clause}${r.breaks.includes(clause) ? '' : r.declaredCollateral.includes(clause) ? '~' : '!'} x${list.length}`);
  return parts.join(', ') || '-';
}

function verdictText(r: MutantResult): string {
  if (r.verdict !== 'killed') return r.verdict.toUpperCase();
  return r.undeclaredCollateral.length ? 'killed (+undeclared)' : 'killed';
}

/**
 * Clauses down, mutants across (numbered, with a legend): K = a failure blamed the clause the
 * mutant breaks; ~ = declared collateral; ! = undeclared collateral; . = in scope, not blamed.
 */
function grid(j: MatrixJudgement, side: Side): string[] {
  const mutants = j.mutants.filter((m) => m.side === side);
  const clauses = j.clauses.filter((c) => c.side === side);
  const head = `| clause | ${mutants.map((_, i) => `${i + 1}`).join(' | ')} |`;
  const rule = `| --- | ${mutants.map(() => ':-:').join(' | ')} |`;
  const rows = clauses.map((c) => `| ${c.id} | ${mutants.map((m) => {
    if (!m.blamed[c.id]) return m.breaks.includes(c.id) ? '**?**' : '';
    if (m.breaks.includes(c.id)) return 'K';
    return m.declaredCollateral.includes(c.id) ? '~' : '!';
  }).join(' | ')} |`);
  const legend = mutants.map((m, i) => `${i + 1} ${m.name}`).join(' · ');
  return [head, rule, ...rows, '', `Columns: ${legend}.`, ''];
}

export interface RunMeta {
  seed: number;
  numRuns: Record<Side, number>;
  wallMs: number;
  jobs: number;
  full: boolean;
  rotation: number;
  writerVariant: string;
  profile: string;
}

export function renderMarkdown(j: MatrixJudgement, meta: RunMeta): string {
  const out: string[] = [];
  out.push('# Kill matrix', '');
  out.push(`**${j.ok ? 'PASS' : 'FAIL'}** — seed ${meta.seed}, ${meta.numRuns.reader} reader / ${meta.numRuns.writer} writer cases per property, ` +
    `${meta.jobs} workers, ${meta.full ? 'full suites' : `scoped runs (witness rotation ${meta.rotation})`}, ` +
    `writer variant ${meta.writerVariant}, profile ${meta.profile}, wall time ${seconds(meta.wallMs)}.`, '');
  if (j.problems.length) out.push('## Problems', '', ...j.problems.map((p) => `- ${p}`), '');
  if (j.warnings.length) out.push('## Warnings', '', ...j.warnings.map((w) => `- ${w}`), '');
  out.push('## References', '', '| side | verdict | scenarios | failed | errored | skipped | time |', '| --- | --- | --: | --: | --: | --: | --: |');
  for (const r of j.references) out.push(`| ${r.side} | ${r.ok ? 'pass' : '**FAIL**'} | ${r.scenarios} | ${r.failed.length} | ${r.errored.length} | ${r.skipped.length} | ${seconds(r.durationMs)} |`);
  out.push('');
  for (const side of ['reader', 'writer'] as const) {
    const ms = j.mutants.filter((m) => m.side === side);
    if (!ms.length) continue;
    out.push(`## ${side === 'reader' ? 'Reader' : 'Writer'} mutants`, '');
    out.push('Blame column: clause x failed scenarios; `~` declared collateral, `!` undeclared.', '');
    out.push('| # | mutant | breaks | verdict | blamed | scope | time |', '| --: | --- | --- | --- | --- | --- | --: |');
    ms.forEach((m, i) => out.push(`| ${i + 1} | ${m.name} | ${m.breaks.join(', ')} | ${verdictText(m)} | ${blameText(m)} | ${m.scope} | ${seconds(m.durationMs)} |`));
    out.push('', `### ${side} clauses x mutants`, '', ...grid(j, side));
    const cov = j.coverage.find((c) => c.side === side);
    if (cov) {
      out.push(`### ${side} scenarios no mutant failed (${cov.total - cov.killed} of ${cov.total})`, '');
      out.push(...(cov.neverFailed.length ? cov.neverFailed.map((s) => `- ${s.location} ${s.name} (${s.clauses.join(', ')})`) : ['- none']), '');
    }
  }
  out.push('## Clauses', '', '| clause | level | status | mutants |', '| --- | --- | --- | --- |');
  for (const c of j.clauses) out.push(`| ${c.id} | ${c.level} | ${c.status === 'proven' ? 'proven' : `**${c.status}**`} | ${c.killedBy.length ? c.killedBy.join(', ') : c.mutants.join(', ') || '-'} |`);
  out.push('');
  return out.join('\n');
}

export function renderTerminal(j: MatrixJudgement, wallMs: number): string {
  const rows = j.mutants.map((m) => [m.side, m.name, m.breaks.join(','), verdictText(m), blameText(m), seconds(m.durationMs)]);
  const header = ['side', 'mutant', 'breaks', 'verdict', 'blamed', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''];
  for (const r of j.references) out.push(`reference ${r.side}: ${r.ok ? 'pass' : 'FAIL'} (${r.scenarios} scenarios, ${seconds(r.durationMs)})`);
  const proven = j.clauses.filter((c) => c.status === 'proven').length;
  out.push(`clauses proven: ${proven} of ${j.clauses.length} MUST/SHOULD`);
  for (const c of j.coverage) out.push(`${c.side} scenarios failed by some mutant: ${c.killed} of ${c.total}`);
  for (const w of j.warnings) out.push(`warning: ${w}`);
  for (const p of j.problems) out.push(`PROBLEM: ${p}`);
  out.push(`${j.ok ? 'PASS' : 'FAIL'}: ${j.mutants.filter((m) => m.verdict === 'killed').length} of ${j.mutants.length} mutants killed with the right blame, wall time ${seconds(wallMs)}`);
  return out.join('\n');
}
