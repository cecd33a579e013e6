import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NdArray } from '../../adapter/types.ts';
import { createSdk } from '../../implementations/reference-sdk/sdk.ts';
import type { SdkTransport } from '../../implementations/reference-sdk/storedSegment.ts';
import { isZeros, pattern, reverseChannels, rgbMeta, sameArray, tempDir } from './helpers.ts';

const transports: SdkTransport[] = ['inproc', 'fs'];

for (const transport of transports) {
  test(`RD-ARR-01 (${transport}): an H x W x 3 uint8 array comes back unchanged`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const image = pattern(4, 5);
    sdk.writeArray('a', image, transport);
    assert.ok(sameArray(await sdk.read('a', rgbMeta(5, 4)), image));
    assert.ok(sameArray(await sdk.read('a', rgbMeta(5, 4, { color_space: 'RGB' })), image));
  });

  test(`RD-ARR-02 (${transport}): grey arrays become three equal channels`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const gray2d = pattern(3, 4, 0);
    const gray3d: NdArray = { ...pattern(3, 4, 1), shape: [3, 4, 1] };
    for (const gray of [gray2d, gray3d]) {
      sdk.writeArray('g', gray, transport);
      const result = await sdk.read('g', rgbMeta(4, 3));
      assert.ok(result);
      assert.deepEqual(result.shape, [3, 4, 3]);
      for (let i = 0; i < 12; i++) {
        assert.deepEqual([...result.data.subarray(i * 3, i * 3 + 3)], [gray.data[i], gray.data[i], gray.data[i]]);
      }
    }
  });

  test(`RD-CS-01..03 (${transport}): exactly "BGR" reverses channels, anything else is RGB`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const image = pattern(2, 3);
    sdk.writeArray('c', image, transport);
    assert.ok(sameArray(await sdk.read('c', rgbMeta(3, 2, { color_space: 'BGR' })), reverseChannels(image)));
    for (const color_space of ['RGB', 'bgr', 'Bgr', 'sRGB', 'YUV', '', null, 3, ['BGR']]) {
      assert.ok(sameArray(await sdk.read('c', rgbMeta(3, 2, { color_space })), image), `color_space ${JSON.stringify(color_space)}`);
    }
  });

  test(`RD-CS-01 (${transport}): BGR on a grey array keeps three equal channels`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    sdk.writeArray('g', pattern(2, 2, 0), transport);
    const result = await sdk.read('g', rgbMeta(2, 2, { color_space: 'BGR' }));
    assert.ok(result);
    for (let i = 0; i < result.data.length; i += 3) assert.equal(new Set(result.data.subarray(i, i + 3)).size, 1);
  });

  test(`RD-ARR-03 (${transport}): unsupported arrays give the zero fallback`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const unsupported: NdArray[] = [
      pattern(2, 3, 2),
      pattern(2, 3, 4),
      { dtype: 'uint8', shape: [6], data: new Uint8Array(6) },
      { dtype: 'uint8', shape: [1, 2, 3, 3], data: new Uint8Array(18).fill(9) },
      { dtype: 'uint16', shape: [2, 3, 2], data: new Uint8Array(24).fill(1) },
      { dtype: 'uint8', shape: [], data: new Uint8Array(1).fill(1) },
    ];
    for (const array of unsupported) {
      sdk.writeArray('u', array, transport);
      assert.ok(isZeros(await sdk.read('u', rgbMeta(3, 2)), 3, 2), `${array.dtype} ${array.shape}`);
    }
  });

  test(`RD-ARR-04 (${transport}): a non-uint8 array of a supported shape is cast as numpy's astype(uint8) does`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const cases: Array<[NdArray, number[]]> = [
      [{ dtype: 'uint16', shape: [1, 1, 3], data: new Uint8Array(new Uint16Array([300, 255, 65535]).buffer) }, [44, 255, 255]],
      [{ dtype: 'int16', shape: [1, 1, 3], data: new Uint8Array(new Int16Array([-1, 256, 7]).buffer) }, [255, 0, 7]],
      [{ dtype: 'float32', shape: [1, 1, 3], data: new Uint8Array(new Float32Array([-1.5, 300.7, Number.NaN]).buffer) }, [255, 44, 0]],
      [{ dtype: 'float64', shape: [1, 1, 3], data: new Uint8Array(new Float64Array([0.99, 12.5, 255.9]).buffer) }, [0, 12, 255]],
      [{ dtype: 'bool', shape: [1, 1, 3], data: new Uint8Array([1, 0, 1]) }, [1, 0, 1]],
      [{ dtype: 'int32', shape: [1, 1], data: new Uint8Array(new Int32Array([513]).buffer) }, [1, 1, 1]],
    ];
    for (const [array, want] of cases) {
      sdk.writeArray('c', array, transport);
      const got = await sdk.read('c', rgbMeta(1, 1));
      assert.deepEqual(got && [...got.data], want, `${array.dtype} ${array.shape}`);
    }
  });

  test(`RD-SHAPE-02 (${transport}): strict size, a stored image of another size gives zeros of meta's size`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    sdk.writeArray('s', pattern(4, 5), transport);
    for (const [w, h] of [[4, 5], [5, 3], [6, 4], [1, 1], [10, 8]]) {
      assert.ok(isZeros(await sdk.read('s', rgbMeta(w, h)), w, h), `${w}x${h}`);
    }
  });

  test(`RD-OWN-01/02 (${transport}): reading neither consumes nor shares the segment`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const image = pattern(3, 3);
    sdk.writeArray('o', image, transport);
    for (const meta of [rgbMeta(3, 3), rgbMeta(3, 3, { color_space: 'BGR' })]) {
      const first = await sdk.read('o', meta);
      assert.ok(first);
      const expected = new Uint8Array(first.data);
      first.data.fill(7);
      const second = await sdk.read('o', meta);
      assert.ok(second);
      assert.deepEqual(second.data, expected);
      assert.notEqual(second.data.buffer, first.data.buffer);
    }
  });

  test(`RD-OWN-02 (${transport}): the writer's own array is copied at write time`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const image = pattern(2, 2);
    const original = new Uint8Array(image.data);
    sdk.writeArray('w', image, transport);
    image.data.fill(0);
    assert.deepEqual((await sdk.read('w', rgbMeta(2, 2)))?.data, original);
  });
}

test('a malformed array is refused at write time', (t) => {
  const sdk = createSdk({}, { shmDir: tempDir(t) });
  const bad: NdArray = { dtype: 'uint8', shape: [2, 2, 3], data: new Uint8Array(5) };
  assert.throws(() => sdk.writeArray('m', bad, 'inproc'), TypeError);
  assert.throws(() => sdk.writeArray('m', bad, 'fs'), TypeError);
});
