import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DISTINCTIVE_BANDS, grayPixels, grayToRgb, MAX_GRADIENT, MIN_CHANNEL_MARGIN, rgbPixels,
} from '../../generators/pixels.ts';

/** Largest difference between 8-connected neighbours in any channel. */
function steepest(data: Uint8Array, width: number, height: number, channels: number): number {
  let worst = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (const [dx, dy] of [[1, 0], [0, 1], [1, 1], [-1, 1]]) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || nx >= width || ny >= height) continue;
        for (let c = 0; c < channels; c++) {
          const d = Math.abs(data[(y * width + x) * channels + c] - data[(ny * width + nx) * channels + c]);
          if (d > worst) worst = d;
        }
      }
    }
  }
  return worst;
}

const size = fc.record({ width: fc.integer({ min: 1, max: 96 }), height: fc.integer({ min: 1, max: 96 }), seed: fc.nat() });

test('smooth, distinctive and gray content never step more than MAX_GRADIENT between neighbours', () => {
  fc.assert(
    fc.property(size, ({ width, height, seed }) => {
      assert.ok(steepest(rgbPixels(width, height, seed, 'smooth'), width, height, 3) <= MAX_GRADIENT);
      assert.ok(steepest(rgbPixels(width, height, seed, 'distinctive'), width, height, 3) <= MAX_GRADIENT);
      assert.ok(steepest(grayPixels(width, height, seed), width, height, 1) <= MAX_GRADIENT);
    }),
    { numRuns: 60, seed: 101 },
  );
  // A frame wider than any wave period, so every wave's full slope is exercised.
  assert.ok(steepest(rgbPixels(700, 300, 9, 'smooth'), 700, 300, 3) <= MAX_GRADIENT);
});

test('distinctive content keeps R, G and B in disjoint bands with a wide margin everywhere', () => {
  fc.assert(
    fc.property(size, ({ width, height, seed }) => {
      const rgb = rgbPixels(width, height, seed, 'distinctive');
      for (let i = 0; i < width * height; i++) {
        const [r, g, b] = [rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]];
        assert.ok(r >= DISTINCTIVE_BANDS.r[0] && r <= DISTINCTIVE_BANDS.r[1]);
        assert.ok(g >= DISTINCTIVE_BANDS.g[0] && g <= DISTINCTIVE_BANDS.g[1]);
        assert.ok(b >= DISTINCTIVE_BANDS.b[0] && b <= DISTINCTIVE_BANDS.b[1]);
        assert.ok(r - g >= MIN_CHANNEL_MARGIN && g - b >= MIN_CHANNEL_MARGIN && r - b >= 135);
      }
    }),
    { numRuns: 40, seed: 102 },
  );
});

test('content is a pure function of its arguments, varies with the seed, and is never 0 or 255', () => {
  assert.deepEqual(rgbPixels(33, 17, 5), rgbPixels(33, 17, 5));
  assert.notDeepEqual(rgbPixels(33, 17, 5), rgbPixels(33, 17, 6));
  const all = [rgbPixels(200, 100, 1, 'smooth'), rgbPixels(200, 100, 1, 'distinctive'), grayPixels(200, 100, 1)];
  for (const data of all) assert.ok(data.every((v) => v > 0 && v < 255));
  // Not flat: smooth content must still show structure on a mid-sized frame.
  const gray = grayPixels(64, 64, 3);
  assert.ok(Math.max(...gray) - Math.min(...gray) >= 10);
});

test('grayToRgb repeats each value into three channels', () => {
  assert.deepEqual([...grayToRgb(new Uint8Array([7, 200]))], [7, 7, 7, 200, 200, 200]);
});

test('bad sizes fail at once with the function name', () => {
  assert.throws(() => rgbPixels(0, 5, 1), /rgbPixels: width/);
  assert.throws(() => grayPixels(5, 1.5, 1), /grayPixels: height/);
});
