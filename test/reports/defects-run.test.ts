/**
 * End to end: a mutant with one defect that eight scenarios meet (non-JPEG encodings decoded with
 * their channels reversed: seven example rows and a property of RD-ENC-01) is one defect in
 * results.json, one line on the console and one card in report.html.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../reports/runReport.ts';
import { cli, tempDir } from './support/reports.ts';

test('one defect met by eight scenarios is counted once', { timeout: 180_000 }, (t) => {
  const dir = tempDir('pv-defects-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = cli(['run', '--target', 'mutant:non-jpeg-channels-swapped', '--seed', '3', '--num-runs', '10', '--quiet', '--report-dir', dir]);
  assert.equal(run.code, 1, run.out);
  const report = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunReport;
  const failed = report.scenarios.filter((s) => s.verdict === 'failed');
  assert.ok(failed.length >= 8, `the defect fails at least eight scenarios, got ${failed.length}`);

  assert.equal(report.defects?.length, 1, JSON.stringify(report.defects, null, 1));
  const d = report.defects[0]!;
  assert.equal(d.id, 'D1');
  assert.equal(d.clause, 'RD-ENC-01');
  assert.equal(d.level, 'SHOULD');
  assert.deepEqual(d.scenarios, failed.map((s) => s.location), 'every failed scenario, in report order');
  assert.equal(d.summary, failed[0]!.failure!.summary);
  assert.match(d.signature, /^RD-ENC-01 \| .*pixels vs the encoded frame \(tolerance\).* \| image uint8 3-d \(last dim 3\)$/);

  const lines = run.out.trim().split('\n');
  assert.equal(lines.at(-2), `1 defect in ${failed.length} failed scenarios`, run.out);
  assert.match(lines.at(-1)!, new RegExp(`^NON-CONFORMANT: \\d+ passed, ${failed.length} failed, 0 skipped, 0 errored$`));

  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  const cards = html.match(/<article class="card failed"[\s\S]*?<\/article>/g) ?? [];
  assert.equal(cards.length, 1, 'one card for the defect');
  assert.match(cards[0]!, new RegExp(`also: ${failed.length - 1} more scenarios with this defect`));
  for (const s of failed.slice(1)) assert.ok(cards[0]!.includes(`<span class="mono">${s.location}</span>`), s.location);
});
