import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ReaderAdapter, ReaderTargetFactory, ReadValue } from '../../adapter/types.ts';
import { createReferenceTarget, createSdkTarget } from '../../implementations/reference-sdk/binding.ts';
import { defaultParts } from '../../implementations/reference-sdk/sdk.ts';
import { encodeJpeg, isZeros, pattern, rgbMeta, sameArray, smoothRgb, tempDir } from './helpers.ts';

const VARIANT_PARTS = fileURLToPath(new URL('./fixtures/variantParts.ts', import.meta.url));

async function open(t: TestContext, factory: ReaderTargetFactory = createReferenceTarget, requestTimeoutMs = 20_000): Promise<{ adapter: ReaderAdapter; scratchDir: string }> {
  const shmDir = tempDir(t, 'pv-ref-shm-');
  const scratchDir = tempDir(t, 'pv-ref-scratch-');
  const adapter = await factory({ shmDir, scratchDir, requestTimeoutMs });
  t.after(() => adapter.close());
  return { adapter, scratchDir };
}

function imageOf(value: ReadValue) {
  assert.equal(value.kind, 'image');
  return value.kind === 'image' ? value.image : null;
}

test('binding: hello declares the reference and all its abilities', async (t) => {
  const { adapter } = await open(t);
  const hello = await adapter.hello();
  assert.equal(hello.name, 'pv-reference-sdk');
  assert.equal(hello.language, 'typescript');
  assert.deepEqual(hello.specGenerations, ['v1', 'v2']);
  assert.deepEqual(hello.transports, ['inproc', 'fs']);
  assert.deepEqual([...hello.capabilities].sort(), ['array-layouts', 'clear', 'read-other-process', 'read-timing', 'scribble', 'write-array', 'write-bytes']);
});

test('binding: write, read with timing, clear; a transport it lacks is skipped', async (t) => {
  const { adapter } = await open(t);
  const image = pattern(2, 3);
  assert.equal((await adapter.writeArray('a', image)).status, 'ok');
  const read = await adapter.read('a', rgbMeta(3, 2));
  assert.ok(read.status === 'ok' && typeof read.implMicros === 'number' && read.implMicros >= 0);
  assert.ok(sameArray(imageOf(read.value), image));
  assert.equal((await adapter.clear('a')).status, 'ok');
  const cleared = await adapter.read('a', rgbMeta(3, 2));
  assert.ok(cleared.status === 'ok' && isZeros(imageOf(cleared.value), 3, 2));
  const none = await adapter.read('a', { width: 0, height: 2 });
  assert.ok(none.status === 'ok' && none.value.kind === 'none');
  assert.equal((await adapter.writeBytes('p', new Uint8Array([1]), { transport: 'posix' })).status, 'skipped');
  assert.equal((await adapter.writeArray('p', image, { transport: 'posix' })).status, 'skipped');
  const malformed = await adapter.writeArray('m', { dtype: 'uint8', shape: [2, 2], data: new Uint8Array(1) });
  assert.equal(malformed.status, 'errored');
});

test('binding: scribble leaves the reference untouched but exposes a variant that returns a view', async (t) => {
  const image = pattern(3, 3);
  const { adapter } = await open(t);
  await adapter.writeArray('s', image);
  const first = await adapter.read('s', rgbMeta(3, 3), { scribble: true });
  assert.ok(first.status === 'ok' && sameArray(imageOf(first.value), image), 'the captured copy predates the scribble');
  const second = await adapter.read('s', rgbMeta(3, 3));
  assert.ok(second.status === 'ok' && sameArray(imageOf(second.value), image));

  const viewing = createSdkTarget({ normalizeArray: (a) => a }, { name: 'returns-a-view', version: '0' });
  const { adapter: broken } = await open(t, viewing);
  await broken.writeArray('s', image);
  await broken.read('s', rgbMeta(3, 3), { scribble: true });
  const after = await broken.read('s', rgbMeta(3, 3));
  assert.ok(after.status === 'ok');
  assert.ok(!sameArray(imageOf(after.value), image), 'the scribble reached the stored segment');
});

test('binding: an exception from a replaced part is reported, not thrown', async (t) => {
  const factory = createSdkTarget({ validateMeta: () => { throw new RangeError('variant refuses'); } }, { name: 'thrower', version: '0' });
  const { adapter } = await open(t, factory);
  const read = await adapter.read('x', rgbMeta(2, 2));
  assert.ok(read.status === 'ok');
  assert.deepEqual(read.value, { kind: 'exception', type: 'RangeError', message: 'variant refuses' });
});

test('binding: a variant that cannot be rebuilt elsewhere does not claim read-other-process', async (t) => {
  const { adapter } = await open(t, createSdkTarget({ fitToMeta: defaultParts.fitToMeta }, { name: 'v', version: '0' }));
  assert.ok(!(await adapter.hello()).capabilities.includes('read-other-process'));
  assert.equal((await adapter.read('x', rgbMeta(1, 1), { process: 'other' })).status, 'skipped');
});

test('RD-XPROC-01: another process sees fs segments, not in-process ones', async (t) => {
  const { adapter, scratchDir } = await open(t);
  const image = smoothRgb(4, 6);
  await adapter.writeBytes('dev-shm:fs', await encodeJpeg(image), { transport: 'fs' });
  await adapter.writeArray('dev-shm:inproc', image, { transport: 'inproc' });
  await adapter.writeArray('cam/1', pattern(2, 3, 3, 1), { transport: 'fs' });
  await adapter.writeArray('cam:1', pattern(2, 3, 3, 2), { transport: 'fs' });

  const [fsRead, inprocRead, first, second, bad, bgr] = await Promise.all([
    adapter.read('dev-shm:fs', rgbMeta(6, 4), { process: 'other' }),
    adapter.read('dev-shm:inproc', rgbMeta(6, 4), { process: 'other' }),
    adapter.read('cam/1', rgbMeta(3, 2), { process: 'other' }),
    adapter.read('cam:1', rgbMeta(3, 2), { process: 'other' }),
    adapter.read('dev-shm:fs', { width: Number.NaN, height: 4 }, { process: 'other' }),
    adapter.read('cam:1', rgbMeta(3, 2, { color_space: 'BGR' }), { process: 'other' }),
  ]);
  assert.ok(fsRead.status === 'ok' && typeof fsRead.implMicros === 'number');
  const decoded = imageOf(fsRead.value);
  assert.ok(decoded && decoded.shape.join() === '4,6,3' && !isZeros(decoded, 6, 4));
  assert.ok(inprocRead.status === 'ok' && isZeros(imageOf(inprocRead.value), 6, 4));
  assert.ok(first.status === 'ok' && sameArray(imageOf(first.value), pattern(2, 3, 3, 1)));
  assert.ok(second.status === 'ok' && sameArray(imageOf(second.value), pattern(2, 3, 3, 2)));
  assert.ok(bad.status === 'ok' && bad.value.kind === 'none');
  assert.ok(bgr.status === 'ok' && imageOf(bgr.value)?.data[0] === pattern(2, 3, 3, 2).data[2]);
  assert.deepEqual(readdirSync(scratchDir), [], 'payload files are removed');
});

test('RD-XPROC-01: a variant with a parts recipe runs its own parts in the other process', async (t) => {
  const recipe = (exportName: string) => ({ otherProcessParts: { module: VARIANT_PARTS, exportName } });
  const { alwaysNone, throwsOnRead, hangs } = await import('./fixtures/variantParts.ts');
  const { adapter: none } = await open(t, createSdkTarget(alwaysNone, { name: 'none', version: '0' }, recipe('alwaysNone')));
  const { adapter: thrower } = await open(t, createSdkTarget(throwsOnRead, { name: 'thrower', version: '0' }, recipe('throwsOnRead')));
  const { adapter: hanger } = await open(t, createSdkTarget(hangs, { name: 'hangs', version: '0' }, recipe('hangs')), 3000);
  assert.ok((await none.hello()).capabilities.includes('read-other-process'));
  await hanger.writeBytes('h', await encodeJpeg(smoothRgb(2, 2)), { transport: 'fs' });

  const [n, e, h] = await Promise.all([
    none.read('x', rgbMeta(2, 2), { process: 'other' }),
    thrower.read('x', rgbMeta(2, 2), { process: 'other' }),
    hanger.read('h', rgbMeta(2, 2), { process: 'other' }),
  ]);
  assert.ok(n.status === 'ok' && n.value.kind === 'none');
  assert.ok(e.status === 'ok');
  assert.deepEqual(e.value, { kind: 'exception', type: 'RangeError', message: 'variant refuses' });
  assert.equal(h.status, 'errored');
  assert.match(h.status === 'errored' ? h.message : '', /timed out/);
});
