/**
 * matrix.html (`pv-conform matrix`): several runs side by side, in the manner of wpt.fyi.
 * Clauses are rows, implementations columns; each cell gives the verdict and the readings of the
 * clause that the implementation satisfied. The ambiguous and conflicting clauses on which the
 * implementations part ways come first: they are what the spec should settle next.
 *
 * One self-contained static page (inline CSS, no script, nothing fetched), derived from the
 * results.json files and the catalog alone.
 */
import type { Catalog, Clause } from '../kit/catalog.ts';
import type { ClauseResult, RunReport } from './runReport.ts';
import { anchor, esc } from './html/escape.ts';
import { implementationLine } from './html/header.ts';
import { STYLE } from './html/style.ts';


export interface MatrixRun {
  /** The file or directory it was read from, as given on the command line. */
  name: string;
  report: RunReport;
}

export interface MatrixRow {
  id: string;
  clause?: Clause;
  /** The catalog's entry when it has one, else the first run's; per run, undefined when the run has no such clause. */
  info: ClauseResult;
  cells: Array<ClauseResult | undefined>;
  unclear: boolean;
  /** The implementations' verdicts differ. */
  verdictsDiffer: boolean;
  /** The implementations observed satisfy different sets of readings. */
  readingsDiffer: boolean;
}

export interface Matrix {
  side: 'reader' | 'writer';
  runs: MatrixRun[];
  /** Ambiguous or conflicting clauses on which the implementations disagree, catalog order. */
  disagreements: MatrixRow[];
  /** Every other clause, by family in catalog order. */
  families: Array<[string, MatrixRow[]]>;
}

/** What a column is called: the implementation as it introduced itself, else the target. */
export function columnLabel(report: RunReport): string {
  const h = (report.implementation ?? {}) as { name?: unknown; version?: unknown };
  if (typeof h.name === 'string' && h.name) return `${h.name} ${typeof h.version === 'string' || typeof h.version === 'number' ? h.version : ''}`.trim();
  return report.target;
}

const setKey = (ids: string[]) => [...new Set(ids)].sort().join('\u0000');

export function buildMatrix(runs: MatrixRun[], catalog: Catalog): Matrix {
  if (!runs.length) throw new Error('no runs to compare');
  const side = runs[0]!.report.side;
  const order = new Map(catalog.clauses.map((c, i) => [c.id, i]));
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const r of runs) for (const c of r.report.clauses) if (!seen.has(c.id)) { seen.add(c.id); ids.push(c.id); }
  ids.sort((a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b));

  const rows = ids.map((id): MatrixRow => {
    const cells = runs.map((r) => r.report.clauses.find((c) => c.id === id) as ClauseResult | undefined);
    const clause = catalog.byId.get(id);
    const first = cells.find(Boolean)!;
    const info: ClauseResult = clause
      ? { ...first, side: clause.side, family: clause.family, level: clause.level, clarity: clause.clarity, title: clause.title }
      : first;
    const unclear = info.clarity !== 'clear' || Boolean(clause?.readings?.length);
    const verdictsDiffer = new Set(cells.map((c) => c?.verdict ?? 'absent')).size > 1;
    const observed = cells.filter((c) => c?.readingsSatisfied !== undefined).map((c) => setKey(c!.readingsSatisfied!));
    const readingsDiffer = new Set(observed).size > 1;
    return { id, clause, info, cells, unclear, verdictsDiffer, readingsDiffer };
  });
  const disagreements = runs.length > 1 ? rows.filter((r) => r.unclear && (r.verdictsDiffer || r.readingsDiffer)) : [];
  const rest = rows.filter((r) => !disagreements.includes(r));
  const families = new Map<string, MatrixRow[]>();
  for (const r of rest) families.set(r.info.family, [...(families.get(r.info.family) ?? []), r]);
  return { side, runs, disagreements, families: [...families] };
}

const VERDICTS = ['passed', 'failed', 'errored', 'skipped'] as const;

function cellTitle(c: ClauseResult): string {
  const lines = [
    `${c.scenarios} scenario${c.scenarios === 1 ? '' : 's'}: ${VERDICTS.map((v) => `${c.counts[v]} ${v}`).join(', ')}`,
  ];
  if (c.reading) lines.push(`judged under reading "${c.reading}"`);
  if (c.readingsObserved !== undefined) lines.push(`${c.readingsObserved} observation${c.readingsObserved === 1 ? '' : 's'} of the readings`);
  return lines.join('\n');
}

function readingsLine(c: ClauseResult, row: MatrixRow): string {
  if (!row.clause?.readings?.length && c.readingsSatisfied === undefined) return '';
  if (c.readingsSatisfied === undefined) return '<span class="reads muted">readings not observed</span>';
  if (!c.readingsSatisfied.length) return '<span class="reads none">satisfies no reading</span>';
  // In the catalog's order, so equal sets look equal.
  const order = row.clause?.readings?.map((r) => r.id) ?? [];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const ids = [...new Set(c.readingsSatisfied)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return `<span class="reads">${ids.map((r) => `<span class="rid">${esc(r)}</span>`).join(' · ')}</span>`;
}

function cell(c: ClauseResult | undefined, row: MatrixRow, run: number): string {
  if (!c) return `<td class="cell c-absent" data-run="${run}"><span class="muted">not in this run</span></td>`;
  return `<td class="cell c-${esc(c.verdict)}" data-run="${run}" data-verdict="${esc(c.verdict)}" title="${esc(cellTitle(c))}">` +
    `<span class="badge v-${esc(c.verdict)}">${esc(c.verdict)}</span>${readingsLine(c, row)}</td>`;
}

function readingsDetails(row: MatrixRow): string {
  const clause = row.clause;
  if (!clause?.readings?.length) return '';
  const items = clause.readings.map((r) => `<li><span class="rid">${esc(r.id)}</span> ${esc(r.description)}</li>`).join('');
  const sources = clause.sources.length
    ? `<p class="sources">${clause.sources.map((s) => `<span class="mono">${esc(s.file)}</span> ${esc(s.section)}`).join('; ')}</p>` : '';
  const why = clause.note || sources ? `<details class="why-unclear"><summary>why it is ${esc(clause.clarity)}</summary>${clause.note ? `<p class="note">${esc(clause.note)}</p>` : ''}${sources}</details>` : '';
  return `<details class="readings"${row.verdictsDiffer || row.readingsDiffer ? ' open' : ''}><summary>${clause.readings.length} readings</summary><ul>${items}</ul>${why}</details>`;
}

function clauseCell(row: MatrixRow): string {
  const c = row.info;
  const clarity = c.clarity === 'clear' ? '<span class="muted">clear</span>' : `<span class="clarity-${esc(c.clarity)}">${esc(c.clarity)}</span>`;
  const why = [row.readingsDiffer ? 'readings differ' : '', row.verdictsDiffer ? 'verdicts differ' : ''].filter(Boolean).join(' · ');
  return `<th scope="row" class="clause"><div class="head"><b class="mono">${esc(c.id)}</b> <span class="lvl lvl-${esc(c.level)}">${esc(c.level)}</span> ${clarity}` +
    `${why ? ` <span class="why">${esc(why)}</span>` : ''}</div>` +
    `<div class="title" title="${esc(row.clause?.rule ?? '')}">${esc(c.title)}</div>${readingsDetails(row)}</th>`;
}

function rowHtml(row: MatrixRow): string {
  const cls = [row.unclear ? 'unclear' : 'clear', row.verdictsDiffer ? 'verdicts-differ' : '', row.readingsDiffer ? 'readings-differ' : ''].filter(Boolean).join(' ');
  return `<tr class="${cls}" data-clause="${esc(row.id)}" id="${anchor('clause', row.id)}">${clauseCell(row)}${row.cells.map((c, i) => cell(c, row, i)).join('')}</tr>`;
}

function columnHead(run: MatrixRun, i: number): string {
  const r = run.report;
  const passed = r.clauses.filter((c) => c.verdict === 'passed').length;
  const lang = (r.implementation as { language?: unknown } | null)?.language;
  return `<th scope="col" class="impl" data-run="${i}" title="${esc(`${implementationLine(r)}\ntarget: ${r.target}\nfrom: ${run.name}`)}">` +
    `<div class="name">${esc(columnLabel(r))}</div>` +
    `<div class="sub">profile <b>${esc(r.profile)}</b>${typeof lang === 'string' ? ` · ${esc(lang)}` : ''}</div>` +
    `<div class="sub target mono">${esc(r.target)}</div>` +
    `<div class="sub"><span class="badge run-${esc(r.verdict)}">${esc(r.verdict)}</span> ${passed}/${r.clauses.length} clauses passed</div></th>`;
}

function table(m: Matrix, body: string, caption: string): string {
  return `<table class="impl-matrix"><caption>${esc(caption)}</caption><thead><tr><th scope="col" class="clause">clause</th>${m.runs.map(columnHead).join('')}</tr></thead>` +
    `<tbody>${body}</tbody></table>`;
}

function inputsList(m: Matrix, catalog: Catalog): string {
  const items = m.runs.map((run, i) => {
    const r = run.report;
    const stale = r.catalogHash !== catalog.hash ? ' · <b>another catalog version</b>' : '';
    const partial = r.selection && !r.selection.full ? ' · <b>part of the suite</b>' : '';
    return `<li data-run="${i}"><b>${esc(columnLabel(r))}</b> — <span class="mono">${esc(run.name)}</span>: ${esc(implementationLine(r))}; ` +
      `target <span class="mono">${esc(r.target)}</span>, profile ${esc(r.profile)}, seed ${r.seed}, ${esc(r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}${stale}${partial}</li>`;
  }).join('');
  return `<details class="inputs"><summary>${m.runs.length} run${m.runs.length === 1 ? '' : 's'} compared</summary><ul>${items}</ul></details>`;
}

const MATRIX_STYLE = `
main { max-width: none; }
.banner.matrix-page { background: #24292f; }
h2 .hint { display: block; font-size: 13px; font-weight: normal; color: var(--muted); margin-top: 2px; }
.legend { color: var(--muted); font-size: 12.5px; margin: 6px 0 10px; }
.inputs { margin: 14px 0 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; }
.inputs summary { cursor: pointer; font-weight: 600; }
.inputs ul { margin: 6px 0 2px; padding-left: 18px; }
nav { position: static; }
table.impl-matrix { border-collapse: separate; border-spacing: 0; background: #fff; border: 1px solid var(--line); min-width: 100%; }
table.impl-matrix caption { text-align: left; font-size: 12px; color: var(--muted); padding: 0 0 4px; caption-side: top; }
.impl-matrix th, .impl-matrix td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
.impl-matrix thead th { position: sticky; top: 0; z-index: 1; background: #eef1f4; font-size: 12px; color: var(--muted); font-weight: normal; border-bottom: 2px solid var(--line); }
.impl-matrix th.impl { min-width: 170px; max-width: 240px; border-left: 1px solid var(--line); }
.impl-matrix th.impl .name { color: var(--ink); font-weight: 700; font-size: 13.5px; overflow-wrap: anywhere; }
.impl-matrix th.impl .sub { margin-top: 2px; }
.impl-matrix th.impl .target { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 220px; font-size: 11px; }
.impl-matrix th.clause { width: 440px; min-width: 320px; font-weight: normal; background: #fff; position: sticky; left: 0; }
.impl-matrix thead th.clause { z-index: 2; background: #eef1f4; font-weight: 700; }
.impl-matrix th.clause .title { margin-top: 2px; }
.impl-matrix th.clause details { margin-top: 4px; font-size: 12.5px; }
.impl-matrix th.clause details summary { cursor: pointer; color: var(--muted); }
.impl-matrix th.clause details ul { margin: 4px 0 0; padding-left: 18px; }
.impl-matrix th.clause details.why-unclear { margin: 2px 0 0; }
.impl-matrix th.clause .note, .impl-matrix th.clause .sources { margin: 4px 0 0; color: var(--muted); }
.impl-matrix .why { font-size: 11px; font-weight: 700; color: #bc4c00; border: 1px solid #bc4c00; border-radius: 4px; padding: 0 4px; }
.impl-matrix tr.family th { position: static; background: var(--paper); font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 700; }
.impl-matrix td.cell { border-left: 1px solid var(--line); min-width: 150px; }
.impl-matrix td.c-passed { background: #eefbf1; } .impl-matrix td.c-failed { background: var(--fail-bg); }
.impl-matrix td.c-errored { background: var(--err-bg); } .impl-matrix td.c-skipped { background: #f3f5f7; }
.impl-matrix td.c-uncovered { background: var(--unc-bg); } .impl-matrix td.c-absent { background: #fff; }
.reads { display: block; margin-top: 4px; font-size: 12.5px; }
.reads.none { color: var(--fail); font-weight: 600; }
.rid { font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; background: rgba(31,35,40,.07); border-radius: 4px; padding: 0 4px; }
.muted { color: var(--muted); }
.badge.run-conformant { color: var(--pass); background: var(--pass-bg); } .badge.run-non-conformant { color: #fff; background: var(--fail); }
.badge.run-incomplete { color: var(--err); background: var(--err-bg); }
#disagreements .impl-matrix { border-color: #bc4c00; }
.agree { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
`;

export function renderMatrixPage(m: Matrix, catalog: Catalog): string {
  const total = m.disagreements.length + m.families.reduce((n, [, rows]) => n + rows.length, 0);
  const unclear = m.disagreements.length + m.families.reduce((n, [, rows]) => n + rows.filter((r) => r.unclear).length, 0);
  const cols = m.runs.length;
  const disagreeBody = m.disagreements.map(rowHtml).join('');
  const disagree = m.disagreements.length
    ? table(m, disagreeBody, `${m.disagreements.length} of ${unclear} ambiguous or conflicting clauses`)
    : `<p class="agree">${cols > 1 ? 'The implementations agree on every ambiguous or conflicting clause: same verdicts, same readings satisfied.' : 'One run only: nothing to disagree with.'}</p>`;
  const familyBody = m.families.map(([family, rows]) =>
    `<tr class="family"><th colspan="${cols + 1}">${esc(family)}</th></tr>` + rows.map(rowHtml).join('')).join('');
  const catalogs = new Set(m.runs.map((r) => r.report.catalogHash));
  const warnings = [
    catalogs.size > 1 ? 'The runs used different versions of the clause catalog: compare them with care.' : '',
    m.runs.some((r) => r.report.catalogHash !== catalog.hash) ? 'Some runs used another version of the clause catalog than this kit has: titles and reading descriptions come from the current catalog.' : '',
    m.runs.some((r) => r.report.selection && !r.report.selection.full) ? 'Some runs covered only part of the suite: their missing clauses show as uncovered.' : '',
  ].filter(Boolean);
  const title = `pv-conform matrix: ${m.side} side, ${cols} implementation${cols === 1 ? '' : 's'}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}${MATRIX_STYLE}</style></head>
<body>
<header class="banner matrix-page"><div class="inner">
<div class="verdict">IMPLEMENTATIONS SIDE BY SIDE</div>
<h1>${esc(m.side)} side · ${cols} implementation${cols === 1 ? '' : 's'} · ${total} clauses</h1>
<p>${m.disagreements.length} ambiguous or conflicting clause${m.disagreements.length === 1 ? '' : 's'} on which the implementations disagree</p>
</div></header>
<nav><div class="inner"><a href="#disagreements">Disagreements (${m.disagreements.length})</a><a href="#by-family">All other clauses (${total - m.disagreements.length})</a></div></nav>
<main>
${inputsList(m, catalog)}
${warnings.map((w) => `<p class="warning">${esc(w)}</p>`).join('')}
<section id="disagreements"><h2>Where the implementations disagree <span class="count">${m.disagreements.length}</span>
<span class="hint">Ambiguous or conflicting clauses whose verdicts or satisfied readings differ between implementations: these are what the spec should settle next.</span></h2>
<p class="legend">Each cell: the verdict under the run's profile, then the readings of the clause that every judged observation satisfied (compatible with, not necessarily chosen). Hover a cell for its counts.</p>
${disagree}</section>
<section id="by-family"><h2>All other clauses, by family <span class="count">${total - m.disagreements.length}</span></h2>
${table(m, familyBody, 'clauses as rows, implementations as columns')}</section>
<footer>Derived from ${cols} results.json file${cols === 1 ? '' : 's'} and the clause catalog by pv-conform. Reading descriptions come from the catalog this kit has.</footer>
</main>
</body></html>
`;
}
