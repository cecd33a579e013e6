/**
 * report.html is self-contained and shows what a reader needs: the clause matrix, and for every
 * failure a card with its pictures, the implementation's error and the replay command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtmlReport } from '../../reports/htmlReport.ts';
import { catalog, report, scenario, solid } from './support/reports.ts';

async function failingReport() {
  const images = [
    await solid('input', [224, 141, 21]), await solid('expected', [21, 141, 224]),
    await solid('actual', [224, 141, 21]), await solid('diff', [255, 0, 0]),
  ];
  const failed = scenario(16, 'RD-CS-01', 'failed');
  failed.failure = { ...failed.failure!, images, implementationError: 'ValueError: <script>alert(1)</script>', meta: { width: 1, height: 1, color_space: 'BGR' } };
  return report([
    failed,
    scenario(20, 'RD-CS-02', 'passed'),
    scenario(30, 'RD-XPROC-01', 'skipped', { skipReason: 'no capability "read-other-process"' }),
    scenario(40, 'RD-CS-03', 'errored', { error: 'AdapterError: the target died' }),
  ]);
}

test('the matrix has a row per clause of the side, with level, clarity, reading and verdict', async () => {
  const html = renderHtmlReport(await failingReport(), catalog);
  const readerClauses = catalog.clauses.filter((c) => c.side === 'reader');
  for (const c of readerClauses) assert.match(html, new RegExp(`<tr class="[^"]*" data-clause="${c.id}">`), c.id);
  assert.match(html, /data-clause="RD-CS-01">[\s\S]*?lvl-MUST[\s\S]*?v-failed">failed</);
  assert.match(html, /data-clause="RD-CS-02">[\s\S]*?reading <b>either<\/b>[\s\S]*?v-passed">passed</);
  assert.match(html, /data-clause="RD-META-02">[\s\S]*?v-uncovered">uncovered</);
});

test('a failure card shows four pictures, the meta, the raised error (escaped) and the replay command', async () => {
  const html = renderHtmlReport(await failingReport(), catalog);
  const card = /<article class="card failed"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
  assert.equal(card.match(/<img [^>]*src="data:image\/png;base64,/g)?.length, 4);
  for (const label of ['input', 'expected', 'actual', 'diff']) assert.match(card, new RegExp(`data-label="${label}"`));
  assert.match(card, /image-rendering|class="px"/);
  assert.match(card, /ValueError: &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(card, /pv-conform run --target mutant:example features\/reader\/color-space\.feature:16/);
  assert.match(card, /class="swatch" style="background:rgb\(21,141,224\)"/);
  assert.match(html, /<article class="card errored"[\s\S]*AdapterError: the target died/);
  assert.match(html, /no capability &quot;read-other-process&quot;/);
});

test('the page needs nothing from outside: no external URL, inline CSS and script', async () => {
  const html = renderHtmlReport(await failingReport(), catalog);
  assert.doesNotMatch(html, /(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
  assert.doesNotMatch(html, /url\(\s*["']?(?:https?:)?\/\//i);
  assert.doesNotMatch(html, /<link\b|@import|<script\s+src/i);
  assert.match(html, /<style>[\s\S]*image-rendering: pixelated/);
});

test('the matrix shows, beside the selected reading, the readings the implementation satisfied', () => {
  const r = report([scenario(20, 'RD-CS-02', 'passed'), scenario(21, 'RD-CS-03', 'passed')]);
  for (const c of r.clauses) {
    if (c.id === 'RD-CS-02') Object.assign(c, { readingsSatisfied: ['case-insensitive', 'either'], readingsObserved: 6 });
    if (c.id === 'RD-CS-03') Object.assign(c, { readingsSatisfied: [], readingsObserved: 2 });
  }
  const html = renderHtmlReport(r, catalog);
  const row = (id: string) => new RegExp(`<tr class="[^"]*" data-clause="${id}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
  assert.match(row('RD-CS-02'), /reading <b>[^<]+<\/b>[\s\S]*?<span class="reading satisfied" title="6 observations">implementation satisfies <b>case-insensitive<\/b> · <b>either<\/b><\/span>/);
  assert.match(row('RD-CS-03'), /<span class="reading satisfied none" title="2 observations">implementation satisfies no reading<\/span>/);
  assert.doesNotMatch(row('RD-CS-01'), /satisfies/);
});

test('an errored card shows the error without the kit\'s stack frames, which results.json keeps', () => {
  const error = 'AdapterError: the target died\n--- adapter stderr (tail) ---\nTraceback: boom\n    at serve (sdk.js:3:1)\nend of tail\n' +
    '    at PvWorld.reader (file:///kit/steps/support/world.ts:63:17)\n    at async Promise.all (index 0)';
  const r = report([scenario(40, 'RD-CS-03', 'errored', { error })]);
  const card = /<article class="card errored"[\s\S]*?<\/article>/.exec(renderHtmlReport(r, catalog))?.[0] ?? '';
  assert.match(card, /AdapterError: the target died\n--- adapter stderr \(tail\) ---\nTraceback: boom\n {4}at serve \(sdk\.js:3:1\)\nend of tail<\/pre>/);
  assert.doesNotMatch(card, /world\.ts|Promise\.all/);
  assert.equal(r.scenarios[0]!.error, error);
});

test('a failure card links its input file and shows the whole replay command, wrapped, with a copy button', () => {
  const failed = scenario(16, 'RD-CS-01', 'failed');
  failed.failure = { ...failed.failure!, inputFile: { path: 'inputs/color-space.feature-16-0123456789ab.npy', bytes: 131, sha256: 'a'.repeat(64) } };
  const html = renderHtmlReport(report([failed]), catalog);
  const card = /<article class="card failed"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
  assert.match(card, /<a href="inputs\/color-space\.feature-16-0123456789ab\.npy" download>/);
  assert.match(card, /131 bytes, the stored array, for numpy\.load/);
  assert.match(card, /<div class="replay"><code>pv-conform run --target mutant:example features\/reader\/color-space\.feature:16<\/code><button class="copy"/);
  assert.match(html, /\.replay code \{[^}]*white-space: pre-wrap[^}]*\}/);
  assert.doesNotMatch(/\.replay code \{[^}]*\}/.exec(html)?.[0] ?? '', /overflow-x|nowrap/);
});
