/**
 * Several matrix runs through one `pv-conform run --config` (implementations/mutants/matrix/runBatch.ts):
 * each run's outcome is the one it has alone, each report is whole (the later runs of one cucumber
 * process name their implementation too), and a run over its limit is reported, not lost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../../implementations/mutants/matrix/runBatch.ts';
import { runLabel, runOne, type RunSettings } from '../../implementations/mutants/matrix/runOne.ts';
import type { PlannedRun } from '../../implementations/mutants/matrix/plan.ts';

const plans: PlannedRun[] = [
  { side: 'reader', mutant: null, args: ['--target', 'reference', '--tags', '@RD-META-01 or @RD-CS-01'], scope: 'a', scopeClauses: [], cost: 1 },
  { side: 'reader', mutant: 'bgr-unswapped', args: ['--target', 'mutant:bgr-unswapped', '--tags', '@RD-CS-01'], scope: 'b', scopeClauses: ['RD-CS-01'], cost: 1 },
  { side: 'reader', mutant: 'clear-ignored', args: ['--target', 'mutant:clear-ignored', '--tags', '@RD-CLEAN-01 or @RD-META-01'], scope: 'c', scopeClauses: [], cost: 1 },
];

const settings = (keepReports: string): RunSettings => ({ seed: 5, numRuns: { reader: 4, writer: 2 }, timeoutMs: 300_000, profile: 'default', keepReports });

test('runs batched into one invocation give each the outcome it has alone, and whole reports', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-run-batch-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const batched = await runBatch(plans, settings(join(dir, 'batched')));
  const alone: Awaited<ReturnType<typeof runOne>>[] = [];
  for (const p of plans) alone.push(await runOne(p, settings(join(dir, 'alone'))));
  const outcome = (r: (typeof alone)[number]) => ({ brokenRun: r.brokenRun, exitCode: r.exitCode, scenarios: r.scenarios });
  assert.deepEqual(batched.map(outcome), alone.map(outcome));
  assert.deepEqual(batched.map((r) => r.exitCode), [0, 1, 1]);
  assert.ok(batched.every((r) => r.scenarios.length > 0 && r.durationMs > 0));
  for (const p of plans) {
    const report = (d: string) => JSON.parse(readFileSync(join(dir, d, runLabel(p), 'results.json'), 'utf8')) as { implementation?: { name: string } };
    // What the target said of itself is attached once per run: a later run of the same cucumber process names it too.
    assert.ok(report('batched').implementation?.name, `${runLabel(p)}: the batched report names its implementation`);
    assert.deepEqual(report('batched').implementation, report('alone').implementation);
  }
});

test('a batch over its limit: the run that was going is timed out, the ones after it not run', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-run-batch-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // No run can finish within a millisecond of its start: the limit is passed by the first one, whatever the machine's load.
  const r = await runBatch(plans, { ...settings(dir), timeoutMs: 1 });
  assert.deepEqual(r.map((x) => x.brokenRun), ['timed out after 1 ms', 'not run: run 1 of its batch timed out', 'not run: run 1 of its batch timed out']);
});
