/**
 * Opens the report.html of a run against a broken target in headless Chromium, as a vendor
 * would, and checks that the clause matrix and a failure card render: pictures decoded, the
 * replay command visible, nothing fetched from outside. Screenshots go to
 * pv-reports/screenshots/ for CI to keep as artifacts.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); skipped, loudly, without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumMissing, openPage } from './support/browser.ts';
import { cli, tempDir } from './support/reports.ts';

const missing = chromiumMissing('report.html');

test('report.html of a failing run renders its matrix and failure cards in Chromium', { skip: missing, timeout: 180_000 }, async (t) => {
  const reportDir = tempDir('pv-browser-');
  const run = cli(['run', '--target', 'mutant:bgr-unswapped', '--num-runs', '3', '--seed', '11', '--quiet', '--report-dir', reportDir]);
  assert.equal(run.code, 1, run.out);

  const { page, outside, errors, screenshots, close } = await openPage(join(reportDir, 'report.html'), { width: 1280, height: 1000 });
  try {
    const row = page.locator('table.matrix tr[data-clause="RD-CS-01"]');
    await row.waitFor({ state: 'visible' });
    assert.match(await row.innerText(), /failed/);
    assert.ok(await page.locator('table.matrix tbody tr[data-clause]').count() >= 30, 'one row per reader clause');

    const card = page.locator('article.card.failed').first();
    assert.ok(await card.isVisible());
    for (const label of ['input', 'expected', 'actual']) {
      const img = card.locator(`figure[data-label="${label}"] img`);
      assert.ok(await img.isVisible(), `${label} picture visible`);
      const shown = await img.evaluate((el: HTMLImageElement) => ({ decoded: el.complete && el.naturalWidth > 0, width: el.getBoundingClientRect().width }));
      assert.ok(shown.decoded, `${label} picture decoded`);
      assert.ok(shown.width >= 120, `${label} picture shown at a fixed, readable size (${shown.width}px)`);
    }
    const replay = card.locator('.replay code');
    assert.ok(await replay.isVisible());
    assert.match(await replay.innerText(), /^pv-conform run --target mutant:bgr-unswapped features\/reader\/color-space\.feature:\d+/);

    // The pixel read-out decodes the embedded PNG in the page: hovering names a pixel value.
    await card.locator('figure[data-label="actual"] img').hover();
    assert.match(await card.locator('figure[data-label="actual"] .probe').innerText(), /\(\d+, \d+\)\s+\d+,\d+,\d+/);

    // A channel swap must show as two colours: the expected picture is what the check compared
    // against (the reversed array), the actual one what came back.
    const centre = (label: string) => card.locator(`figure[data-label="${label}"] img`).evaluate((el: HTMLImageElement) => {
      const c = document.createElement('canvas');
      c.width = el.naturalWidth; c.height = el.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(el, 0, 0);
      return [...ctx.getImageData(Math.floor(c.width / 2), Math.floor(c.height / 2), 1, 1).data.slice(0, 3)];
    });
    const [expectedPx, actualPx] = [await centre('expected'), await centre('actual')];
    assert.notDeepEqual(expectedPx, actualPx, 'the expected and actual pictures of a BGR failure differ');

    assert.deepEqual(outside, [], 'the report fetched nothing from outside');
    assert.deepEqual(errors, [], 'no script errors');

    await page.mouse.move(0, 0);
    const shots = await screenshots('html-report');
    t.diagnostic(`screenshots: ${shots.join(' ')}`);
    console.log(`screenshot: ${shots[0]}`);
  } finally {
    await close();
    rmSync(reportDir, { recursive: true, force: true });
  }
});
