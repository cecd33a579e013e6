/**
 * One card per defect (reports/defects.ts): its representative failure, the shrunk
 * counterexample as a person would rather see it, and the other scenarios that meet it.
 * When the spec wants none back, the card says so where the expected picture would be.
 * Pictures share one fixed size and are enlarged without smoothing, so a 1x1 frame is a solid
 * block of colour: a channel swap shows as two different colours, a zero fallback as black.
 */
import type { Catalog } from '../../kit/catalog.ts';
import type { FailureDetail, FailureImage } from '../../steps/support/failure.ts';
import type { ReportedScenario, RunReport } from '../runReport.ts';
import { replayCommand, withoutTrailingFrames } from '../summary.ts';
import { anchor, esc } from './escape.ts';
import { describeSkipCause } from '../../kit/skipCause.ts';
import { skipWeight } from '../skips.ts';

const CAPTIONS: Record<FailureImage['label'], string> = {
  input: 'what was stored',
  expected: 'what the spec wants back',
  actual: 'what came back',
  diff: 'navy = equal, red = largest difference',
};

function picture(img: FailureImage): string {
  return `<figure data-label="${img.label}"><div class="px"><img alt="${img.label} ${img.width}x${img.height}" data-w="${img.width}" data-h="${img.height}" src="data:image/png;base64,${img.pngBase64}"></div>
<figcaption><b>${img.label}</b> ${img.width}×${img.height}<br>${esc(CAPTIONS[img.label])}<span class="probe"></span></figcaption></figure>`;
}

/** In place of the expected picture when the expected result is none: there is nothing to draw. */
const EXPECTED_NONE = `<figure data-label="expected" class="expected-none"><div class="px none">expected: none</div>
<figcaption><b>expected</b> none<br>the spec wants no image back</figcaption></figure>`;

function pictures(images: FailureImage[] | undefined, expectedNone = false): string {
  // Older results may carry an expected picture (and its diff) for a none expectation: not shown.
  const shown = (images ?? []).filter((i) => !expectedNone || (i.label !== 'expected' && i.label !== 'diff'));
  if (!shown.length && !expectedNone) return '';
  const order: FailureImage['label'][] = ['input', 'expected', 'actual', 'diff'];
  const sorted = [...shown].sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label));
  const input = sorted.filter((i) => i.label === 'input').map(picture).join('');
  const rest = sorted.filter((i) => i.label !== 'input').map(picture).join('');
  return `<div class="pictures">${input}${expectedNone ? EXPECTED_NONE : ''}${rest}</div>`;
}

/** The check wanted none back: from the failure's signature, or, in older results, its expected text. */
export function expectsNone(f: FailureDetail): boolean {
  return f.signature?.expected === 'none' || f.expected === 'none';
}

/** The other scenarios that meet the same defect: where, what, and how to replay each. */
function alsoList(report: RunReport, others: ReportedScenario[]): string {
  if (!others.length) return '';
  const items = others.map((o) => `<li id="${anchor('case', o.location)}"><span class="mono">${esc(o.location)}</span> ${esc(o.name)}
<div class="also-replay"><code>${esc(replayCommand(report, o))}</code><button class="copy" type="button">copy</button></div></li>`).join('');
  return `<div class="also"><p>also: ${others.length} more scenario${others.length === 1 ? '' : 's'} with this defect</p><ul>${items}</ul></div>`;
}

/** Checks name the first differing pixel as "expected r,g,b got r,g,b": shown as colour chips. */
function swatches(summary: string): string {
  const m = /expected (\d+),(\d+),(\d+) got (\d+),(\d+),(\d+)/.exec(summary);
  if (!m) return '';
  const chip = (rgb: string[]) => `<span class="swatch" style="background:rgb(${rgb.join(',')})"></span><span class="mono">${rgb.join(',')}</span>`;
  return `<div class="swatches">first differing pixel: <span>expected ${chip(m.slice(1, 4))}</span><span>got ${chip(m.slice(4, 7))}</span></div>`;
}

function detail(label: string, value: string | undefined, pre = false): string {
  if (value === undefined || value === '') return '';
  return `<dt>${esc(label)}</dt><dd>${pre ? `<pre>${esc(value)}</pre>` : esc(value)}</dd>`;
}

/** The exact input as a file beside report.html (reports/failureInputs.ts): a vendor feeds it to their own SDK. */
function inputLink(f: FailureDetail): string {
  if (!f.inputFile) return '';
  const { path, bytes } = f.inputFile;
  const how = path.endsWith('.npy') ? 'the stored array, for numpy.load' : 'the stored bytes';
  return `<p class="input-file">exact input: <a href="${esc(path)}" download>${esc(path)}</a> (${bytes} bytes, ${how})</p>`;
}

function replay(command: string): string {
  return `<div class="replay"><code>${esc(command)}</code><button class="copy" type="button">copy</button></div>`;
}

export function failureCard(report: RunReport, s: ReportedScenario, catalog: Catalog, defect?: { id: string; others: ReportedScenario[] }): string {
  const f = s.failure!;
  const clause = catalog.byId.get(f.clause);
  return `<article class="card failed" id="${anchor('case', s.location)}"${defect ? ` data-defect="${esc(defect.id)}"` : ''}>
<h3><span class="badge v-failed">FAIL</span>${defect ? ` <span class="defect-id mono">${esc(defect.id)}</span>` : ''} <span class="mono">${esc(f.clause)}</span> <span class="lvl lvl-${esc(clause?.level ?? '')}">${esc(clause?.level ?? '?')}</span> ${esc(clause?.title ?? '')}</h3>
<div class="where">${esc(s.name)} — <span class="mono">${esc(s.location)}</span></div>
<p class="summary">${esc(f.summary)}</p>
${pictures(f.images, expectsNone(f))}${swatches(f.summary)}
<dl class="detail">
${detail('input', f.input)}${detail('meta', f.meta === undefined ? undefined : JSON.stringify(f.meta), true)}
${detail('expected', f.expected)}${detail('actual', f.actual)}
${detail('implementation raised', f.implementationError, true)}
${detail('shrunk counterexample', f.counterexample === undefined ? undefined : JSON.stringify(f.counterexample), true)}
${detail('seed · path', f.seed === undefined ? undefined : `${f.seed}${f.path ? ` · ${f.path}` : ''}`)}
${detail('scenario steps', s.input)}
</dl>
${inputLink(f)}${replay(replayCommand(report, s))}
${alsoList(report, defect?.others ?? [])}
</article>`;
}

export function erroredCard(report: RunReport, s: ReportedScenario): string {
  return `<article class="card errored" id="${anchor('case', s.location)}">
<h3><span class="badge v-errored">ERROR</span> <span class="mono">${esc(s.clauses.join(' '))}</span> ${esc(s.name)}</h3>
<div class="where mono">${esc(s.location)}</div>
<p class="summary">The kit or the adapter could not run this scenario: no verdict on the rule. The kit's own stack frames are left out here; results.json keeps them.</p>
<dl class="detail">${detail('error', withoutTrailingFrames(s.error ?? '').split('\n').slice(0, 30).join('\n'), true)}${detail('scenario steps', s.input)}</dl>
${replay(replayCommand(report, s))}
</article>`;
}

export function skippedTable(skipped: ReportedScenario[]): string {
  return `<table class="plain"><thead><tr><th>scenario</th><th>clauses</th><th>cause</th><th>why skipped</th></tr></thead><tbody>${skipped
    .map((s) => `<tr><td><span class="mono">${esc(s.location)}</span> ${esc(s.name)}</td><td class="mono">${esc(s.clauses.join(' '))}</td>` +
      `<td>${esc(s.skipCause ? describeSkipCause(s.skipCause) : 'no cause recorded')} <small>(${esc(skipWeight(s))})</small></td><td>${esc(s.skipReason ?? '')}</td></tr>`)
    .join('')}</tbody></table>`;
}
