/**
 * One defect is counted once: failures group by blamed clause and signature (reports/defects.ts),
 * results.json carries the groups, the console prints one block per defect and report.html one
 * card. Synthetic scenarios; the reader checks' own signatures are checked on real ReadValues.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NdArray, ReadValue } from '../../adapter/types.ts';
import { assertValid } from '../../kit/schemas.ts';
import { defectsOf, normaliseSummary, signatureOf } from '../../reports/defects.ts';
import { renderHtmlReport } from '../../reports/htmlReport.ts';
import type { ScenarioResult } from '../../reports/scenarioResults.ts';
import { printSummary } from '../../reports/summary.ts';
import { anyOf, closeTo, equals, isImageOf, isNone, isZerosOf, judgeRead } from '../../steps/reader/checks.ts';
import type { FailureDetail, FailureSignature } from '../../steps/support/failure.ts';
import { catalog, report, scenario, solid } from './support/reports.ts';

const swap: FailureSignature = { comparison: 'pixels vs the stored array, channels reversed', result: 'image uint8 3-d (last dim 3)' };

function failed(line: number, clause: string, over: Partial<FailureDetail> = {}, uri = 'features/reader/color-space.feature'): ScenarioResult {
  const s = scenario(line, clause, 'failed');
  return { ...s, uri, location: `${uri}:${line}`, failure: { ...s.failure!, clause, ...over } };
}

const image = (h: number, w: number, c = 3, fill = 7): NdArray => ({ dtype: 'uint8', shape: c ? [h, w, c] : [h, w], data: new Uint8Array(h * w * (c || 1)).fill(fill) });
const img = (a: NdArray): ReadValue => ({ kind: 'image', image: a });

test('failures with one clause and one signature are one defect, whatever the sizes and cases', () => {
  const scenarios = [
    failed(10, 'RD-CS-01', { summary: 'pixels differ: max |diff| 200 at (0, 0)', signature: swap }),
    scenario(12, 'RD-CS-01', 'passed'),
    failed(14, 'RD-CS-01', { summary: 'pixels differ: max |diff| 37 at (3, 1)', signature: swap }),
    scenario(16, 'RD-CS-03', 'errored', { error: 'AdapterError: the target died' }),
    failed(18, 'RD-CS-01', { summary: 'pixels differ: max |diff| 3 at (9, 9)', signature: swap }),
  ];
  const defects = defectsOf(scenarios, catalog);
  assert.equal(defects.length, 1);
  assert.deepEqual(defects[0], {
    id: 'D1', clause: 'RD-CS-01', level: 'MUST', signature: `RD-CS-01 | ${swap.comparison} | ${swap.result}`,
    summary: 'pixels differ: max |diff| 200 at (0, 0)',
    scenarios: ['features/reader/color-space.feature:10', 'features/reader/color-space.feature:14', 'features/reader/color-space.feature:18'],
  });
});

test('another comparison, another kind of result, another exception type or another clause is another defect', () => {
  const scenarios = [
    failed(10, 'RD-CS-01', { signature: swap }),
    failed(11, 'RD-CS-01', { signature: { ...swap, comparison: 'shape/dtype' } }),
    failed(12, 'RD-CS-01', { signature: { ...swap, result: 'image uint8 3-d (last dim 4)' } }),
    failed(13, 'RD-CS-01', { signature: { comparison: 'kind (want image)', result: 'exception ValueError' } }),
    failed(14, 'RD-CS-01', { signature: { comparison: 'kind (want image)', result: 'exception TypeError' } }),
    failed(15, 'RD-CS-01', { signature: { comparison: 'kind (want image)', result: 'exception TypeError' } }),
    failed(16, 'RD-CS-02', { signature: swap }),
  ];
  const defects = defectsOf(scenarios, catalog);
  assert.equal(defects.length, 6);
  assert.deepEqual(defects.map((d) => d.id), ['D1', 'D2', 'D3', 'D4', 'D5', 'D6']);
  assert.deepEqual(defects.find((d) => d.signature.endsWith('exception TypeError'))?.scenarios.map((l) => l.split(':')[1]), ['14', '15']);
});

test('defects come in the catalog\'s clause order, first met first within a clause', () => {
  const scenarios = [
    failed(10, 'RD-CS-01', { signature: swap }, 'features/reader/a.feature'),
    failed(20, 'RD-META-01', { signature: { comparison: 'kind (want none)', result: 'image uint8 3-d (last dim 3)', expected: 'none' } }, 'features/reader/b.feature'),
    failed(30, 'RD-CS-01', { signature: { ...swap, comparison: 'shape/dtype' } }, 'features/reader/c.feature'),
  ];
  const defects = defectsOf(scenarios, catalog);
  assert.deepEqual(defects.map((d) => `${d.id} ${d.clause} ${d.scenarios[0]}`), [
    'D1 RD-META-01 features/reader/b.feature:20', 'D2 RD-CS-01 features/reader/a.feature:10', 'D3 RD-CS-01 features/reader/c.feature:30',
  ]);
  // Without a catalog: the order they are met in, and no level.
  assert.deepEqual(defectsOf(scenarios).map((d) => d.clause), ['RD-CS-01', 'RD-META-01', 'RD-CS-01']);
  assert.equal(defectsOf(scenarios)[0]!.level, undefined);
});

test('failures without a signature (writer side, older results) group by clause and their summary, numbers and quoted ids left out', () => {
  assert.equal(normaliseSummary('the segment "pvc-1-a" of 12x8 holds 288 bytes, not 384'), 'the segment "…" of NxN holds N bytes, not N');
  assert.equal(normaliseSummary("id 'cam:1' took 1.5e3 ms; meta's size -4"), "id '…' took N ms; meta's size N");
  const uri = 'features/writer/frames.feature';
  const scenarios = [
    failed(10, 'WR-WRITE-01', { summary: 'step 3 wrote "cam-01" with 288 bytes, not 384' }, uri),
    failed(20, 'WR-WRITE-01', { summary: 'step 7 wrote "cam-02" with 12 bytes, not 16' }, uri),
    failed(30, 'WR-WRITE-01', { summary: 'step 2 wrote nothing under "cam-03"' }, uri),
    failed(40, 'WR-PROTO-01', { summary: 'step 3 wrote "cam-01" with 288 bytes, not 384' }, uri),
  ];
  const defects = defectsOf(scenarios, catalog);
  assert.deepEqual(defects.map((d) => [d.clause, d.scenarios.length, d.signature]), [
    ['WR-PROTO-01', 1, 'WR-PROTO-01 | step N wrote "…" with N bytes, not N'],
    ['WR-WRITE-01', 2, 'WR-WRITE-01 | step N wrote "…" with N bytes, not N'],
    ['WR-WRITE-01', 1, 'WR-WRITE-01 | step N wrote nothing under "…"'],
  ]);
  assert.equal(defects[1]!.summary, 'step 3 wrote "cam-01" with 288 bytes, not 384', 'the representative\'s own summary');
});

test('reader checks sign their failures: comparison and result class, never the exact size', () => {
  const stored = image(2, 3, 3, 9);
  const a = judgeRead(equals(stored, 'the stored array'), img(image(2, 3, 3, 200)));
  const b = judgeRead(equals(image(5, 4, 3, 9), 'the stored array'), img(image(5, 4, 3, 1)));
  assert.deepEqual(a?.signature, { comparison: 'pixels vs the stored array', result: 'image uint8 3-d (last dim 3)' });
  assert.deepEqual(b?.signature, a?.signature);
  assert.match(a!.complaint, /^pixels differ from the stored array: max \|diff\| 191/, 'the complaint text is unchanged');
  assert.deepEqual(judgeRead(isImageOf(3, 2), img(image(2, 3, 4)))?.signature, { comparison: 'shape/dtype', result: 'image uint8 3-d (last dim 4)' });
  assert.deepEqual(judgeRead(isImageOf(3, 2), img(image(2, 3, 0)))?.signature, { comparison: 'shape/dtype', result: 'image uint8 2-d' });
  assert.deepEqual(judgeRead(isZerosOf(3, 2), img(image(2, 3)))?.signature.comparison, 'not-all-zeros');
  assert.deepEqual(judgeRead(isNone, img(image(2, 3)))?.signature, { comparison: 'kind (want none)', result: 'image uint8 3-d (last dim 3)', expected: 'none' });
  assert.deepEqual(judgeRead(isImageOf(3, 2), { kind: 'exception', type: 'ValueError', message: 'bad' })?.signature, { comparison: 'kind (want image)', result: 'exception ValueError' });
  assert.equal(judgeRead(isImageOf(3, 2), { kind: 'none' })?.signature.result, 'none');
  assert.equal(judgeRead(isNone, { kind: 'none' }), null);
  // Alternatives list every comparison that failed, nested ones flattened, each once.
  const flat = anyOf(['zeros', isZerosOf(3, 2)], ['decoded', closeTo(stored)]);
  const nested = anyOf(['zeros', isZerosOf(3, 2)], ['decoded', anyOf(['as decoded', closeTo(stored)], ['alternative 1', closeTo(image(2, 3, 3, 100))])]);
  const swapped = img(image(2, 3, 3, 60));
  assert.equal(judgeRead(flat, swapped)?.signature.comparison, 'any of [not-all-zeros, pixels vs the encoded frame (tolerance)]');
  assert.deepEqual(judgeRead(nested, swapped)?.signature, judgeRead(flat, swapped)?.signature);
  assert.equal(anyOf(['none', isNone], ['zeros', isZerosOf(3, 2)]).expectsNone, undefined, 'none is not all such a check wants');
});

function twoDefects() {
  const swapped = [10, 14, 18].map((l) => failed(l, 'RD-CS-01', { summary: `pixels differ at line ${l}`, signature: swap }));
  const none = failed(30, 'RD-META-01', {
    summary: 'uint8[3, 4, 3] instead of none', expected: 'none', actual: 'uint8[3, 4, 3]',
    signature: { comparison: 'kind (want none)', result: 'image uint8 3-d (last dim 3)', expected: 'none' },
  }, 'features/reader/meta-validation.feature');
  return report([...swapped, scenario(20, 'RD-CS-02', 'passed'), none, scenario(40, 'RD-CS-03', 'errored', { error: 'AdapterError: the target died' })]);
}

test('results.json carries the defects and validates; a file without them (older) still validates', () => {
  const r = twoDefects();
  assert.deepEqual(r.defects?.map((d) => [d.id, d.clause, d.scenarios.length]), [['D1', 'RD-META-01', 1], ['D2', 'RD-CS-01', 3]]);
  assertValid('results.schema.json', JSON.parse(JSON.stringify(r)), 'results.json');
  const older = JSON.parse(JSON.stringify(r)) as typeof r;
  delete older.defects;
  for (const s of older.scenarios) delete s.failure?.signature;
  assertValid('results.schema.json', older, 'results.json');
  assert.deepEqual(defectsOf(older.scenarios, catalog).map((d) => d.scenarios.length), [1, 3], 'without signatures, the normalised summaries group them');
  assert.equal(signatureOf(older.scenarios.find((s) => s.line === 10)!.failure!), 'RD-CS-01 | pixels differ at line N');
});

test('the console prints one FAIL block per defect with the others under it, the count, and the verdict last', () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => lines.push(...String(s).split('\n'));
  try {
    printSummary(twoDefects(), catalog, { quiet: false, reportDir: 'out' });
  } finally {
    console.log = log;
  }
  const fails = lines.filter((l) => l.startsWith('FAIL '));
  assert.equal(fails.length, 2, lines.join('\n'));
  assert.match(fails[1]!, /^FAIL RD-CS-01 MUST — .*color-space\.feature:10\)$/);
  assert.ok(lines.includes('  also: 2 more scenarios: features/reader/color-space.feature:14, features/reader/color-space.feature:18'), lines.join('\n'));
  assert.equal(lines.filter((l) => l.startsWith('ERROR ')).length, 1);
  assert.equal(lines.at(-2), '2 defects in 4 failed scenarios');
  assert.equal(lines.at(-1), 'NON-CONFORMANT: 1 passed, 4 failed, 0 skipped, 1 errored');

  const quiet = (r: ReturnType<typeof report>): string[] => {
    const out: string[] = [];
    console.log = (s: string) => out.push(...String(s).split('\n'));
    try {
      printSummary(r, catalog, { quiet: true, reportDir: 'out' });
    } finally {
      console.log = log;
    }
    return out;
  };
  // --quiet keeps the count, right above the verdict; a run without failures has no count line.
  assert.deepEqual(quiet(twoDefects()).slice(-2), ['2 defects in 4 failed scenarios', 'NON-CONFORMANT: 1 passed, 4 failed, 0 skipped, 1 errored']);
  const clean = quiet(report([scenario(20, 'RD-CS-02', 'passed')]));
  assert.match(clean.at(-1)!, /^[A-Z-]+: 1 passed, 0 failed, 0 skipped, 0 errored$/);
  assert.ok(!clean.some((l) => /defects? in/.test(l)), clean.join('\n'));
});

test('report.html has one card per defect, the other scenarios listed under it, and "expected: none" instead of a picture', async () => {
  const r = twoDefects();
  const none = r.scenarios.find((s) => s.line === 30)!;
  // An older run may carry an expected picture for a none expectation: it is not shown.
  none.failure!.images = [await solid('input', [1, 2, 3]), await solid('expected', [1, 2, 3]), await solid('actual', [1, 2, 3]), await solid('diff', [0, 0, 0])];
  const html = renderHtmlReport(r, catalog);
  const cards = html.match(/<article class="card failed"[\s\S]*?<\/article>/g) ?? [];
  assert.equal(cards.length, 2);
  const [noneCard, swapCard] = cards as [string, string];
  assert.match(noneCard, /data-defect="D1"/);
  assert.match(noneCard, /<div class="pictures"><figure data-label="input">[\s\S]*<figure data-label="expected" class="expected-none"><div class="px none">expected: none<\/div>[\s\S]*<figure data-label="actual">/);
  assert.doesNotMatch(noneCard, /<img alt="expected|data-label="diff"/);
  assert.doesNotMatch(noneCard, /class="also"/);
  assert.doesNotMatch(swapCard, /expected-none/);
  assert.match(swapCard, /also: 2 more scenarios with this defect/);
  for (const line of [14, 18]) {
    assert.match(swapCard, new RegExp(`<li id="case-features-reader-color-space-feature-${line}"><span class="mono">features/reader/color-space\\.feature:${line}</span> scenario on line ${line}`));
    assert.match(swapCard, new RegExp(`<code>pv-conform run --target mutant:example features/reader/color-space\\.feature:${line}</code>`));
  }
  assert.equal(swapCard.match(/class="replay"/g)?.length, 1, 'one main replay command per card');
  assert.match(html, /2 defects in 4 failed scenarios/);
});
