import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { createSdk } from '../../implementations/reference-sdk/sdk.ts';
import { decodeJpeg } from '../../implementations/reference-sdk/parts/decodeJpeg.ts';
import type { SdkTransport } from '../../implementations/reference-sdk/storedSegment.ts';
import { type JpegOptions, encodeJpeg, isZeros, maxAbsDiff, pattern, rgbMeta, smoothRgb, tempDir } from './helpers.ts';

const transports: SdkTransport[] = ['inproc', 'fs'];

for (const transport of transports) {
  test(`RD-DEC-01 (${transport}): valid JPEG variants decode close to what was encoded`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const variants: Array<[string, number, number, JpegOptions]> = [
      ['baseline 4:4:4', 16, 12, {}],
      ['progressive', 16, 12, { progressive: true }],
      ['4:2:0', 16, 12, { chromaSubsampling: '4:2:0' }],
      ['1x1', 1, 1, {}],
      ['odd size', 7, 5, {}],
      ['odd size 4:2:0', 9, 3, { chromaSubsampling: '4:2:0' }],
    ];
    for (const [label, w, h, options] of variants) {
      const image = smoothRgb(h, w);
      sdk.devWriteBytes('j', await encodeJpeg(image, options), transport);
      const result = await sdk.read('j', rgbMeta(w, h));
      assert.ok(result, label);
      assert.deepEqual(result.shape, [h, w, 3], label);
      assert.ok(maxAbsDiff(result.data, image.data) <= 12, `${label}: diff ${maxAbsDiff(result.data, image.data)}`);
    }
  });

  test(`RD-DEC-01..03 (${transport}): grey, CMYK and EXIF JPEGs become 8-bit RGB`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const gray = pattern(4, 6, 1);
    sdk.devWriteBytes('g', new Uint8Array(await sharp(gray.data, { raw: { width: 6, height: 4, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 100 }).toBuffer()), transport);
    const g = await sdk.read('g', rgbMeta(6, 4));
    assert.ok(g);
    assert.deepEqual(g.shape, [4, 6, 3]);
    for (let i = 0; i < g.data.length; i += 3) assert.equal(new Set(g.data.subarray(i, i + 3)).size, 1);

    const image = smoothRgb(4, 6);
    const raw = { raw: { width: 6, height: 4, channels: 3 as const } };
    sdk.devWriteBytes('k', new Uint8Array(await sharp(image.data, raw).toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer()), transport);
    const k = await sdk.read('k', rgbMeta(6, 4));
    assert.ok(k && k.shape.join() === '4,6,3' && !isZeros(k, 6, 4));

    // Orientation 6 would swap the axes if applied; the stored pixel grid is what meta describes.
    sdk.devWriteBytes('e', new Uint8Array(await sharp(image.data, raw).withMetadata({ orientation: 6 }).jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer()), transport);
    const e = await sdk.read('e', rgbMeta(6, 4));
    assert.ok(e && maxAbsDiff(e.data, image.data) <= 12);
  });

  test(`RD-CS-04 (${transport}): BGR applies to decoded bytes by default, not with bgrAppliesToBytes false`, async (t) => {
    const dir = tempDir(t);
    const image = smoothRgb(4, 4);
    const jpeg = await encodeJpeg(image);
    const byDefault = createSdk({}, { shmDir: dir });
    const seedLike = createSdk({}, { shmDir: dir, bgrAppliesToBytes: false });
    byDefault.devWriteBytes('b', jpeg, transport);
    seedLike.devWriteBytes('b', jpeg, transport);
    const swapped = await byDefault.read('b', rgbMeta(4, 4, { color_space: 'BGR' }));
    const kept = await seedLike.read('b', rgbMeta(4, 4, { color_space: 'BGR' }));
    assert.ok(swapped && kept);
    assert.ok(Math.abs(swapped.data[0] - image.data[2]) <= 12 && Math.abs(swapped.data[2] - image.data[0]) <= 12);
    assert.ok(maxAbsDiff(kept.data, image.data) <= 12);
  });

  test(`RD-SHAPE-02 (${transport}): a JPEG of another size than meta gives zeros`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    sdk.devWriteBytes('s', await encodeJpeg(smoothRgb(8, 8)), transport);
    assert.ok(isZeros(await sdk.read('s', rgbMeta(4, 4)), 4, 4));
    assert.ok(isZeros(await sdk.read('s', rgbMeta(16, 16)), 16, 16));
    assert.ok(isZeros(await sdk.read('s', rgbMeta(8, 7)), 8, 7));
  });

  test(`RD-FALL-02 and RD-ENC-01 (${transport}): undecodable and non-JPEG bytes give zeros`, async (t) => {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    const image = smoothRgb(8, 8);
    const jpeg = await encodeJpeg(image);
    const raw = { raw: { width: 8, height: 8, channels: 3 as const } };
    const inputs: Array<[string, Uint8Array]> = [
      ['empty', new Uint8Array()],
      ['SOI only', new Uint8Array([0xff, 0xd8, 0xff])],
      ['truncated to half', jpeg.subarray(0, jpeg.length >> 1)],
      ['truncated by 20 bytes', jpeg.subarray(0, jpeg.length - 20)],
      ['garbage', new Uint8Array(200).map((_, i) => (i * 89) % 256)],
      ['JPEG magic then garbage', new Uint8Array([0xff, 0xd8, 0xff, ...new Uint8Array(100).fill(0x42)])],
      ['PNG', new Uint8Array(await sharp(image.data, raw).png().toBuffer())],
      ['WebP', new Uint8Array(await sharp(image.data, raw).webp().toBuffer())],
      ['GIF', new Uint8Array(await sharp(image.data, raw).gif().toBuffer())],
      ['TIFF', new Uint8Array(await sharp(image.data, raw).tiff().toBuffer())],
    ];
    for (const [label, bytes] of inputs) {
      sdk.devWriteBytes('x', bytes, transport);
      assert.ok(isZeros(await sdk.read('x', rgbMeta(8, 8)), 8, 8), label);
    }
  });
}

test('RD-ROBUST-02: a decompression bomb is refused from its header, quickly', async () => {
  const bomb = new Uint8Array(await sharp({ create: { width: 6000, height: 6000, channels: 3, background: '#000' } }).jpeg().toBuffer());
  const started = performance.now();
  assert.equal(await decodeJpeg(bomb, 64 * 64), null);
  assert.ok(performance.now() - started < 500);
});

test('RD-FALL-03: bit flips never throw and always give meta-sized RGB', async (t) => {
  const sdk = createSdk({}, { shmDir: tempDir(t) });
  const jpeg = await encodeJpeg(smoothRgb(8, 8));
  for (let i = 0; i < jpeg.length; i += 3) {
    const flipped = new Uint8Array(jpeg);
    flipped[i] ^= 0x10;
    sdk.devWriteBytes('f', flipped);
    const result = await sdk.read('f', rgbMeta(8, 8));
    assert.ok(result && result.dtype === 'uint8' && result.shape.join() === '8,8,3' && result.data.length === 192);
  }
});

test('RD-OWN-02: the decoded result is a fresh array each time', async (t) => {
  const sdk = createSdk({}, { shmDir: tempDir(t) });
  sdk.devWriteBytes('r', await encodeJpeg(smoothRgb(4, 4)));
  const first = await sdk.read('r', rgbMeta(4, 4));
  assert.ok(first);
  const expected = new Uint8Array(first.data);
  first.data.fill(3);
  assert.deepEqual((await sdk.read('r', rgbMeta(4, 4)))?.data, expected);
});
