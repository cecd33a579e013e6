/** Then-steps on single reads: each names what it expected and shows what came back. */
import { Then } from '@cucumber/cucumber';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeId } from '../../generators/ids.ts';
import { bytesEqual, grayToRgb, reverseChannels } from '../../kit/pixels.ts';
import { READ_DEADLINE_MS } from '../../kit/tolerance.ts';
import type { PvWorld } from '../support/world.ts';
import { all, closeTo, describeResult, equals, grayChannels, isImageOf, isNone, isZerosOf, type Check } from './checks.ts';
import { read, step } from './ops.ts';
import { metaSize, readingCheck } from './readings.ts';
import { freshId, lastRead, readerState, type StoredContent } from './state.ts';

function expectLast(world: PvWorld, check: Check, expected: string, clause?: string): void {
  const s = readerState(world);
  const r = lastRead(s);
  const complaint = check(r.value);
  if (!complaint) return;
  const stored = s.stored.get(r.id) ?? s.lastStored;
  world.fail({
    clause,
    summary: complaint,
    input: `id ${JSON.stringify(r.id)} holding ${stored?.description ?? 'nothing'}`,
    meta: r.meta,
    expected,
    actual: describeResult(r.value),
    implementationError: r.value.kind === 'exception' ? `${r.value.type}: ${r.value.message}` : undefined,
    observed: { input: stored?.array ?? stored?.expected, expected: check.image ?? stored?.expected, actual: r.value.kind === 'image' ? r.value.image : undefined },
  });
}

function storedUnderMain(world: PvWorld): StoredContent {
  const s = readerState(world);
  const c = s.stored.get(s.id);
  if (!c) throw new Error('scenario error: nothing stored under the id');
  return c;
}

function matches(c: StoredContent): Check {
  if (c.kind === 'nothing' || !c.expected) return isZerosOf(c.width, c.height);
  return c.exact ? equals(c.expected, 'the stored array') : closeTo(c.expected);
}

Then('the result is none', step(async function () {
  expectLast(this, isNone, 'none');
}));

Then('the result is an image of {size}', step(async function (size: { width: number; height: number }) {
  expectLast(this, isImageOf(size.width, size.height), `uint8[${size.height}, ${size.width}, 3]`);
}));

Then('the result is all zeros of {size}', step(async function (size: { width: number; height: number }) {
  expectLast(this, isZerosOf(size.width, size.height), `zeros uint8[${size.height}, ${size.width}, 3]`);
}));

Then('the result is the zero fallback', step(async function () {
  const r = lastRead(readerState(this));
  const m = metaSize(r.meta);
  if (!m) throw new Error('scenario error: the zero fallback needs a meta with a usable size');
  expectLast(this, isZerosOf(m.width, m.height), `zeros uint8[${m.height}, ${m.width}, 3]`);
}));

Then('the pixels equal the stored array', step(async function () {
  const c = storedUnderMain(this);
  expectLast(this, equals(c.expected!, 'the stored array'), `the stored ${c.description}`);
}));

Then('the pixels equal the stored array with channels reversed', step(async function () {
  const c = storedUnderMain(this);
  expectLast(this, equals(reverseChannels(c.expected!), 'the stored array, channels reversed'), `the stored ${c.description}, channels reversed`);
}));

Then('every channel equals the gray values', step(async function () {
  const c = storedUnderMain(this);
  const a = c.array!;
  expectLast(this, equals(grayToRgb(a), 'the gray values in three channels'), 'the gray values in three equal channels');
}));

Then('the pixels are close to the encoded frame', step(async function () {
  const c = storedUnderMain(this);
  expectLast(this, closeTo(c.expected!), `within the decoder tolerance of the encoded ${c.description}`);
}));

Then('every channel is equal and close to the encoded frame', step(async function () {
  const c = storedUnderMain(this);
  expectLast(this, all(grayChannels(), closeTo(c.expected!)), 'three equal channels close to the encoded gray frame');
}));

Then('the result equals the previous result', step(async function () {
  const s = readerState(this);
  if (s.reads.length < 2) throw new Error('scenario error: needs two reads');
  const prev = s.reads.at(-2)!.value;
  const check: Check = prev.kind === 'image' ? equals(prev.image, 'the previous result') : (r) => (r.kind === prev.kind ? null : `${describeResult(r)} after ${describeResult(prev)}`);
  expectLast(this, check, `the same as the previous read: ${describeResult(prev)}`);
}));

Then('the result matches the last thing stored', step(async function () {
  const c = readerState(this).lastStored;
  if (!c) throw new Error('scenario error: nothing stored');
  expectLast(this, matches(c), c.kind === 'nothing' ? 'the zero fallback' : `the last stored ${c.description}`);
}));

Then('the result follows the selected reading of {word}', step(async function (clause: string) {
  const s = readerState(this);
  const r = lastRead(s);
  const reading = this.params.readings[clause];
  const check = readingCheck(clause, reading, { stored: s.stored.get(r.id), metaSize: metaSize(r.meta) });
  expectLast(this, check, `what reading "${reading}" of ${clause} allows`);
}));

Then('the read finished within the read deadline', step(async function () {
  const r = lastRead(readerState(this));
  if (r.elapsedMs <= READ_DEADLINE_MS) return;
  this.fail({
    summary: `the read took ${Math.round(r.elapsedMs)} ms`,
    input: `id ${JSON.stringify(r.id)}`,
    meta: r.meta,
    expected: `an answer within ${READ_DEADLINE_MS} ms`,
    actual: `${Math.round(r.elapsedMs)} ms`,
  });
}));

Then('the segment still holds the bytes that were written', step(async function () {
  const s = readerState(this);
  const c = s.stored.get(s.id);
  if (!c?.bytes) throw new Error('scenario error: no bytes were written under the id');
  // The fs transport's layout is part of the spec (BRIEF: <safe id>.bin in PROC_SHM_DIR).
  const file = join(this.shmDir, `${safeId(s.id)}.bin`);
  let now: Uint8Array | undefined;
  try {
    now = new Uint8Array(await readFile(file));
  } catch {
    now = undefined;
  }
  if (now && bytesEqual(now, c.bytes)) return;
  this.fail({
    summary: now ? 'the segment bytes changed after a read' : 'the segment file is gone after a read',
    input: `id ${JSON.stringify(s.id)} holding ${c.description}`,
    expected: `${file.slice(this.shmDir.length + 1)} unchanged (${c.bytes.length} bytes)`,
    actual: now ? `${now.length} different bytes` : 'no file',
  });
}));

/*
 * Cleanup and isolation are judged against the target's own answer for a missing segment, so a
 * wrong missing-segment answer is blamed on RD-FALL-01 alone, not on every clause that clears.
 */
Then('the result is what a never-written id gives', step(async function () {
  const s = readerState(this);
  const r = lastRead(s);
  const { value } = await read(this, freshId('never'), r.meta);
  const check: Check = value.kind === 'image'
    ? equals(value.image, 'the answer for a never-written id')
    : (v) => (v.kind === value.kind ? null : `${describeResult(v)}, but a never-written id gives ${describeResult(value)}`);
  expectLast(this, check, `the same as for a never-written id: ${describeResult(value)}`);
}));
