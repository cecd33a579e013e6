/**
 * After any `pv-conform run`, finished, failed or stopped, nothing the run made is left in the
 * temporary directory or in /dev/shm. Runs here use the kit's default payload root (/dev/shm
 * where it exists) and a TMPDIR of their own, so other runs on the machine cannot confuse the
 * test: in TMPDIR everything is the run's, and in /dev/shm only names the run can be told by
 * are counted (its payload directory carries the CLI's pid, the Runner's segments the test's nonce).
 *
 * What the kit makes there (grep mkdtempSync and tmpdir()): `pv-conform-<random>` (the run's
 * scratch, TMPDIR), `pv-conform-run-<pid>-<random>` (the run's payload directory, /dev/shm or
 * TMPDIR), `pv-conform-payload-<random>` inside it (one per subprocess target),
 * `procvision_dev_shm` (the fs transport's default directory, TMPDIR), `pv-conform-probe-*` (the
 * probe's cache, TMPDIR only when the kit's own directory is read-only, so not here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { hostileTarget, Sandbox, type RunOutcome } from './sandbox.ts';
import { kitPath, quote } from '../subprocess/helpers.ts';

const SHM = '/dev/shm';
/** Generous: what is left is killed within moments of the CLI's end. */
const GONE_WITHIN_MS = 20_000;
const shmNames = () => new Set(readdirSync(SHM));

/**
 * What the run left: every entry in its TMPDIR but tsx's compile cache (`tsx-<uid>`, which tsx
 * keeps across runs by design), the /dev/shm entries it made, and its processes.
 */
async function leftBehind(sandbox: Sandbox, r: RunOutcome, shmBefore: Set<string>, nonce?: string): Promise<string[]> {
  const processes = await sandbox.waitForNoProcessOfRun(GONE_WITHIN_MS);
  const out = processes.map((p) => `process ${p.pid}: ${p.cmd.slice(0, 120)}`);
  for (const name of readdirSync(sandbox.tmp)) if (!/^tsx-\d+$/.test(name)) out.push(`TMPDIR ${name}`);
  for (const name of readdirSync(SHM)) {
    if (shmBefore.has(name)) continue;
    if (name.startsWith(`pv-conform-run-${r.pid}-`) || (nonce && name.includes(nonce))) out.push(`${SHM}/${name}`);
  }
  return out;
}

// The kit's default payload root, /dev/shm, not the sandbox's: an empty value is no choice.
const DEFAULT_PAYLOAD_ROOT = { PV_CONFORM_PAYLOAD_ROOT: '' };
const served = `${quote(process.execPath)} ${quote(kitPath('bin/pv-conform.mjs'))} serve-reference`;

const finishedRuns: { name: string; args: string[]; code: number; writer?: boolean }[] = [
  { name: 'an ordinary reader run over the protocol, --parallel 2', args: ['--target', served, '--tags', '@RD-CS-02', '--parallel', '2'], code: 0 },
  { name: 'a run whose target fails its hello', args: ['--target', hostileTarget('fail-hello'), '--tags', '@RD-CS-02'], code: 2 },
  { name: 'a writer-side run over fs and posix', args: ['--side', 'writer', '--tags', '@WR-CLEAN-01'], code: 0, writer: true },
];

for (const { name, args, code, writer } of finishedRuns) {
  test(`${name}: nothing left in TMPDIR or /dev/shm`, async () => {
    const sandbox = new Sandbox();
    const nonce = randomBytes(4).toString('hex');
    try {
      const before = shmNames();
      const r = await sandbox.run([...args, '--seed', '1'], { env: { ...DEFAULT_PAYLOAD_ROOT, ...(writer ? { PV_RUNNER_ID_NONCE: nonce } : {}) } });
      assert.equal(r.code, code, r.out.slice(-3000));
      assert.deepEqual(await leftBehind(sandbox, r, before, writer ? nonce : undefined), []);
    } finally {
      sandbox.dispose();
    }
  });
}

for (const signal of ['SIGINT', 'SIGKILL'] as const) {
  test(`a run stopped by ${signal} mid-scenario: nothing left in TMPDIR or /dev/shm`, async () => {
    const sandbox = new Sandbox();
    try {
      const before = shmNames();
      const r = await sandbox.run(['--target', hostileTarget('hang-on-read'), '--seed', '1', '--parallel', '2'], {
        signal,
        env: DEFAULT_PAYLOAD_ROOT,
        // Both workers are in a read that hangs, each with a payload directory of its target.
        signalWhen: () => sandbox.waitForPids(4, 120_000),
      });
      if (signal === 'SIGINT') assert.equal(r.code, 2, r.out.slice(-3000));
      else assert.equal(r.signal, 'SIGKILL');
      assert.deepEqual(await leftBehind(sandbox, r, before), []);
    } finally {
      sandbox.dispose();
    }
  });
}
