import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createSdk } from '../../implementations/reference-sdk/sdk.ts';
import { isZeros, pattern, rgbMeta, tempDir } from './helpers.ts';

test('RD-META-01/02: invalid width/height gives none, never an exception', async (t) => {
  const sdk = createSdk({}, { shmDir: tempDir(t) });
  sdk.writeArray('seg', pattern(2, 3));
  const invalid: unknown[] = [
    undefined, null, 3, 'meta', true, [], [2, 3],
    {}, { width: 3 }, { height: 2 },
    { width: 0, height: 2 }, { width: 3, height: -1 }, { width: 3.5, height: 2 },
    { width: '3', height: 2 }, { width: true, height: 2 }, { width: 3, height: null },
    { width: Number.NaN, height: 2 }, { width: Number.POSITIVE_INFINITY, height: 2 },
    { width: 3n, height: 2 }, { width: -0, height: 2 },
  ];
  for (const meta of invalid) {
    assert.equal(await sdk.read('seg', meta), null, `meta ${String(JSON.stringify(meta, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)))}`);
  }
});

test('RD-META-02: a meta whose getters throw is invalid, not a crash', async (t) => {
  const sdk = createSdk({}, { shmDir: tempDir(t) });
  const hostile = Object.defineProperty({}, 'width', { get() { throw new Error('boom'); }, enumerable: true });
  const proxy = new Proxy({}, { get() { throw new Error('trap'); } });
  assert.equal(await sdk.read('seg', hostile), null);
  assert.equal(await sdk.read('seg', proxy), null);
});

test('RD-ROBUST-03: a meta too large for a bounded fallback gives none', async (t) => {
  const sdk = createSdk({}, { shmDir: tempDir(t) });
  assert.equal(await sdk.read('seg', rgbMeta(2 ** 20, 2 ** 20)), null);
  assert.equal(await sdk.read('seg', rgbMeta(Number.MAX_SAFE_INTEGER, 1)), null);
  const small = createSdk({}, { shmDir: tempDir(t), maxPixels: 100 });
  assert.equal(await small.read('seg', rgbMeta(11, 10)), null);
  assert.ok(isZeros(await small.read('seg', rgbMeta(10, 10)), 10, 10));
});

test('RD-FALL-01: a missing segment gives zeros sized by meta', async (t) => {
  const sdk = createSdk({}, { shmDir: tempDir(t) });
  assert.ok(isZeros(await sdk.read('nothing-here', rgbMeta(5, 4)), 5, 4));
  assert.ok(isZeros(await sdk.read('', { width: 1, height: 1 }), 1, 1));
});

const sizeLike = fc.oneof(fc.integer({ min: -2, max: 6 }), fc.double(), fc.anything());
const sizeLikeMeta = fc.record({ width: sizeLike, height: sizeLike, color_space: fc.oneof(fc.constant('BGR'), fc.anything()) }, { requiredKeys: [] });

test('RD-ROBUST-01: arbitrary metas and ids never throw', async (t) => {
  const sdk = createSdk({}, { shmDir: tempDir(t) });
  sdk.writeArray('x', pattern(2, 2));
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.constant('x'), fc.string()), fc.oneof(fc.anything(), sizeLikeMeta), async (id, meta) => {
      const result = await sdk.read(id, meta);
      assert.ok(result === null || (result.dtype === 'uint8' && result.shape.length === 3));
    }),
    { numRuns: 300, seed: 42 },
  );
});
