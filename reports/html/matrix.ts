/**
 * The clause coverage matrix: one row per clause of the side that ran, grouped by family, with
 * its level, whether the sources are clear, the reading the profile selected, the scenarios that
 * check it and the rolled-up verdict.
 */
import type { Catalog } from '../../kit/catalog.ts';
import type { ClauseResult, ReportedScenario, RunReport } from '../runReport.ts';
import type { Verdict } from '../scenarioResults.ts';
import { anchor, esc } from './escape.ts';

const VERDICTS: Verdict[] = ['passed', 'failed', 'errored', 'skipped'];

function bar(c: ClauseResult): string {
  if (!c.scenarios) return '';
  return `<span class="bar" title="${VERDICTS.map((v) => `${c.counts[v]} ${v}`).join(', ')}">${VERDICTS
    .filter((v) => c.counts[v]).map((v) => `<i class="${v}" style="width:${(100 * c.counts[v]) / c.scenarios}%"></i>`).join('')}</span>`;
}

/** The readings this implementation's observations all satisfied: what it takes, beside what the profile selected. */
function satisfiedLine(c: ClauseResult, catalog: Catalog): string {
  if (c.readingsSatisfied === undefined) return '';
  const seen = c.readingsObserved !== undefined ? ` title="${c.readingsObserved} observation${c.readingsObserved === 1 ? '' : 's'}"` : '';
  const order = catalog.byId.get(c.id)?.readings?.map((r) => r.id) ?? [];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const ids = [...c.readingsSatisfied].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return ids.length
    ? `<span class="reading satisfied"${seen}>implementation satisfies ${ids.map((r) => `<b>${esc(r)}</b>`).join(' · ')}</span>`
    : `<span class="reading satisfied none"${seen}>implementation satisfies no reading</span>`;
}

function clarityCell(c: ClauseResult, catalog: Catalog): string {
  if (c.clarity === 'clear' && c.readingsSatisfied === undefined) return 'clear';
  const reading = catalog.byId.get(c.id)?.readings?.find((r) => r.id === c.reading);
  return `<span class="clarity-${esc(c.clarity)}">${esc(c.clarity)}</span>` +
    (c.reading ? `<span class="reading">reading <b>${esc(c.reading)}</b>${reading ? `: ${esc(reading.description)}` : ''}</span>` : '') +
    satisfiedLine(c, catalog);
}

/** A verdict as a class name: "not judged" has a space. */
const verdictClass = (v: string) => `v-${v.replace(/ /g, '-')}`;

/** The scenario's own verdict on this clause when it recorded one (a pass next to another clause's failure, or not judged). */
function scenarioItem(s: ReportedScenario, clause: string): string {
  const link = s.verdict === 'failed' || s.verdict === 'errored' ? `<a href="#${anchor('case', s.location)}">${esc(s.location)}</a>` : esc(s.location);
  const own = s.verdict === 'errored' ? undefined : s.clauseVerdicts?.[clause];
  const v = own?.verdict ?? s.verdict;
  const why = own?.reason ? ` <span class="muted">${esc(own.reason)}</span>` : '';
  return `<li><span class="badge ${verdictClass(v)}">${esc(v)}</span> <span class="mono">${link}</span> ${esc(s.name)}${why}</li>`;
}

function row(c: ClauseResult, scenarios: ReportedScenario[], catalog: Catalog): string {
  const mine = scenarios.filter((s) => s.clauses.includes(c.id) || !!s.clauseVerdicts?.[c.id]);
  const cls = [c.verdict === 'passed' ? 'ok' : 'bad', c.clarity === 'clear' ? 'clear' : 'unclear', `row-${c.verdict.replace(/ /g, '-')}`].join(' ');
  const rule = catalog.byId.get(c.id)?.rule ?? '';
  const list = mine.length
    ? `<details${c.verdict === 'failed' || c.verdict === 'errored' ? ' open' : ''}><summary>${c.scenarios} scenario${c.scenarios === 1 ? '' : 's'}${bar(c)}</summary><ul>${mine.map((s) => scenarioItem(s, c.id)).join('')}</ul></details>`
    : '<span class="muted">none ran</span>';
  return `<tr class="${cls}" data-clause="${esc(c.id)}">
<td class="mono"><b>${esc(c.id)}</b></td><td><span class="lvl lvl-${esc(c.level)}">${esc(c.level)}</span></td>
<td title="${esc(rule)}">${esc(c.title)}</td><td>${clarityCell(c, catalog)}</td><td>${list}</td>
<td><span class="badge ${verdictClass(c.verdict)}">${esc(c.verdict)}</span></td></tr>`;
}

export function clauseMatrix(report: RunReport, catalog: Catalog): string {
  const families = new Map<string, ClauseResult[]>();
  for (const c of report.clauses) families.set(c.family, [...(families.get(c.family) ?? []), c]);
  const body = [...families].map(([family, clauses]) =>
    `<tr class="family"><th colspan="6">${esc(family)}</th></tr>` + clauses.map((c) => row(c, report.scenarios, catalog)).join('')).join('');
  const bad = report.clauses.filter((c) => c.verdict !== 'passed').length;
  const unclear = report.clauses.filter((c) => c.clarity !== 'clear').length;
  return `<div class="filters" role="group" aria-label="filter clauses">
<button aria-pressed="true" data-filter="">all ${report.clauses.length}</button>
<button aria-pressed="false" data-filter="only-bad">not passed ${bad}</button>
<button aria-pressed="false" data-filter="only-ambiguous">ambiguous or conflicting ${unclear}</button></div>
<table class="matrix"><thead><tr><th>clause</th><th>level</th><th>rule</th><th>clarity · reading</th><th>scenarios</th><th>verdict</th></tr></thead>
<tbody>${body}</tbody></table>`;
}
