/** The matrix's cache of runs: what changes a key, what is never kept. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitFingerprint, RunCache } from '../../implementations/mutants/matrix/runCache.ts';
import type { PlannedRun } from '../../implementations/mutants/matrix/plan.ts';
import type { RunSettings } from '../../implementations/mutants/matrix/runOne.ts';
import type { RunRecord } from '../../implementations/mutants/matrix/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'pv-run-cache-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const plan: PlannedRun = { side: 'reader', mutant: 'bgr-unswapped', args: ['--target', 'mutant:bgr-unswapped', '--tags', '@RD-CS-01'], scope: 'families cs', scopeClauses: ['RD-CS-01'], cost: 4 };
const settings: RunSettings = { seed: 1, numRuns: { reader: 10, writer: 3 }, timeoutMs: 600_000, profile: 'default' };
const record: RunRecord = {
  side: 'reader', mutant: 'bgr-unswapped', scope: 'families cs', scopeClauses: ['RD-CS-01'], exitCode: 1, durationMs: 1234,
  scenarios: [{ location: 'features/reader/x.feature:3', name: 'x', verdict: 'failed', clauses: ['RD-CS-01'], blamed: 'RD-CS-01' }],
};

test('a kept run comes back, marked cached, for the same kit and the same run only', () => {
  const cache = new RunCache('fingerprint-a', dir);
  assert.equal(cache.get(plan, settings), undefined);
  cache.put(plan, settings, record);
  assert.deepEqual(cache.get(plan, settings), { ...record, cached: true });
  // Where the reports go and how long a run may take change nothing about its outcome.
  assert.ok(cache.get(plan, { ...settings, timeoutMs: 1, keepReports: '/elsewhere' }));
  assert.equal(new RunCache('fingerprint-b', dir).get(plan, settings), undefined, 'another kit');
  assert.equal(cache.get(plan, { ...settings, seed: 2 }), undefined, 'another seed');
  assert.equal(cache.get(plan, { ...settings, profile: 'strict' }), undefined, 'another profile');
  assert.equal(cache.get({ ...plan, args: [...plan.args, '--reading', 'RD-CS-01=x'] }, settings), undefined, 'other arguments');
});

test('a broken run is never kept', () => {
  const cache = new RunCache('fingerprint-c', dir);
  const before = readdirSync(dir).length;
  cache.put(plan, settings, { ...record, scenarios: [], brokenRun: 'timed out' });
  assert.equal(readdirSync(dir).length, before);
  assert.equal(cache.get(plan, settings), undefined);
});

test('the kit fingerprint is stable while nothing changes', async () => {
  const a = await kitFingerprint();
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.equal(await kitFingerprint(), a);
});
