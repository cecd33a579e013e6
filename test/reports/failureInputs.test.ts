/**
 * The failures' exact inputs as files in the report directory's inputs/: named and capped from
 * the message stream alone, listed in the manifest, replaced and removed only as listed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignInputFiles, MAX_REPORT_INPUT_BYTES } from '../../reports/failureInputs.ts';
import { MANIFEST_FILE, ReportDir, ReportDirError, readReportManifest } from '../../reports/reportDir.ts';
import type { FailureDetail } from '../../steps/support/failure.ts';
import { report, scenario, tempDir } from './support/reports.ts';

const failure = (): FailureDetail => ({ clause: 'RD-CS-01', summary: 's', input: 'i', expected: 'e', actual: 'a' });

test('each failure with an attached input names its file, until the report\'s cap is reached', () => {
  const big = Buffer.alloc(MAX_REPORT_INPUT_BYTES / 2 + 1, 7).toString('base64');
  const scenarios = [
    { location: 'features/reader/color-space.feature:16', failure: failure(), inputKey: 'a' },
    { location: 'features/reader/color-space.feature:17', failure: failure(), inputKey: 'b' },
    { location: 'features/reader/color-space.feature:18', failure: failure(), inputKey: 'c' },
    { location: 'features/reader/color-space.feature:19', failure: failure(), inputKey: 'none attached' },
  ];
  const files = new Map<string, Buffer>();
  assignInputFiles(scenarios, new Map([
    ['a', { fileName: 'input.jpg', base64: Buffer.from([0xff, 0xd8, 1]).toString('base64') }],
    ['b', { fileName: 'input.npy', base64: big }],
    ['c', { fileName: 'input.npy', base64: big }],
  ]), files);
  assert.match(scenarios[0]!.failure.inputFile!.path, /^inputs\/color-space\.feature-16-[0-9a-f]{12}\.jpg$/);
  assert.deepEqual(files.get(scenarios[0]!.failure.inputFile!.path), Buffer.from([0xff, 0xd8, 1]));
  assert.equal(scenarios[1]!.failure.inputFile?.bytes, MAX_REPORT_INPUT_BYTES / 2 + 1);
  assert.equal(scenarios[2]!.failure.inputFile, undefined, 'over the cap: no file');
  assert.equal(scenarios[3]!.failure.inputFile, undefined);
  assert.equal(files.size, 2);
});

function publishWith(dir: string, inputs: Record<string, string>): string[] {
  const out = ReportDir.open(dir, { command: 'run', option: '--report-dir' });
  try {
    writeFileSync(join(out.staging, 'results.json'), '{}');
    if (Object.keys(inputs).length) mkdirSync(join(out.staging, 'inputs'));
    for (const [name, text] of Object.entries(inputs)) writeFileSync(join(out.staging, 'inputs', name), text);
    return out.publish(report([scenario(16, 'RD-CS-01', 'failed')]));
  } finally {
    out.release();
  }
}

test('inputs/ is listed in the manifest, replaced as listed, and goes when a run writes none', () => {
  const dir = tempDir('pv-inputs-');
  try {
    publishWith(dir, { 'x.feature-1-aaaaaaaaaaaa.npy': 'one', 'x.feature-2-bbbbbbbbbbbb.jpg': 'two' });
    assert.deepEqual(readReportManifest(dir).inputs, ['x.feature-1-aaaaaaaaaaaa.npy', 'x.feature-2-bbbbbbbbbbbb.jpg']);
    assert.equal(readFileSync(join(dir, 'inputs', 'x.feature-2-bbbbbbbbbbbb.jpg'), 'utf8'), 'two');

    publishWith(dir, { 'x.feature-1-aaaaaaaaaaaa.npy': 'again' });
    assert.deepEqual(readdirSync(join(dir, 'inputs')), ['x.feature-1-aaaaaaaaaaaa.npy'], 'the input of the earlier run is removed');
    assert.equal(readFileSync(join(dir, 'inputs', 'x.feature-1-aaaaaaaaaaaa.npy'), 'utf8'), 'again');

    writeFileSync(join(dir, 'inputs', 'mine.txt'), 'not the kit\'s');
    publishWith(dir, {});
    assert.deepEqual(readdirSync(join(dir, 'inputs')), ['mine.txt'], 'only the listed file went; the user\'s stays, and so does the directory');
    assert.equal(readReportManifest(dir).inputs, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a report directory whose inputs/ holds files its manifest does not list is refused', () => {
  const dir = tempDir('pv-inputs-');
  try {
    publishWith(dir, {});
    mkdirSync(join(dir, 'inputs'));
    writeFileSync(join(dir, 'inputs', 'notes.txt'), 'mine');
    assert.throws(() => ReportDir.open(dir, { command: 'run', option: '--report-dir' }),
      (e: Error) => e instanceof ReportDirError && /holds inputs\/, which its pv-conform-report\.json does not list/.test(e.message));
    assert.ok(existsSync(join(dir, MANIFEST_FILE)));
    assert.equal(readFileSync(join(dir, 'inputs', 'notes.txt'), 'utf8'), 'mine');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
