/**
 * A writer failure keeps the Runner's segment as the report's input file, as a reader failure keeps
 * what it stored: a vendor opens the exact bytes their Runner wrote. Shown on the kit's own
 * command against Runner mutants, for a step scenario and for a property's counterexample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { V2_FS, writerRun } from './writerRun.ts';

test('a step scenario failing WR-JPEG-01 keeps the segment the Runner wrote: a JPEG without its EOI', async () => {
  const r = await writerRun('mutant:jpeg-without-eoi', ['features/writer/jpeg.feature', ...V2_FS]);
  assert.equal(r.code, 1, r.output);
  const failed = r.report.scenarios.filter((s) => s.verdict === 'failed');
  assert.ok(failed.length > 0, r.output);
  for (const s of failed) {
    const f = s.failure!.inputFile;
    assert.ok(f, `${s.location} has an input file`);
    assert.match(f.path, /^inputs\/jpeg\.feature-\d+-[0-9a-f]{12}\.jpg$/);
    const bytes = r.inputs.get(s.location)!;
    assert.equal(bytes.length, f.bytes);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256);
    // The segment as written: a JPEG stream (SOI) whose last two bytes are not EOI.
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8]);
    assert.notDeepEqual([...bytes.subarray(-2)], [0xff, 0xd9]);
  }
  assert.match(r.html, /inputs\/jpeg\.feature-/);
});

test('a property failing WR-PIXEL-01 keeps the segment of its counterexample', async () => {
  const r = await writerRun('mutant:bgr-pixels-declared-rgb', ['--tags', '@WR-PIXEL-01 and @WR-META-01', ...V2_FS]);
  assert.equal(r.code, 1, r.output);
  const failed = r.report.scenarios.filter((s) => s.verdict === 'failed');
  assert.equal(failed.length, 1, r.output);
  const s = failed[0]!;
  assert.ok(s.failure!.counterexample !== undefined, 'a property failure');
  const bytes = r.inputs.get(s.location);
  assert.ok(bytes, `${s.location} has an input file`);
  assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8]);
  assert.deepEqual([...bytes.subarray(-2)], [0xff, 0xd9]);
});

test('a conforming Runner leaves no input files', async () => {
  const r = await writerRun('reference', ['features/writer/jpeg.feature', ...V2_FS]);
  assert.equal(r.code, 0, r.output);
  assert.equal(r.inputs.size, 0);
});
