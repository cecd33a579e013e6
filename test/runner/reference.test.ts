/**
 * The reference Runner passes every writer scenario, both generations, both transports, bound
 * in-process and over the driver protocol, and leaves nothing behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { kitRoot } from '../../kit/paths.ts';
import { removeScratch, runWriter, type WriterRun } from './cucumber-run.ts';
import { filesUnder, liveChildren, processesMentioning, referenceSegmentsInDevShm, untilNoneLeft } from './hygiene.ts';

function assertAllPassed(run: WriterRun): void {
  const bad = run.scenarios.filter((s) => s.status !== 'PASSED');
  assert.deepEqual(bad.map((s) => `${s.status} ${s.name}\n${s.message ?? ''}`), []);
}

async function assertNothingLeft(run: WriterRun, nonce?: string): Promise<void> {
  assert.deepEqual(await untilNoneLeft(() => referenceSegmentsInDevShm(nonce)), [], 'segments left in /dev/shm');
  assert.deepEqual(await untilNoneLeft(() => filesUnder(run.scratchDir)), [], 'files left in the scratch directory');
  assert.deepEqual(await untilNoneLeft(() => processesMentioning(run.scratchDir)), [], 'processes left running');
  assert.deepEqual(await untilNoneLeft(() => liveChildren()), [], 'child processes left');
}

test('the reference Runner passes every writer scenario (v1, v2 x fs, posix)', async () => {
  const run = await runWriter('reference');
  try {
    assert.ok(run.scenarios.length >= 90, `only ${run.scenarios.length} scenarios ran`);
    for (const combo of ['v1, fs', 'v1, posix', 'v2, fs', 'v2, posix']) {
      assert.ok(run.scenarios.some((s) => s.name.includes(`(${combo})`)), `no scenario ran for ${combo}`);
    }
    assertAllPassed(run);
    await assertNothingLeft(run);
  } finally {
    removeScratch(run);
  }
});

test('the reference Runner passes over the subprocess driver protocol', async () => {
  const nonce = randomBytes(4).toString('hex');
  process.env.PV_RUNNER_ID_NONCE = nonce;
  // From the kit's bundle, as a vendor's compiled driver would start: not a TypeScript loader per scenario.
  const driver = [process.execPath, join(kitRoot, 'kit/bundle/startEntry.mjs'), 'reference-runner-driver']
    .map((w) => JSON.stringify(w)).join(' ');
  const run = await runWriter(driver, { tags: '@WR-PROTO-01 or @WR-WRITE-01 or @WR-FRAME-01 or @WR-CLEAN-03 or @WR-ID-01' });
  try {
    assert.ok(run.scenarios.length >= 20, `only ${run.scenarios.length} scenarios ran`);
    assertAllPassed(run);
    await assertNothingLeft(run, nonce);
  } finally {
    delete process.env.PV_RUNNER_ID_NONCE;
    removeScratch(run);
  }
});
