/**
 * The live progress line of `pv-conform run` (cli/progress.ts): its text, when it is shown, how
 * it is redrawn and cleared, and that a run feeds it from cucumber's messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '@cucumber/messages';
import { clock, formatProgress, progressWanted, ProgressLine } from '../../cli/progress.ts';
import { kitRoot } from '../../kit/paths.ts';

test('the line: done/total, failures so far, elapsed time and the time left at the pace so far', () => {
  assert.equal(formatProgress({ done: 0, total: 143, failed: 0, elapsedMs: 1_200 }), '0/143 scenarios (0%) · 0 failed · 0:01 elapsed · ETA --:--');
  assert.equal(formatProgress({ done: 40, total: 160, failed: 3, elapsedMs: 60_000 }), '40/160 scenarios (25%) · 3 failed · 1:00 elapsed · ETA 3:00');
  assert.equal(formatProgress({ done: 160, total: 160, failed: 3, elapsedMs: 240_000 }), '160/160 scenarios (100%) · 3 failed · 4:00 elapsed · ETA 0:00');
  assert.equal(clock(3_725_000), '1:02:05');
});

test('the line never outgrows the terminal: a wrapped line could not be redrawn in place', () => {
  const line = formatProgress({ done: 40, total: 160, failed: 3, elapsedMs: 60_000 }, 30);
  assert.equal(line.length, 30);
  assert.ok(line.endsWith('…'));
});

test('shown on a terminal outside CI; quiet in CI, with --quiet or --verbose; the flags decide over all of it', () => {
  const tty = { isTTY: true, env: {} };
  assert.equal(progressWanted(tty), true);
  assert.equal(progressWanted({ isTTY: false, env: {} }), false);
  assert.equal(progressWanted({ isTTY: true, env: { CI: 'true' } }), false);
  assert.equal(progressWanted({ ...tty, quiet: true }), false);
  assert.equal(progressWanted({ ...tty, verbose: true }), false);
  assert.equal(progressWanted({ isTTY: false, env: { CI: '1' }, progress: true }), true);
  assert.equal(progressWanted({ ...tty, noProgress: true }), false);
});

test('on a terminal the line is redrawn in place, counts finished scenarios and failed ones, and is cleared', () => {
  const written: string[] = [];
  const line = new ProgressLine(2, { isTTY: true, columns: 120, write: (s: string) => written.push(s) });
  const finished = (id: string) => ({ testCaseFinished: { testCaseStartedId: id, willBeRetried: false, timestamp: { seconds: 0, nanos: 0 } } }) as Envelope;
  line.update({ testStepFinished: { testCaseStartedId: 'a', testStepId: 's', testStepResult: { status: 'FAILED', duration: { seconds: 0, nanos: 0 } }, timestamp: { seconds: 0, nanos: 0 } } } as Envelope);
  line.update(finished('a'));
  line.update(finished('b'));
  line.clear();
  assert.match(written[0]!, /^\r\x1b\[2K0\/2 scenarios/);
  assert.match(written.at(-2)!, /^\r\x1b\[2K2\/2 scenarios \(100%\) · 1 failed · 0:0\d elapsed · ETA 0:00$/);
  assert.equal(written.at(-1), '\r\x1b[2K', 'cleared before the summary');
  assert.ok(written.every((w) => !w.includes('\n')), 'no new line on a terminal');
});

test('a run shows it with --progress even into a pipe in CI, and not without', { timeout: 120_000 }, () => {
  const run = (extra: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-progress-'));
    try {
      const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', 'run', '--target', 'reference', '--tags', '@RD-CS-01', '--num-runs', '2', '--report-dir', dir, ...extra],
        { cwd: kitRoot, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 110_000 });
      assert.equal(r.status, 0, r.stderr);
      return r;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const forced = run(['--progress']);
  assert.match(forced.stderr, /^7\/7 scenarios \(100%\) · 0 failed · \d+:\d\d elapsed · ETA 0:00$/m);
  assert.doesNotMatch(forced.stdout, /scenarios \(/, 'stdout keeps only the summary');
  assert.doesNotMatch(run([]).stderr, /scenarios \(/, 'quiet in CI by default');
});
