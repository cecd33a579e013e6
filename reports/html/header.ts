/** The top of the report: the verdict, who was tested, and everything needed to reproduce the run. */
import type { Catalog } from '../../kit/catalog.ts';
import type { RunReport } from '../runReport.ts';
import { esc } from './escape.ts';

interface Hello { name?: unknown; version?: unknown; language?: unknown; specGenerations?: unknown; generations?: unknown; transports?: unknown }

export function implementationLine(report: RunReport): string {
  const h = (report.implementation ?? {}) as Hello;
  if (!h.name) return 'the implementation did not identify itself (no hello)';
  const gens = h.specGenerations ?? h.generations;
  return [
    `${h.name} ${h.version ?? ''}`.trim(),
    h.language ? `(${h.language})` : '',
    Array.isArray(gens) ? `· spec ${gens.join(', ')}` : '',
    Array.isArray(h.transports) ? `· transports ${h.transports.join(', ')}` : '',
  ].filter(Boolean).join(' ');
}

function seconds(report: RunReport): string {
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  return `${(ms / 1000).toFixed(1)} s`;
}

function fact(label: string, value: string): string {
  return `<div><dt>${esc(label)}</dt><dd>${value}</dd></div>`;
}

/** The clauses a vendor has to fix, strongest level first. */
function failingClauses(report: RunReport): string {
  const rank = { MUST: 0, SHOULD: 1, MAY: 2 } as Record<string, number>;
  const bad = report.clauses.filter((c) => c.verdict === 'failed').sort((a, b) => (rank[a.level] ?? 3) - (rank[b.level] ?? 3));
  if (!bad.length) return '';
  return `<div class="failing">failing clauses: ${bad.map((c) => `<span class="mono">${esc(c.id)}</span> ${esc(c.level)}`).join(', ')}</div>`;
}

export function banner(report: RunReport): string {
  const t = report.totals;
  return `<header class="banner ${esc(report.verdict)}"><div class="inner">
<div class="verdict">${esc(report.verdict.toUpperCase())}</div>
<h1>${esc(report.side)} side · target <span class="mono">${esc(report.target)}</span></h1>
<p>${esc(implementationLine(report))}</p>
<div class="totals"><span>${t.passed} passed</span><span>${t.failed} failed</span><span>${t.skipped} skipped</span><span>${t.errored} errored</span><span>${report.clauses.length} clauses</span></div>
${failingClauses(report)}
</div></header>`;
}

export function facts(report: RunReport, catalog: Catalog): string {
  const kit = report.kit;
  const commit = kit.commit ? ` · commit <span class="mono">${esc(kit.commit.slice(0, 12))}</span>${kit.dirty ? ' (with local changes)' : ''}` : '';
  const sel = report.selection;
  const scope = !sel ? 'not recorded' : sel.full ? 'the full suite'
    : esc(['part of the suite:', sel.paths.join(' '), sel.tags ? `tags ${sel.tags}` : '', sel.name ? `name /${sel.name}/` : '', sel.shard ? `shard ${sel.shard}` : ''].filter(Boolean).join(' '));
  const env = report.environment;
  const items = [
    fact('profile', `<b>${esc(report.profile)}</b> — ${esc(catalog.profiles.find((p) => p.id === report.profile)?.description ?? '')}`),
    fact('seed · runs per property', `<span class="mono">${report.seed}</span> · ${report.numRuns}`),
    fact('scope', scope),
    fact('adapter', report.adapter ? `${esc(report.adapter.kind)}: <span class="mono">${esc(report.adapter.target)}</span>` : esc(report.target)),
    fact('kit', `pv-conform ${esc(kit.version)}${commit}`),
    fact('catalog hash', `<span class="mono" title="${esc(report.catalogHash)}">${esc(report.catalogHash.slice(0, 16))}…</span>`),
    fact('started · took', `${esc(report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))} · ${seconds(report)}`),
    fact('environment', env ? esc(`node ${env.node} · ${env.platform} ${env.arch}`) : 'not recorded'),
  ];
  const warnings: string[] = [];
  if (report.catalogHash !== catalog.hash) {
    warnings.push('This run used another version of the clause catalog than this kit has: titles and reading descriptions below come from the current catalog.');
  }
  if (!report.complete) warnings.push('The run did not complete (interrupted, or cucumber could not run): the results are partial.');
  if (sel && !sel.full) warnings.push('Only part of the suite ran: clauses without scenarios in this run show as uncovered.');
  if (report.unjudged?.length) {
    warnings.push(`Not conformant: ${report.unjudged.length} MUST clause${report.unjudged.length === 1 ? ' was' : 's were'} not judged (every scenario skipped, errored, or none ran): ${report.unjudged.join(', ')}.`);
  }
  for (const o of report.scope?.outOfScope ?? []) warnings.push(`Out of scope: ${o.clause}, because ${o.reason} (optional).`);
  return `<dl class="facts">${items.join('')}</dl>${warnings.map((w) => `<p class="warning">${esc(w)}</p>`).join('')}`;
}
