/**
 * Ctrl-C or SIGTERM at the very end of `pv-conform run`, once cucumber has finished: the run is
 * complete, so its reports are written as for any run and its verdict printed, with the exit
 * code of that verdict. Such a signal once killed the CLI (exit 143, no results.json).
 *
 * The window is held open by PV_CONFORM_TEST_PAUSE_AFTER_CUCUMBER (cli/supervisedCucumber.ts):
 * the run says on stderr when cucumber has finished and waits for a file; the test signals, waits
 * for the run to acknowledge the signal, and only then creates the file. No step depends on timing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sandbox, until } from './sandbox.ts';

/** Start-up and three quick scenarios, on a loaded machine. */
const WITHIN_MS = 120_000;
/** A signal is taken within moments; this allows for a machine that is very busy. */
const ACK_WITHIN_MS = 20_000;

for (const { signal, times } of [{ signal: 'SIGTERM', times: 1 }, { signal: 'SIGINT', times: 2 }] as const) {
  test(`${signal}${times > 1 ? ' twice' : ''} after cucumber finished: complete reports, the verdict, the verdict's exit code`, async () => {
    const sandbox = new Sandbox();
    const resume = join(sandbox.root, 'resume');
    let unacknowledged: string | undefined;
    try {
      const r = await sandbox.run(['--tags', '@RD-CS-02', '--seed', '1'], {
        signal,
        env: { PV_CONFORM_TEST_PAUSE_AFTER_CUCUMBER: resume },
        signalWhen: async (cli, printed) => {
          await until('the pause after cucumber', () => (printed().includes('cucumber finished; paused until') ? true : undefined), WITHIN_MS);
          // After the signal the test's own: each one acknowledged before the next, and the run
          // resumed once the last was (or was not, in time: then the outcome shows what it did).
          void (async () => {
            try {
              await until(`the run to take ${signal}`, () => (printed().includes(`${signal}: cucumber has finished; writing the reports first`) ? true : undefined), ACK_WITHIN_MS);
              if (times > 1) {
                process.kill(cli, signal);
                await until(`the run to take ${signal} again`, () => (printed().includes(`${signal} again: not waiting`) ? true : undefined), ACK_WITHIN_MS);
              }
            } catch (e) {
              unacknowledged = (e as Error).message;
            } finally {
              writeFileSync(resume, '');
            }
          })();
        },
      });
      assert.equal(r.signal, null, r.out.slice(-3000));
      assert.equal(r.code, 0, r.out.slice(-3000));
      assert.match(r.out, /CONFORMANT: 3 passed, 0 failed, 0 skipped, 0 errored/);
      assert.doesNotMatch(r.out, /stopped by|partial/);
      const report = r.report!;
      assert.ok(report, 'results.json was written');
      assert.equal(report.complete, true);
      assert.equal(report.verdict, 'conformant');
      assert.equal(report.scenarios.length, 3);
      assert.equal(unacknowledged, undefined);
      assert.deepEqual(sandbox.leftovers(), []);
    } finally {
      sandbox.dispose();
    }
  });
}
