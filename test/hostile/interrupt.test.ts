/**
 * Ctrl-C and SIGTERM during `pv-conform run`, sent to a real run whose target hangs on every
 * read: the run ends within moments, writes partial reports (complete: false, verdict
 * incomplete, only the scenarios that started), exits 2, and leaves nothing behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { hostileTarget, Sandbox } from './sandbox.ts';
import { STAGING_DIR } from '../../reports/reportDir.ts';
import { processesMentioning } from '../runner/hygiene.ts';
import { countSelected } from '../../cli/selection.ts';

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} during a run against a hanging target: partial reports, exit 2, nothing left behind`, async () => {
    const sandbox = new Sandbox();
    try {
      const r = await sandbox.run(['--target', hostileTarget('hang-on-read'), '--seed', '1'], {
        signal,
        // The fixture records its pid and its child's when it starts hanging on a read.
        signalWhen: () => sandbox.waitForPids(2),
      });
      assert.equal(r.code, 2, r.out.slice(-3000));
      assert.ok(r.msToExit < 10_000, `took ${r.msToExit} ms to stop`);
      assert.match(r.out, new RegExp(`stopped by ${signal}: \\d+ scenarios ran; the reports are partial`));
      const report = r.report!;
      assert.equal(report.complete, false);
      assert.equal(report.verdict, 'incomplete');
      const aborted = report.scenarios.filter((s) => s.error?.includes(`run aborted (${signal})`));
      assert.equal(aborted.length, 1, 'the scenario that was running is errored, naming the abort');
      // One worker runs the scenarios in file order: the aborted one is the last that started,
      // and none after it is reported (skipped or otherwise).
      const total = await countSelected({ side: 'reader', paths: [] });
      assert.ok(report.scenarios.length < total, `scenarios not started are not reported: ${report.scenarios.length} of ${total}`);
      const order = (s: { uri: string; line: number }) => `${s.uri}\0${String(s.line).padStart(6, '0')}`;
      const last = [...report.scenarios].sort((a, b) => order(a).localeCompare(order(b))).at(-1)!;
      assert.equal(order(last), order(aborted[0]!), 'no scenario after the aborted one is reported');
      const messages = readFileSync(join(sandbox.reportDir, 'messages.ndjson'), 'utf8').trim().split('\n');
      assert.equal(messages.filter((l) => l.includes('"testCaseStarted"')).length, report.scenarios.length, 'messages.ndjson matches results.json');
      assert.deepEqual(sandbox.leftovers(), []);
    } finally {
      sandbox.dispose();
    }
  });
}

test('SIGTERM during a --parallel 2 run: both workers stop, nothing left behind', async () => {
  const sandbox = new Sandbox();
  try {
    const r = await sandbox.run(['--target', hostileTarget('hang-on-read'), '--seed', '1', '--parallel', '2'], {
      signal: 'SIGTERM',
      signalWhen: () => sandbox.waitForPids(4),
    });
    assert.equal(r.code, 2, r.out.slice(-3000));
    assert.ok(r.msToExit < 10_000, `took ${r.msToExit} ms to stop`);
    assert.equal(r.report!.complete, false);
    assert.equal(r.report!.scenarios.filter((s) => /run aborted/.test(s.error ?? '')).length, 2);
    assert.deepEqual(sandbox.leftovers(), []);
  } finally {
    sandbox.dispose();
  }
});

test('SIGTERM during a writer-side run: the Runner and its algorithm process stop, no segment is left', async () => {
  const sandbox = new Sandbox();
  const nonce = randomBytes(4).toString('hex');
  try {
    const r = await sandbox.run(['--side', 'writer', '--seed', '1'], {
      signal: 'SIGTERM',
      env: { PV_RUNNER_ID_NONCE: nonce },
      // Some scenarios in: the probe has run and segments have come and gone.
      signalWhen: async () => {
        // A finished scenario in the message stream, not a guess at how long one takes.
        const deadline = Date.now() + 120_000;
        // cucumber writes the stream into the staging directory until the run ends (reports/reportDir.ts).
        const stream = join(sandbox.reportDir, STAGING_DIR, 'messages.ndjson');
        while (Date.now() < deadline && !(existsSync(stream) && readFileSync(stream, 'utf8').includes('"testCaseFinished"'))) {
          await new Promise((res) => setTimeout(res, 100));
        }
      },
    });
    assert.equal(r.code, 2, r.out.slice(-3000));
    assert.ok(r.msToExit < 15_000, `took ${r.msToExit} ms to stop`);
    assert.equal(r.report!.complete, false);
    assert.ok(r.report!.scenarios.length > 0);
    assert.deepEqual(sandbox.leftovers(), []);
    assert.deepEqual(processesMentioning(sandbox.root), []);
    assert.deepEqual(readdirSync('/dev/shm').filter((n) => n.includes(nonce)), []);
  } finally {
    sandbox.dispose();
  }
});
