/**
 * The decompression bomb (RD-ROBUST-02: a 16x16 JPEG whose header claims 65500x65500) against
 * the embedded reference, the reference served over the protocol and the Python fixture SDK
 * through the shim, all under the kit's memory limit: each passes, and quickly, because each
 * refuses the image from its header instead of allocating 12 GB of pixels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { READ_DEADLINE_MS } from '../../kit/tolerance.ts';
import { Sandbox } from './sandbox.ts';
import { kitPath, PYTHON, pythonShim, quote } from '../subprocess/helpers.ts';

const targets: [string, string, string | false][] = [
  ['the reference SDK', 'reference', false],
  ['the reference over the protocol', `${quote(process.execPath)} ${quote(kitPath('bin/pv-conform.mjs'))} serve-reference`, false],
  ['the Python fixture SDK', pythonShim('--sdk-path', quote(kitPath('implementations/python-fixture-sdk'))), existsSync(PYTHON) ? false : `${PYTHON} is missing`],
];

for (const [name, target, skip] of targets) {
  test(`${name} passes the decompression bomb without decoding it`, { skip }, async () => {
    const sandbox = new Sandbox();
    try {
      // A scenario first, so the bomb's time is the read's and not the adapter's start-up.
      const r = await sandbox.run(['--target', target, '--seed', '1', '--memory-limit-mb', '1024',
        'features/reader/fallbacks.feature:22', 'features/reader/robustness.feature:15']);
      assert.equal(r.code, 0, r.out.slice(-3000));
      const bomb = r.report!.scenarios.find((s) => s.clauses.includes('RD-ROBUST-02'));
      assert.equal(bomb?.verdict, 'passed');
      // Decoding 65500x65500 pixels would take minutes and break the 1 GB limit; refusing it from
      // the header takes milliseconds. Half the kit's read deadline tells the two apart on a busy machine.
      assert.ok(bomb!.durationMs < READ_DEADLINE_MS / 2, `the scenario took ${bomb!.durationMs} ms`);
      assert.deepEqual(sandbox.leftovers(), []);
    } finally {
      sandbox.dispose();
    }
  });
}
