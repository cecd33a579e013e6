/** Then-steps on single reads: each names what it expected and shows what came back. */
import { Then } from '@cucumber/cucumber';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeId } from '../../generators/ids.ts';
import { bytesEqual, grayToRgb, reverseChannels } from '../../kit/pixels.ts';
import { READ_DEADLINE_MS } from '../../kit/tolerance.ts';
import type { ReadValue } from '../../adapter/types.ts';
import type { PvWorld } from '../support/world.ts';
import { all, closeTo, describeResult, equals, grayChannels, isImageOf, isNone, isZerosOf, judgeRead, noneOrRgbImage, sameKindAs, type Check } from './checks.ts';
import { read, step } from './ops.ts';
import { metaSize, observedReadingCheck } from './readings.ts';
import { freshId, lastRead, readerState, type StoredContent } from './state.ts';

function expectLast(world: PvWorld, check: Check, expected: string, clause?: string): void {
  const s = readerState(world);
  const r = lastRead(s);
  const judged = judgeRead(check, r.value);
  if (!judged) return;
  const stored = s.stored.get(r.id) ?? s.lastStored;
  world.fail({
    clause,
    summary: judged.complaint,
    signature: judged.signature,
    input: `id ${JSON.stringify(r.id)} holding ${stored?.description ?? 'nothing'}`,
    meta: r.meta,
    expected,
    actual: describeResult(r.value),
    implementationError: r.value.kind === 'exception' ? `${r.value.type}: ${r.value.message}` : undefined,
    // When the check wants none back there is no expected picture: the report says "none".
    observed: {
      input: stored?.array ?? stored?.expected, expected: check.expectsNone ? undefined : check.image ?? stored?.expected, actual: r.value.kind === 'image' ? r.value.image : undefined,
      ...(stored ? { stored: { ...(stored.bytes ? { bytes: stored.bytes } : {}), ...(stored.array ? { array: stored.array } : {}) } } : {}),
    },
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

Then('the result is none or an H x W x 3 uint8 image', step(async function () {
  expectLast(this, noneOrRgbImage, 'none or an H x W x 3 uint8 array, no exception');
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
  const check: Check = prev.kind === 'image' ? equals(prev.image, 'the previous result') : sameKindAs(prev, (r) => `${describeResult(r)} after ${describeResult(prev)}`);
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
  const check = observedReadingCheck(this, clause, { stored: s.stored.get(r.id), metaSize: metaSize(r.meta) });
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
  // The fs transport's layout is the kit's (<safe id>.bin in PROC_SHM_DIR, docs/runner-driver.md);
  // no normative document defines one (v1 spec.md 3.7.2 only allows local temporary files).
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
async function neverWrittenAnswer(world: PvWorld): Promise<{ value: ReadValue; check: Check }> {
  const { value } = await read(world, freshId('never'), lastRead(readerState(world)).meta);
  const check: Check = value.kind === 'image'
    ? equals(value.image, 'the answer for a never-written id')
    : sameKindAs(value, (v) => `${describeResult(v)}, but a never-written id gives ${describeResult(value)}`);
  return { value, check };
}

Then('the result is what a never-written id gives', step(async function () {
  const { value, check } = await neverWrittenAnswer(this);
  expectLast(this, check, `the same as for a never-written id: ${describeResult(value)}`);
}));

/*
 * RD-ISO-01 over colliding ids: over the fs transport the layout's file-name rule gives both
 * ids one file, which the selected reading may allow (catalog: RD-ISO-01).
 */
async function sharesOneFile(world: PvWorld): Promise<boolean> {
  const s = readerState(world);
  if (!s.secondId || safeId(s.id) !== safeId(s.secondId)) return false;
  const { hello } = await world.reader();
  return (s.transport ?? hello.transports[0]) === 'fs';
}

Then('the first id reads its own data, as the selected reading of RD-ISO-01 allows', step(async function () {
  const s = readerState(this);
  const own = storedUnderMain(this);
  const other = s.secondId ? s.stored.get(s.secondId) : undefined;
  const shared = (await sharesOneFile(this)) && other ? matches(other) : undefined;
  const reading = this.params.readings['RD-ISO-01'];
  expectLast(this, observedReadingCheck(this, 'RD-ISO-01', { isolation: { apart: matches(own), ...(shared ? { shared } : {}) } }),
    shared ? `reading "${reading}" of RD-ISO-01: its own ${own.description}${reading === 'fs-layout' ? ', or what the shared fs file holds' : ''}` : `its own ${own.description}`,
    'RD-ISO-01');
}));

Then('the first id reads as a never-written id, as the selected reading of RD-ISO-01 allows', step(async function () {
  const s = readerState(this);
  const { value, check: apart } = await neverWrittenAnswer(this);
  const other = s.secondId ? s.stored.get(s.secondId) : undefined;
  const shared = (await sharesOneFile(this)) && other ? matches(other) : undefined;
  const reading = this.params.readings['RD-ISO-01'];
  expectLast(this, observedReadingCheck(this, 'RD-ISO-01', { isolation: { apart, ...(shared ? { shared } : {}) } }),
    `the same as for a never-written id: ${describeResult(value)}${shared && reading === 'fs-layout' ? ', or what the shared fs file holds' : ''}`,
    'RD-ISO-01');
}));

/*
 * RD-OWN-02: the earlier read's array was overwritten (each byte v became 255 - v). A view of
 * the stored segment may show that change, where the selected reading allows it; a zero
 * fallback is nobody's view.
 */
Then('the result follows the selected reading of RD-OWN-02 after the overwrite', step(async function () {
  const s = readerState(this);
  if (s.reads.length < 2) throw new Error('scenario error: needs two reads');
  const prev = s.reads.at(-2)!;
  const before = prev.value;
  // Nothing to overwrite when the earlier read gave none (a reading of RD-FALL-01): the same answer then.
  const unchanged: Check = before.kind === 'image' ? equals(before.image, 'the previous result')
    : (v) => (v.kind === before.kind ? null : `${describeResult(v)} after ${describeResult(before)}`);
  const changed = before.kind === 'image' && s.stored.has(prev.id)
    ? equals({ ...before.image, data: before.image.data.map((v) => 255 - v) }, 'the previous result as the caller changed it')
    : undefined;
  const reading = this.params.readings['RD-OWN-02'];
  expectLast(this, observedReadingCheck(this, 'RD-OWN-02', { ownership: { unchanged, ...(changed ? { changed } : {}) } }),
    changed && reading === 'view-allowed' ? 'the previous result, or it as the caller changed it (a view of the segment)' : 'the same as the previous read',
    'RD-OWN-02');
}));
