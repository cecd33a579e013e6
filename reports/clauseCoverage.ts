/**
 * The spec author's view: clauses no scenario checks, clauses whose sources are ambiguous or in
 * conflict with their readings, and what each implementation does on them, from saved runs and
 * reading probes.
 */
import type { Catalog, Clause, Side } from '../kit/catalog.ts';
import type { IndexedScenario } from './featureIndex.ts';
import { scenariosByClause } from './featureIndex.ts';
import type { ReadingProbe } from './readingProbe.ts';
import type { RunReport } from './runReport.ts';

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function label(implementation: Record<string, unknown> | null, target: string): string {
  const name = implementation?.name;
  return typeof name === 'string' ? `${name}${implementation?.version ? ` ${String(implementation.version)}` : ''}` : target;
}

/** Column labels, made unique when two files describe the same implementation. */
function labels(items: Array<{ implementation: Record<string, unknown> | null; target: string; extra: string }>): string[] {
  const plain = items.map((i) => label(i.implementation, i.target));
  return plain.map((l, i) => (plain.filter((x) => x === l).length > 1 ? `${l} (${items[i]!.extra})` : l));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const MARK = { passes: 'yes', fails: 'NO', inconclusive: '?' } as const;

export function formatCoverage(o: { catalog: Catalog; index: IndexedScenario[]; sides: Side[]; results: RunReport[]; probes: ReadingProbe[] }): string {
  const out: string[] = [];
  const clauses = o.catalog.clauses.filter((c) => o.sides.includes(c.side));
  const byClause = scenariosByClause(o.index);

  const uncovered = clauses.filter((c) => !byClause.has(c.id));
  out.push(`Clauses without scenarios: ${uncovered.length} of ${clauses.length}`);
  out.push(...(uncovered.length ? table(uncovered.map((c) => [c.id, c.level, c.title])) : ['  none']));

  const unclear = clauses.filter((c) => c.clarity !== 'clear');
  out.push('', `Ambiguous and conflicting clauses: ${unclear.length}`);
  for (const c of unclear) {
    out.push(`  ${c.id} ${c.level} ${c.clarity} — ${c.title}  (${plural(byClause.get(c.id)?.length ?? 0, 'scenario')})`);
    for (const r of c.readings ?? []) {
      const profiles = Object.entries(c.profileReadings ?? {}).filter(([, id]) => id === r.id).map(([p]) => p);
      out.push(`      ${r.id.padEnd(20)} ${r.description}${profiles.length ? `  [selected by ${profiles.join(', ')}]` : ''}`);
    }
    if (c.note) out.push(`      note: ${c.note}`);
  }

  if (o.results.length) out.push('', ...fromResults(unclear, o.results));
  if (o.probes.length) out.push('', ...fromProbes(unclear, o.probes));
  return out.join('\n');
}

/** A run judges each ambiguous clause under one reading: a pass shows compatibility with it, no more. */
function fromResults(unclear: Clause[], results: RunReport[]): string[] {
  const names = labels(results.map((r) => ({ implementation: r.implementation, target: r.target, extra: `${r.profile}, ${r.startedAt.slice(0, 16)}` })));
  const out = ['Ambiguous clauses in saved runs (verdict under the reading the run selected):'];
  const rows = [['clause', ...names]];
  for (const c of unclear) {
    if (!results.some((r) => r.side === c.side)) continue;
    rows.push([c.id, ...results.map((r) => {
      const cr = r.clauses.find((x) => x.id === c.id);
      return cr ? `${cr.reading ?? '?'}: ${cr.verdict}` : '-';
    })]);
  }
  out.push(...(rows.length > 1 ? table(rows) : ['  no saved run covers these clauses']));
  out.push('', 'Clause verdicts per saved run:');
  out.push(...table([['run', 'side', 'profile', 'passed', 'failed', 'errored', 'skipped', 'uncovered'],
    ...results.map((r, i) => [names[i]!, r.side, r.profile, ...(['passed', 'failed', 'errored', 'skipped', 'uncovered'] as const)
      .map((v) => String(r.clauses.filter((c) => c.verdict === v).length))])]));
  return out;
}

function fromProbes(unclear: Clause[], probes: ReadingProbe[]): string[] {
  const names = labels(probes.map((p) => ({ implementation: p.implementation, target: p.target, extra: p.target })));
  const out = ['Readings each implementation satisfies (probed: yes = every scenario passed under that reading):'];
  const rows = [['clause', 'reading', ...names]];
  const follows = [['clause', ...names]];
  for (const c of unclear) {
    const mine = probes.map((p) => p.probes.filter((e) => e.clause === c.id));
    if (mine.every((m) => m.length === 0)) continue;
    for (const r of c.readings ?? []) {
      rows.push([c.id, r.id, ...mine.map((m) => {
        const e = m.find((x) => x.reading === r.id);
        return e ? MARK[e.outcome] : '-';
      })]);
    }
    follows.push([c.id, ...mine.map((m) => m.filter((e) => e.outcome === 'passes').map((e) => e.reading).join(' | ') || (m.length ? 'none' : '-'))]);
  }
  out.push(...table(rows), '', 'Compatible readings per implementation (several when the implementation satisfies more than one):', ...table(follows));
  const notes = probes.flatMap((p, i) => p.probes.filter((e) => e.outcome === 'inconclusive').map((e) => `  ${names[i]} ${e.clause}=${e.reading}: ${e.note ?? ''}`));
  if (notes.length) out.push('', 'Inconclusive probes:', ...notes);
  return out;
}
