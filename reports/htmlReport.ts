/**
 * report.html: one self-contained page (inline CSS and script, pictures as data: URIs, no
 * external URL) derived from results.json and the catalog alone, so it can be regenerated from a
 * saved run and mailed to a vendor.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../kit/catalog.ts';
import type { RunReport } from './runReport.ts';
import { erroredCard, failureCard, skippedTable } from './html/cards.ts';
import { esc } from './html/escape.ts';
import { banner, facts } from './html/header.ts';
import { clauseMatrix } from './html/matrix.ts';
import { SCRIPT } from './html/script.ts';
import { STYLE } from './html/style.ts';

/** Beyond this many cards the page gets slow to open; the rest are in results.json. */
const MAX_CARDS = 200;

function clauseOrder(catalog: Catalog): (id: string) => number {
  const index = new Map(catalog.clauses.map((c, i) => [c.id, i]));
  return (id) => index.get(id) ?? Number.MAX_SAFE_INTEGER;
}

function section(id: string, title: string, count: number, body: string): string {
  return `<section id="${id}"><h2>${esc(title)} <span class="count">${count}</span></h2>${body}</section>`;
}

export function renderHtmlReport(report: RunReport, catalog: Catalog): string {
  const order = clauseOrder(catalog);
  const failed = report.scenarios.filter((s) => s.verdict === 'failed' && s.failure)
    .sort((a, b) => order(a.failure!.clause) - order(b.failure!.clause) || a.location.localeCompare(b.location, undefined, { numeric: true }));
  const errored = report.scenarios.filter((s) => s.verdict === 'errored' || (s.verdict === 'failed' && !s.failure));
  const skipped = report.scenarios.filter((s) => s.verdict === 'skipped');
  const more = (n: number) => (n > MAX_CARDS ? `<p class="warning">${n - MAX_CARDS} more in results.json.</p>` : '');

  const sections = [
    section('matrix', 'Clause coverage', report.clauses.length, clauseMatrix(report, catalog)),
    failed.length ? section('failures', 'Failures', failed.length, failed.slice(0, MAX_CARDS).map((s) => failureCard(report, s, catalog)).join('') + more(failed.length)) : '',
    errored.length ? section('errors', 'Could not run', errored.length, errored.slice(0, MAX_CARDS).map((s) => erroredCard(report, s)).join('') + more(errored.length)) : '',
    skipped.length ? section('skipped', 'Skipped', skipped.length, skippedTable(skipped)) : '',
  ];
  // Failures come first in the navigation: they are what a reader of a red report came for.
  const nav = [
    failed.length ? `<a href="#failures">Failures (${failed.length})</a>` : '',
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
<footer>Derived from results.json and the clause catalog by pv-conform ${esc(report.kit.version)}. Replay commands run from the kit's checkout. Hover a picture to read pixel values.</footer>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}

export function writeHtmlReport(dir: string, report: RunReport, catalog: Catalog): void {
  writeFileSync(join(dir, 'report.html'), renderHtmlReport(report, catalog));
}
