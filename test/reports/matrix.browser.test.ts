/**
 * Opens the matrix.html of three implementations (the reference, a mutant that reads RD-CS-02's
 * colour-space case another way, and the Python fixture SDK through the shim when python3 is
 * there) in headless Chromium, as a spec author would, and checks that rows and columns render,
 * the disagreement section comes first, and nothing is fetched from outside. The screenshot goes
 * to pv-reports/screenshots/matrix.png for CI to keep as an artifact.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); skipped, loudly, without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureReadingsSatisfied, PYTHON_SHIM, runInto } from './support/matrixRuns.ts';
import { chromiumMissing, openPage } from './support/browser.ts';
import { catalog, cli, tempDir } from './support/reports.ts';

const missing = chromiumMissing('matrix.html');
const python = existsSync('/usr/bin/python3');
if (!missing && !python) console.error('the browser test of matrix.html runs WITHOUT its Python column: /usr/bin/python3 is missing');

test('matrix.html of three implementations renders rows, columns and the disagreements first in Chromium', { skip: missing, timeout: 400_000 }, async (t) => {
  const root = tempDir('pv-matrix-browser-');
  const targets: Array<[string, string, Record<string, string[]>]> = [
    ['reference', 'reference', { 'RD-CS-02': ['case-insensitive'] }],
    ['case', 'mutant:bgr-case-insensitive', { 'RD-CS-02': ['case-sensitive'] }],
    ...(python ? [['python', PYTHON_SHIM, { 'RD-CS-02': ['case-insensitive'] }] as [string, string, Record<string, string[]>]] : []),
  ];
  const dirs = targets.map(([name, target, known]) => {
    const dir = join(root, name);
    runInto(dir, target);
    if (ensureReadingsSatisfied(dir, known)) t.diagnostic(`${name}: results.json had no readingsSatisfied; the test wrote them in`);
    return dir;
  });
  const page_ = join(root, 'matrix.html');
  const m = cli(['matrix', ...dirs, '-o', page_]);
  assert.equal(m.code, 0, m.out);

  const { page, outside, errors, screenshots, close } = await openPage(page_, { width: 1400, height: 1000 });
  try {
    // The disagreement section is the first section, above the clauses by family, and holds RD-CS-02.
    const sections = await page.locator('main section').evaluateAll((els) => els.map((e) => e.id));
    assert.deepEqual(sections, ['disagreements', 'by-family']);
    const first = page.locator('#disagreements table.impl-matrix tr[data-clause="RD-CS-02"]');
    await first.waitFor({ state: 'visible' });
    const [top1, top2] = [await page.locator('#disagreements').boundingBox(), await page.locator('#by-family').boundingBox()];
    assert.ok(top1 && top2 && top1.y < top2.y, 'disagreements shown above the other clauses');
    assert.match(await page.locator('#disagreements h2').innerText(), /spec should settle next/);

    // One row per reader clause in all, one column per implementation in each table.
    const readerClauses = catalog.clauses.filter((c) => c.side === 'reader').map((c) => c.id).sort();
    const rows = await page.locator('table.impl-matrix tbody tr[data-clause]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.clause!));
    assert.deepEqual([...rows].sort(), readerClauses);
    for (const table of await page.locator('table.impl-matrix').all()) {
      assert.equal(await table.locator('thead th.impl').count(), targets.length);
    }
    const heads = await page.locator('#by-family thead th.impl .name').allInnerTexts();
    assert.match(heads[0]!, /pv-reference-sdk/);
    assert.match(heads[1]!, /bgr-case-insensitive/);
    if (python) assert.match(heads[2]!, /procvision|python/i);

    // Cells: coloured by verdict, the readings satisfied shown, counts in the tooltip.
    const cells = first.locator('td.cell');
    assert.equal(await cells.count(), targets.length);
    assert.match(await cells.nth(0).innerText(), /case-sensitive/);
    assert.match(await cells.nth(1).innerText(), /case-insensitive/);
    assert.match((await cells.nth(0).getAttribute('title'))!, /\d+ scenarios?: \d+ passed/);
    const bg = await cells.nth(0).evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'a cell is coloured by its verdict');
    // The catalog's readings, with their descriptions, under the clause.
    assert.ok(await first.locator('details li').first().isVisible(), 'the readings of a disputed clause are shown open');

    assert.deepEqual(outside, [], 'the page fetched nothing from outside');
    assert.deepEqual(errors, [], 'no script errors');

    const shots = await screenshots('matrix');
    t.diagnostic(`screenshots: ${shots.join(' ')}`);
    console.log(`screenshot: ${shots[0]}`);
  } finally {
    await close();
    rmSync(root, { recursive: true, force: true });
  }
});
