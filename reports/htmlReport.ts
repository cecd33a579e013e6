/**
 * report.html: one self-contained page (inline CSS and script, pictures as data: URIs, no
 * external URL) derived from results.json and the catalog alone, so it can be regenerated from a
 * saved run and mailed to a vendor.
 */
import { join } from 'node:path';
import type { Catalog } from '../kit/catalog.ts';
import { writeFileAtomic } from '../kit/outputFile.ts';
import { defectsOf } from './defects.ts';
import type { ReportedScenario, RunReport } from './runReport.ts';
import { erroredCard, failureCard, skippedTable } from './html/cards.ts';
import { esc } from './html/escape.ts';
import { banner, facts } from './html/header.ts';
import { clauseMatrix } from './html/matrix.ts';
import { SCRIPT } from './html/script.ts';
import { STYLE } from './html/style.ts';

/** Beyond this many cards the page gets slow to open; the rest are in results.json. */
const MAX_CARDS = 200;

function section(id: string, title: string, count: number, body: string): string {
  return `<section id="${id}"><h2>${esc(title)} <span class="count">${count}</span></h2>${body}</section>`;
}

export function renderHtmlReport(report: RunReport, catalog: Catalog): string {
  const failed = report.scenarios.filter((s) => s.verdict === 'failed' && s.failure);
  // One card per defect, in the catalog's clause order: its representative, with the other scenarios that meet it listed under it.
  const byLocation = new Map(report.scenarios.map((s) => [s.location, s]));
  const defects = (report.defects ?? defectsOf(report.scenarios, catalog))
    .map((d) => ({ id: d.id, scenarios: d.scenarios.map((l) => byLocation.get(l)).filter((s): s is ReportedScenario => !!s?.failure) }))
    .filter((d) => d.scenarios.length > 0);
  const defectCards = defects.slice(0, MAX_CARDS).map((d) => failureCard(report, d.scenarios[0]!, catalog, { id: d.id, others: d.scenarios.slice(1) })).join('');
  const lead = `<p class="lead">${defects.length} defect${defects.length === 1 ? '' : 's'} in ${failed.length} failed scenario${failed.length === 1 ? '' : 's'}: one card per defect (same clause, same failed comparison, same kind of result), the other scenarios that meet it listed under it.</p>`;
  const errored = report.scenarios.filter((s) => s.verdict === 'errored' || (s.verdict === 'failed' && !s.failure));
  const skipped = report.scenarios.filter((s) => s.verdict === 'skipped');
  const more = (n: number) => (n > MAX_CARDS ? `<p class="warning">${n - MAX_CARDS} more in results.json.</p>` : '');

  const sections = [
    section('matrix', 'Clause coverage', report.clauses.length, clauseMatrix(report, catalog)),
    failed.length ? section('failures', 'Defects', defects.length, lead + defectCards + more(defects.length)) : '',
    errored.length ? section('errors', 'Could not run', errored.length, errored.slice(0, MAX_CARDS).map((s) => erroredCard(report, s)).join('') + more(errored.length)) : '',
    skipped.length ? section('skipped', 'Skipped', skipped.length, skippedTable(skipped)) : '',
  ];
  // Failures come first in the navigation: they are what a reader of a red report came for.
  const nav = [
    failed.length ? `<a href="#failures">Defects (${defects.length} in ${failed.length} failures)</a>` : '',
    `<a href="#matrix">Clause coverage</a>`,
    errored.length ? `<a href="#errors">Could not run (${errored.length})</a>` : '',
    skipped.length ? `<a href="#skipped">Skipped (${skipped.length})</a>` : '',
  ].filter(Boolean).join('');
  const title = `pv-conform ${report.verdict}: ${report.side} ${report.target}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body>
${banner(report)}
<nav><div class="inner">${nav}</div></nav>
<main>
${facts(report, catalog)}
${failed.length ? sections[1] + sections[0] : sections[0]}${sections[2]}${sections[3]}
<footer>Derived from results.json and the clause catalog by pv-conform ${esc(report.kit.version)}. Replay commands run from the directory the run was started in. An input link is the exact input of its failure, saved beside this page. Hover a picture to read pixel values.</footer>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}

export function writeHtmlReport(dir: string, report: RunReport, catalog: Catalog): void {
  writeFileAtomic(join(dir, 'report.html'), renderHtmlReport(report, catalog));
}
