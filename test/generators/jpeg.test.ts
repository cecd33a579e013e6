import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fc from 'fast-check';
import sharp from 'sharp';
import {
  describeJpeg, jpegRecipe, largeJpegRecipe, materializeJpeg, type JpegRecipe,
} from '../../generators/index.ts';
import { hasExif, Marker, readFrameHeader, restartInterval, walkJpeg } from '../../generators/jpegMarkers.ts';
import { MAX_DECODER_SPREAD } from '../../generators/pixels.ts';
import { generatorNamed } from '../../generators/registry.ts';
import { maxAbsDiff, meanAbsDiff } from './support/checks.ts';

const ALL_COLORS = { colors: ['rgb', 'gray', 'cmyk'] } as const;

async function decodeRgb(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes, { failOn: 'error' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels };
}

function mcuCount(recipe: JpegRecipe): number {
  const mcu = recipe.color === 'rgb' && recipe.subsampling === '4:2:0' ? 16 : 8;
  return Math.ceil(recipe.width / mcu) * Math.ceil(recipe.height / mcu);
}

test('every JPEG variant has the structure its recipe names, decodes to its size and is close to its source', async () => {
  await fc.assert(
    fc.asyncProperty(jpegRecipe({ ...ALL_COLORS }), async (recipe) => {
      const jpeg = await materializeJpeg(recipe);
      const layout = walkJpeg(jpeg.bytes);
      assert.equal(layout.problem, null, describeJpeg(recipe));
      const frame = readFrameHeader(jpeg.bytes, layout);
      assert.ok(frame);
      assert.equal(frame.marker, recipe.progressive ? Marker.SOF2 : Marker.SOF0);
      assert.deepEqual([frame.width, frame.height], [recipe.width, recipe.height]);
      const components = { rgb: 3, gray: 1, cmyk: 4 }[recipe.color];
      assert.equal(frame.components.length, components);
      assert.equal(jpeg.channels, components);
      const sampling = frame.components.map((c) => `${c.horizontalSampling}x${c.verticalSampling}`);
      const luma = recipe.color === 'rgb' && recipe.subsampling === '4:2:0' ? '2x2' : '1x1';
      assert.deepEqual(sampling, [luma, ...Array(components - 1).fill('1x1')]);
      if (recipe.color === 'cmyk') assert.ok(layout.segments.some((s) => s.marker === Marker.APP14), 'Adobe APP14');
      assert.equal(hasExif(jpeg.bytes, layout), recipe.exif);

      const interval = restartInterval(jpeg.bytes, layout);
      const restarts = layout.scans.reduce((n, s) => n + s.restartMarkers, 0);
      if (!recipe.restart) {
        assert.equal(interval, null);
        assert.equal(restarts, 0);
      } else {
        assert.ok(interval !== null && interval > 0);
        if (!recipe.progressive) assert.equal(restarts, Math.ceil(mcuCount(recipe) / interval) - 1);
        else if (mcuCount(recipe) > interval) assert.ok(restarts > 0);
      }

      const decoded = await decodeRgb(jpeg.bytes);
      assert.deepEqual([decoded.width, decoded.height, decoded.channels], [recipe.width, recipe.height, 3]);
      if (recipe.color !== 'cmyk') {
        // Quality 50 on smooth content: measured mean error ~2, worst pixel ~9.
        assert.ok(meanAbsDiff(decoded.data, jpeg.source.data) <= 4, describeJpeg(recipe));
        assert.ok(maxAbsDiff(decoded.data, jpeg.source.data) <= 16, describeJpeg(recipe));
      }
      if (recipe.color === 'gray') {
        const s = jpeg.source.data;
        for (let i = 0; i < s.length; i += 3) assert.ok(s[i] === s[i + 1] && s[i] === s[i + 2]);
      }
    }),
    { numRuns: 40, seed: 201 },
  );
});

test('"odd-size-jpeg" really decodes to odd sizes', async () => {
  const entry = generatorNamed('odd-size-jpeg');
  await fc.assert(
    fc.asyncProperty(entry.arbitrary, async (recipe) => {
      const sample = await entry.materialize(recipe);
      assert.equal(sample.kind, 'encoded');
      if (sample.kind !== 'encoded') return;
      assert.ok(sample.width % 2 === 1 && sample.height % 2 === 1, entry.describe(recipe));
      const decoded = await decodeRgb(sample.bytes);
      assert.deepEqual([decoded.width, decoded.height], [sample.width, sample.height]);
    }),
    { numRuns: 15, seed: 202 },
  );
});

test('a 4097-wide progressive JPEG with restart markers decodes to its size', async () => {
  const recipe: JpegRecipe = {
    width: 4097, height: 3, color: 'rgb', subsampling: '4:2:0', progressive: true, quality: 85,
    restart: { every: 1, unit: 'mcu-rows' }, exif: true, content: 'distinctive', seed: 1,
  };
  assert.equal(describeJpeg(recipe), 'progressive 4:2:0 JPEG 4097x3, quality 85, restart markers every 1 MCU row, EXIF, distinctive colours');
  const jpeg = await materializeJpeg(recipe);
  assert.equal(readFrameHeader(jpeg.bytes)?.marker, Marker.SOF2);
  const decoded = await decodeRgb(jpeg.bytes);
  assert.deepEqual([decoded.width, decoded.height], [4097, 3]);
  assert.ok(meanAbsDiff(decoded.data, jpeg.source.data) <= 4);
});

test('largeJpegRecipe draws a long side of at least 1024, usually at 4095-4097', () => {
  const recipes = fc.sample(largeJpegRecipe(), { numRuns: 200, seed: 203 });
  for (const r of recipes) assert.ok(Math.max(r.width, r.height) >= 1024 && Math.max(r.width, r.height) <= 4097);
  assert.ok(recipes.filter((r) => Math.max(r.width, r.height) >= 4095).length > 60);
  assert.ok(recipes.some((r) => Math.min(r.width, r.height) === 1));
});

test('imageSide bias: 1, odd sizes and MCU edges come up often', () => {
  const recipes = fc.sample(jpegRecipe(), { numRuns: 400, seed: 204 });
  const widths = recipes.map((r) => r.width);
  for (const edge of [1, 7, 8, 9, 15, 16, 17]) assert.ok(widths.includes(edge), `width ${edge} never drawn`);
  assert.ok(widths.filter((w) => w % 2 === 1).length > widths.length / 2);
  assert.ok(widths.every((w) => w >= 1 && w <= 64));
});

function djpeg(bytes: Uint8Array, args: string[]): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = execFile('djpeg', [...args, '-ppm'], { encoding: 'buffer', maxBuffer: 1 << 28 }, (err, out) => {
      if (err) return reject(err);
      // Binary PPM: "P6 <w> <h> <max>" then one whitespace byte, then the pixels.
      let at = 0;
      for (let fields = 0; fields < 4; fields++) {
        while (/\s/.test(String.fromCharCode(out[at]))) at++;
        while (!/\s/.test(String.fromCharCode(out[at]))) at++;
      }
      resolve(new Uint8Array(out.subarray(at + 1)));
    });
    child.stdin?.end(bytes);
  });
}

test(`two correct decoders (fancy+islow vs nearest+float) differ by at most MAX_DECODER_SPREAD (${MAX_DECODER_SPREAD})`, async () => {
  await fc.assert(
    fc.asyncProperty(jpegRecipe({ colors: ['rgb'], maxSide: 96 }), async (recipe) => {
      const { bytes } = await materializeJpeg(recipe);
      const [fancy, nearest] = await Promise.all([djpeg(bytes, []), djpeg(bytes, ['-nosmooth', '-dct', 'float'])]);
      assert.ok(maxAbsDiff(fancy, nearest) <= MAX_DECODER_SPREAD, describeJpeg(recipe));
    }),
    { numRuns: 30, seed: 205 },
  );
});

test('materializing is deterministic', async () => {
  const [recipe] = fc.sample(jpegRecipe({ restart: true, exif: true }), { numRuns: 1, seed: 206 });
  assert.deepEqual((await materializeJpeg(recipe)).bytes, (await materializeJpeg(recipe)).bytes);
});

test('bad constraints and recipes fail at once with a clear message', async () => {
  assert.throws(() => jpegRecipe({ maxSide: 0 }), /jpegRecipe: maxSide must be an integer in \[1, 65500\], got 0/);
  assert.throws(() => jpegRecipe({ minSide: 9, maxSide: 3 }), /jpegRecipe: minSide \(9\) must not exceed maxSide \(3\)/);
  assert.throws(() => jpegRecipe({ minQuality: 90, maxQuality: 80 }), /minQuality \(90\) must not exceed maxQuality/);
  assert.throws(() => jpegRecipe({ colors: ['rgb', 'xyz' as 'rgb'] }), /unknown colors xyz/);
  assert.throws(() => jpegRecipe({ colors: [] }), /colors must be a non-empty array/);
  assert.throws(() => jpegRecipe({ minSide: 2, maxSide: 2, oddSidesOnly: true }), /no odd side/);
  assert.throws(() => largeJpegRecipe({ maxSide: 100 }), /largeJpegRecipe: maxSide/);
  const [recipe] = fc.sample(jpegRecipe(), { numRuns: 1, seed: 1 });
  await assert.rejects(materializeJpeg({ ...recipe, width: 0 }), /materializeJpeg: width/);
});
