/**
 * `pv-conform run` killed with SIGKILL, which it cannot catch, in the middle of a scenario: the
 * cucumber child, its workers and every target they started must still go, instead of running
 * on for the rest of a hang (or of the run) with nobody to report to. Processes of the run are
 * found by a marker in their environment (Sandbox.processesOfRun), which all of them inherit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { probeBundle } from '../../probe/bundle.ts';
import { hostileTarget, Sandbox, until, type RunProcess } from './sandbox.ts';

/** Generous: the run's own cleanup takes moments; a busy machine may stretch that many times. */
const GONE_WITHIN_MS = 20_000;
/** Start-up of a run with tsx, cucumber and its workers, on a loaded machine. */
const START_WITHIN_MS = 120_000;

const show = (ps: RunProcess[]) => ps.map((p) => `${p.pid} (parent ${p.ppid}): ${p.cmd.slice(0, 160)}`).join('\n');

// The hanging target's reads time out only after 10 minutes: whatever ends it is the kit.
const HANG = ['--target', hostileTarget('hang-on-read'), '--seed', '1', '--timeout', '600000'];

test('SIGKILL of pv-conform during a --parallel 2 run: the cucumber child, both workers and their targets go', async () => {
  const sandbox = new Sandbox();
  try {
    let atKill: RunProcess[] = [];
    const r = await sandbox.run([...HANG, '--parallel', '2'], {
      signal: 'SIGKILL',
      // Both workers are in a read that hangs: each target recorded itself and its grandchild.
      signalWhen: async () => {
        await sandbox.waitForPids(4, START_WITHIN_MS);
        atKill = sandbox.processesOfRun();
      },
    });
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(atKill.length >= 7, `the CLI, the cucumber child, 2 workers, 2 targets and 2 grandchildren were running:\n${show(atKill)}`);
    const left = await sandbox.waitForNoProcessOfRun(GONE_WITHIN_MS);
    assert.equal(left.length, 0, `still running ${GONE_WITHIN_MS} ms after pv-conform was killed:\n${show(left)}`);
    assert.deepEqual(sandbox.leftovers(), []);
  } finally {
    sandbox.dispose();
  }
});

test('SIGKILL of pv-conform and of its cucumber child together: each worker stops itself and its target', async () => {
  const sandbox = new Sandbox();
  let child: number | undefined;
  try {
    const r = await sandbox.run([...HANG, '--parallel', '2'], {
      signal: 'SIGKILL',
      signalWhen: async (cli) => {
        await sandbox.waitForPids(4, START_WITHIN_MS);
        child = (await until('the cucumber child', () => sandbox.processesOfRun().find((p) => p.ppid === cli && !/esbuild/.test(p.cmd)), START_WITHIN_MS)).pid;
        // Stopped first, so that it can do nothing between its parent's death and its own:
        // only the workers' own watch on their parent can end them.
        process.kill(child, 'SIGSTOP');
      },
    });
    assert.equal(r.signal, 'SIGKILL');
    // Still stopped, so still there: its death closes the workers' IPC channels.
    process.kill(child!, 'SIGKILL');
    const left = await sandbox.waitForNoProcessOfRun(GONE_WITHIN_MS);
    assert.equal(left.length, 0, `still running ${GONE_WITHIN_MS} ms after pv-conform and its child were killed:\n${show(left)}`);
  } finally {
    sandbox.dispose();
  }
});

test('SIGKILL of pv-conform during a writer-side run: the Runner\'s algorithm process (the probe) goes too', async () => {
  const sandbox = new Sandbox();
  const nonce = randomBytes(4).toString('hex');
  // The probe runs as `node <bundle> ...`: its file name picks it out among the run's processes.
  const probeFile = basename(await probeBundle());
  try {
    const r = await sandbox.run(['--side', 'writer', '--seed', '1'], {
      signal: 'SIGKILL',
      env: { PV_RUNNER_ID_NONCE: nonce },
      signalWhen: async () => {
        await until('a probe process', () => sandbox.processesOfRun().find((p) => p.cmd.includes(probeFile)), START_WITHIN_MS);
      },
    });
    assert.equal(r.signal, 'SIGKILL');
    const left = await sandbox.waitForNoProcessOfRun(GONE_WITHIN_MS);
    assert.equal(left.length, 0, `still running ${GONE_WITHIN_MS} ms after pv-conform was killed:\n${show(left)}`);
    assert.deepEqual(sandbox.leftovers(), []);
    assert.deepEqual(readdirSync('/dev/shm').filter((n) => n.includes(nonce)), [], 'segments of the run\'s Runner left in /dev/shm');
  } finally {
    sandbox.dispose();
  }
});
