/**
 * BMP in the bit depths and compressions readers meet (RD-ENC-01): 1-, 4- and 8-bit palette,
 * 24-bit, 32-bit with alpha (BITMAPV5HEADER, BI_BITFIELDS) and RLE8. sharp cannot write BMP, so
 * ImageMagick does (Debian: imagemagick; CI must install it); one spawn per recipe, cached.
 * ImageMagick writes no RLE4, so RLE4 is not among the modes (docs/inputs.md).
 */
import { runTool } from './externalTool.ts';
import fc from 'fast-check';
import { encode as fastPngEncode } from 'fast-png';
import type { NdArray } from '../adapter/types.ts';
import { requireInteger, requireNonEmptySubset, PLAIN } from './checks.ts';
import { imageSide } from './imageSide.ts';
import { seededRandom } from './prng.ts';

export type BmpMode = 'bmp-1bit' | 'bmp-4bit' | 'bmp-8bit' | 'bmp-24bit' | 'bmp-32bit-alpha' | 'bmp-rle8';

export interface BmpModeInfo {
  /** biBitCount and biCompression the file must carry (0 BI_RGB, 1 BI_RLE8, 3 BI_BITFIELDS). */
  bitCount: 1 | 4 | 8 | 24 | 32;
  compression: 0 | 1 | 3;
  /**
   * Distinct colours drawn, for palette modes: ImageMagick picks the bit depth from the number of
   * colours an image holds (2: 1-bit, 3..16: 4-bit, more: 8-bit), so each mode draws a count in its band.
   */
  colours?: { min: number; max: number };
  /** Smallest side, so that the image has room for `colours.min` colours. */
  minSide: number;
  /**
   * Widths must be a multiple of this. ImageMagick's RLE8 writer pads each row to a multiple of
   * 4 pixels with runs past the row's end; decoders disagree on such runs (Pillow clips them,
   * ImageMagick's own reader wraps them into the next row at widths 1 and 2), so a file with them
   * would judge a decoder on a question the format leaves open.
   */
  widthStep?: number;
}

export const BMP_MODES: Readonly<Record<BmpMode, BmpModeInfo>> = {
  'bmp-1bit': { bitCount: 1, compression: 0, colours: { min: 1, max: 2 }, minSide: 1 },
  'bmp-4bit': { bitCount: 4, compression: 0, colours: { min: 3, max: 16 }, minSide: 2 },
  'bmp-8bit': { bitCount: 8, compression: 0, colours: { min: 17, max: 256 }, minSide: 5 },
  'bmp-24bit': { bitCount: 24, compression: 0, minSide: 1 },
  'bmp-32bit-alpha': { bitCount: 32, compression: 3, minSide: 1 },
  // RLE is only written at 8 bits, whatever the number of colours.
  'bmp-rle8': { bitCount: 8, compression: 1, colours: { min: 1, max: 24 }, minSide: 1, widthStep: 4 },
};
export const BMP_MODE_NAMES = Object.keys(BMP_MODES) as BmpMode[];

export interface BmpModeRecipe {
  mode: BmpMode;
  width: number;
  height: number;
  seed: number;
}

export interface BmpModeConstraints {
  /** Default: every mode. */
  modes?: readonly BmpMode[];
  /** Largest side, default 16. */
  maxSide?: number;
}

/** A small BMP of any mode; sides below the mode's minimum are raised to it, widths rounded down to its step. */
export function bmpModeRecipe(constraints: BmpModeConstraints = {}): fc.Arbitrary<BmpModeRecipe> {
  const modes = constraints.modes ?? BMP_MODE_NAMES;
  const maxSide = constraints.maxSide ?? 16;
  requireNonEmptySubset('bmpModeRecipe', 'modes', modes, BMP_MODE_NAMES);
  requireInteger('bmpModeRecipe', 'maxSide', maxSide, 5, 4096);
  const side = imageSide({ max: maxSide });
  return fc.record({ mode: fc.constantFrom(...modes), width: side, height: side, seed: fc.nat({ max: 0x7fffffff }) }, PLAIN)
    .map((r) => {
      const { minSide: min, widthStep: step = 1 } = BMP_MODES[r.mode];
      const width = Math.max(min, r.width);
      return { ...r, width: Math.max(step, width - (width % step)), height: Math.max(min, r.height) };
    });
}

export interface MaterializedBmpMode {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** The faithful 8-bit RGB decode, alpha dropped. */
  expected: NdArray;
  /** What a faithful decode may give instead: alpha composited on black, then on white. */
  alternatives: NdArray[];
}

const CONVERT = process.env.PV_CONFORM_CONVERT ?? 'convert';

function runConvert(args: string[], input: Uint8Array): Promise<Uint8Array> {
  return runTool(CONVERT, args, input, 'imagemagick', 'BMP modes');
}

/**
 * `count` distinct colours, each used, and an index per pixel in runs (what RLE encodes as runs).
 * They reach ImageMagick as a palette PNG: given RGB, its quantiser may merge colours even when
 * there are fewer than 256.
 */
function palettePixels(next: () => number, n: number, count: number): { palette: number[][]; indices: Uint8Array } {
  const palette: number[][] = [];
  const seen = new Set<number>();
  while (palette.length < count) {
    const c = Math.floor(next() * 0x1000000);
    if (!seen.has(c)) palette.push([c >> 16, (c >> 8) & 0xff, c & 0xff]), seen.add(c);
  }
  const indices = new Uint8Array(n);
  let run = 0;
  let index = 0;
  for (let i = 0; i < n; i++) {
    if (i < count) index = i;
    else if (run-- <= 0) [index, run] = [Math.floor(next() * count), Math.floor(next() * 5)];
    indices[i] = index;
  }
  return { palette, indices };
}

const cache = new Map<string, Promise<MaterializedBmpMode>>();

/** Encodes a {@link BmpModeRecipe}; a pure function of the recipe. */
export function materializeBmpMode(recipe: BmpModeRecipe): Promise<MaterializedBmpMode> {
  const key = JSON.stringify([recipe.mode, recipe.width, recipe.height, recipe.seed]);
  let found = cache.get(key);
  if (!found) {
    found = encode(recipe);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

async function encode(recipe: BmpModeRecipe): Promise<MaterializedBmpMode> {
  const { mode, width, height } = recipe;
  requireNonEmptySubset('materializeBmpMode', 'mode', [mode], BMP_MODE_NAMES);
  const { colours, minSide } = BMP_MODES[mode];
  if (width < minSide || height < minSide) throw new RangeError(`materializeBmpMode: ${mode} needs sides of at least ${minSide}`);
  const step = BMP_MODES[mode].widthStep ?? 1;
  if (width % step) throw new RangeError(`materializeBmpMode: ${mode} needs a width that is a multiple of ${step}`);
  const next = seededRandom(recipe.seed);
  const n = width * height;
  const size = `${width}x${height}`;
  const image = (data: Uint8Array): NdArray => ({ dtype: 'uint8', shape: [height, width, 3], data });
  if (mode === 'bmp-32bit-alpha') {
    const rgba = Uint8Array.from({ length: n * 4 }, () => Math.floor(next() * 256));
    const bytes = await runConvert(['-size', size, '-depth', '8', 'rgba:-', '-alpha', 'on', '-type', 'TrueColorAlpha', 'BMP:-'], rgba);
    const composite = (f: (c: number, a: number) => number) =>
      image(Uint8Array.from({ length: n * 3 }, (_, k) => Math.round(f(rgba[Math.floor(k / 3) * 4 + (k % 3)]!, rgba[Math.floor(k / 3) * 4 + 3]! / 255))));
    return {
      bytes, width, height, expected: composite((c) => c),
      alternatives: [composite((c, a) => c * a), composite((c, a) => c * a + 255 * (1 - a))],
    };
  }
  let rgb: Uint8Array;
  let bytes: Uint8Array;
  if (colours) {
    const most = Math.min(colours.max, n);
    const count = colours.min + Math.floor(next() * (most - colours.min + 1));
    const { palette, indices } = palettePixels(next, n, count);
    rgb = Uint8Array.from({ length: n * 3 }, (_, k) => palette[indices[Math.floor(k / 3)]!]![k % 3]!);
    const png = fastPngEncode({ width, height, data: indices, depth: 8, channels: 1, palette });
    bytes = await runConvert(['png:-', '-type', 'Palette', '-compress', mode === 'bmp-rle8' ? 'RLE' : 'None', 'BMP3:-'], png);
  } else {
    rgb = Uint8Array.from({ length: n * 3 }, () => Math.floor(next() * 256));
    bytes = await runConvert(['-size', size, '-depth', '8', 'rgb:-', '-type', 'TrueColor', '-compress', 'None', 'BMP3:-'], rgb);
  }
  return { bytes, width, height, expected: image(rgb), alternatives: [] };
}

/** The recipe's mode when `name` is a BMP mode's class name. */
export function parseBmpModeName(name: string): BmpMode | undefined {
  return (BMP_MODE_NAMES as string[]).includes(name) ? (name as BmpMode) : undefined;
}

/** One line for humans, e.g. "BMP bmp-rle8 9x6 (8-bit, compression 1)". */
export function describeBmpMode(recipe: BmpModeRecipe): string {
  const { bitCount, compression } = BMP_MODES[recipe.mode];
  return `BMP ${recipe.mode} ${recipe.width}x${recipe.height} (${bitCount}-bit, compression ${compression})`;
}
