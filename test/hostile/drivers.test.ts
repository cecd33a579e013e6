/**
 * Hostile Runner drivers: each misbehaviour costs one errored command with the driver's stderr,
 * and the driver's whole process group (the algorithm process it started included) is gone
 * afterwards, whatever the driver did.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subprocessDriver, type SubprocessOptions } from '../../adapter/runner/subprocess-client.ts';
import type { RunnerConfig } from '../../adapter/runner/types.ts';
import { kitPath, waitUntilGone } from '../subprocess/helpers.ts';

const config: RunnerConfig = { generation: 'v2', transport: 'fs', shmDir: '/nonexistent', executeTimeoutMs: 500 };
const algorithm = { argv: ['unused'], env: {} };
const frames = [{ role: 'cur' as const, cameraId: 'cam', width: 2, height: 2, channels: 3 as const, pixelsFile: '/nonexistent' }];

async function withDriver(mode: string, body: (d: ReturnType<typeof subprocessDriver>, pids: () => number[]) => Promise<void>, opts: Partial<SubprocessOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pv-hostile-driver-'));
  const pidFile = join(dir, 'pids');
  process.env.HOSTILE_PID_FILE = pidFile;
  const driver = subprocessDriver([process.execPath, kitPath('test/fixtures/hostile-driver.mjs'), mode], { requestSlackMs: 500, ...opts });
  delete process.env.HOSTILE_PID_FILE;
  const pids = () => { try { return readFileSync(pidFile, 'utf8').split(/\s+/).filter(Boolean).map(Number); } catch { return []; } };
  try {
    await body(driver, pids);
    await driver.stop();
    assert.ok(await waitUntilGone(pids()), `driver and algorithm ${pids().join(', ')} are gone`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = async (d: ReturnType<typeof subprocessDriver>) => assert.equal((await d.start(algorithm, config)).status, 'ok');
const errored = (o: { status: string; message?: string }, re: RegExp) => {
  assert.equal(o.status, 'errored');
  assert.match(o.message ?? '', re);
};

for (const [mode, message] of [
  ['crash-on-step', /driver exited \(5\)/],
  ['hang-on-step', /no reply to step within 1000 ms; the driver was killed/],
  ['junk-on-step', /driver stdout is not frames: frame length \d+ exceeds 67108864 \(starts with "Segm/],
  ['giant-header-on-step', /frame length 2147483648 exceeds 67108864/],
  ['wrong-seq-on-step', /step reply has seq 9, expected 2/],
  ['invalid-reply-on-step', /step reply does not match runner-driver\/step.schema.json/],
] as const) {
  test(`${mode}: the step is errored, the driver and its algorithm are killed, nothing is restarted`, async () => {
    await withDriver(mode, async (d, pids) => {
      await started(d);
      const t0 = Date.now();
      const step = await d.step(frames);
      errored(step, message);
      assert.ok(Date.now() - t0 < 15_000, 'bounded by the short step timeout, not the default');
      assert.ok(await waitUntilGone(pids()), 'killed at the fault, not only at stop');
      errored(await d.step(frames), /driver is gone/);
    // A short step deadline only where the driver never answers; elsewhere its fault must decide
    // the outcome, not how fast a busy machine lets it get there.
    }, mode === 'hang-on-step' ? {} : { requestSlackMs: 60_000 });
  });
}

test('allocate-on-step: the driver dies at its memory limit, reported as such', async () => {
  await withDriver('allocate-on-step', async (d) => {
    await started(d);
    errored(await d.step(frames), /^target exceeded its memory limit \(256 MB; --memory-limit-mb\): driver exited \((1|SIGABRT)\)/);
    // The step waits on the driver's death, not on a short timer a loaded machine can beat.
  }, { memoryLimitMb: 256, requestSlackMs: 120_000 });
});

test('crash-on-start and silent-start: start is errored with the stderr, in the start-up time', async () => {
  await withDriver('crash-on-start', async (d) => {
    const r = await d.start(algorithm, config);
    errored(r, /driver exited \(3\)/);
    assert.match(r.status === 'errored' ? r.stderrTail ?? '' : '', /Runner config missing/);
  });
  await withDriver('silent-start', async (d) => {
    errored(await d.start(algorithm, config), /no reply to start within 500 ms/);
  }, { startTimeoutMs: 500 });
});

test('ignore-stop: stop gives up after its time and kills the group', async () => {
  await withDriver('ignore-stop', async (d) => {
    await started(d);
    const t0 = Date.now();
    errored(await d.stop(), /no reply to stop within 500 ms/);
    assert.ok(Date.now() - t0 < 15_000, 'bounded by the stop timeout and the kill, not waiting on the driver');
  }, { stopTimeoutMs: 500 });
});
