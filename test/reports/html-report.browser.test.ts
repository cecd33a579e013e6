/**
 * Opens the report.html of a run against a broken target in headless Chromium, as a vendor
 * would, and checks that the clause matrix and a failure card render: pictures decoded, the
 * replay command shown whole (wrapped, on a narrow window too), the link to the failure's exact
 * input leading to a file holding that input, nothing fetched from outside. Screenshots go to
 * pv-reports/screenshots/ for CI to keep as artifacts.
 *
 * Needs Debian's chromium at /usr/bin/chromium (CI installs it); skipped, loudly, without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumMissing, openPage } from './support/browser.ts';
import { cli, tempDir } from './support/reports.ts';

const missing = chromiumMissing('report.html');

/** numpy's .npy, read here by hand (not with the kit's writer): its shape and its data bytes. */
function readNpy(file: Buffer): { descr: string; shape: number[]; data: Buffer } {
  assert.equal(file.subarray(0, 6).toString('latin1'), '\x93NUMPY', 'an .npy file');
  const headerLength = file.readUInt16LE(8);
  const header = file.subarray(10, 10 + headerLength).toString('latin1');
  const descr = /'descr': '([^']+)'/.exec(header)?.[1] ?? '';
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((x) => x.trim()).filter(Boolean).map(Number);
  return { descr, shape, data: file.subarray(10 + headerLength) };
}

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
    const command = await replay.innerText();
    // With npx: run from a vendor's project, where a bare pv-conform is not on PATH.
    assert.match(command, /^npx pv-conform run --target mutant:bgr-unswapped features\/reader\/color-space\.feature:\d+$/);

    // The exact input, as a file beside report.html: the link resolves to a file in the report
    // directory holding the array the card pictures as its input (read from the picture's pixels).
    const link = card.locator('.input-file a');
    assert.ok(await link.isVisible(), 'the card links its input file');
    const href = await link.evaluate((a: HTMLAnchorElement) => a.href);
    assert.match(href, /^file:.*\/inputs\/[^/]+\.npy$/);
    const inputPath = fileURLToPath(href);
    assert.ok(inputPath.startsWith(join(reportDir, 'inputs')), `${inputPath} is in the report directory`);
    const npy = readNpy(readFileSync(inputPath));
    const pictured = await card.locator('figure[data-label="input"] img').evaluate((el: HTMLImageElement) => {
      const w = Number(el.dataset.w), h = Number(el.dataset.h);
      const c = document.createElement('canvas');
      c.width = el.naturalWidth; c.height = el.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(el, 0, 0);
      const px: number[] = [];
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const d = ctx.getImageData(Math.floor((x + 0.5) * c.width / w), Math.floor((y + 0.5) * c.height / h), 1, 1).data;
          px.push(d[0]!, d[1]!, d[2]!);
        }
      }
      return { w, h, px };
    });
    assert.equal(npy.descr, '|u1');
    assert.deepEqual(npy.shape, [pictured.h, pictured.w, 3]);
    assert.deepEqual([...npy.data], pictured.px, 'the linked file holds the input the card pictures');

    // On a narrow window the command wraps inside its box: all of it visible, nothing scrolled away.
    await page.setViewportSize({ width: 420, height: 1000 });
    const box = await replay.evaluate((el: HTMLElement) => {
      // The command on one line, in the box's font: wider than the box, so it has to wrap.
      const probe = document.createElement('span');
      probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
      probe.style.font = getComputedStyle(el).font;
      probe.textContent = el.textContent;
      document.body.append(probe);
      const oneLine = probe.getBoundingClientRect().width;
      probe.remove();
      return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, oneLine };
    });
    assert.ok(box.oneLine > box.clientWidth, `the window is narrow enough that the command must wrap (${box.oneLine}px on one line, ${box.clientWidth}px box)`);
    assert.ok(box.scrollWidth <= box.clientWidth, `the whole command is visible, not scrolled (scrollWidth ${box.scrollWidth} > clientWidth ${box.clientWidth})`);
    assert.equal(await replay.innerText(), command, 'wrapping leaves the command as it is');
    const copy = card.locator('.replay button.copy');
    await copy.click();
    await page.waitForFunction((b) => b!.textContent !== 'copy', await copy.elementHandle());
    assert.match(await copy.innerText(), /^(copied|selected)$/);
    await page.setViewportSize({ width: 1280, height: 1000 });

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
