/**
 * PNG in every colour type and bit depth the format allows (RD-ENC-01): gray 1/2/4/8/16, RGB
 * 8/16, palette 1/2/4/8 with and without tRNS, gray+alpha 8/16, RGBA 8/16, and Adam7 interlace.
 * Each recipe materializes to the file and to what a faithful 8-bit RGB decode of it is; the
 * derivation is in docs/tolerances.md ("PNG and BMP modes").
 */
import fc from 'fast-check';
import { encode as fastPngEncode } from 'fast-png';
import sharp from 'sharp';
import type { NdArray } from '../adapter/types.ts';
import { requireInteger, requireNonEmptySubset, PLAIN } from './checks.ts';
import { imageSide } from './imageSide.ts';
import { seededRandom } from './prng.ts';

export type PngColour = 'gray' | 'rgb' | 'palette' | 'palette-trns' | 'gray-alpha' | 'rgba';
export type PngMode =
  | 'gray1' | 'gray2' | 'gray4' | 'gray8' | 'gray16' | 'rgb8' | 'rgb16'
  | 'palette1' | 'palette2' | 'palette4' | 'palette8'
  | 'palette1-trns' | 'palette2-trns' | 'palette4-trns' | 'palette8-trns'
  | 'gray-alpha8' | 'gray-alpha16' | 'rgba8' | 'rgba16';

export interface PngModeInfo {
  colour: PngColour;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** The IHDR colour type the file must carry. */
  colorType: 0 | 2 | 3 | 4 | 6;
  /**
   * sharp writes every mode it can write exactly; fast-png writes low-bit gray (sharp widens it
   * to 8 bits) and palettes (sharp's quantiser picks its own palette and tRNS).
   */
  encoder: 'sharp' | 'fast-png';
}

const info = (colour: PngColour, bitDepth: PngModeInfo['bitDepth'], colorType: PngModeInfo['colorType'], encoder: PngModeInfo['encoder']): PngModeInfo =>
  ({ colour, bitDepth, colorType, encoder });

export const PNG_MODES: Readonly<Record<PngMode, PngModeInfo>> = {
  gray1: info('gray', 1, 0, 'fast-png'),
  gray2: info('gray', 2, 0, 'fast-png'),
  gray4: info('gray', 4, 0, 'fast-png'),
  gray8: info('gray', 8, 0, 'sharp'),
  gray16: info('gray', 16, 0, 'sharp'),
  rgb8: info('rgb', 8, 2, 'sharp'),
  rgb16: info('rgb', 16, 2, 'sharp'),
  palette1: info('palette', 1, 3, 'fast-png'),
  palette2: info('palette', 2, 3, 'fast-png'),
  palette4: info('palette', 4, 3, 'fast-png'),
  palette8: info('palette', 8, 3, 'fast-png'),
  'palette1-trns': info('palette-trns', 1, 3, 'fast-png'),
  'palette2-trns': info('palette-trns', 2, 3, 'fast-png'),
  'palette4-trns': info('palette-trns', 4, 3, 'fast-png'),
  'palette8-trns': info('palette-trns', 8, 3, 'fast-png'),
  'gray-alpha8': info('gray-alpha', 8, 4, 'sharp'),
  'gray-alpha16': info('gray-alpha', 16, 4, 'sharp'),
  rgba8: info('rgba', 8, 6, 'sharp'),
  rgba16: info('rgba', 16, 6, 'sharp'),
};
export const PNG_MODE_NAMES = Object.keys(PNG_MODES) as PngMode[];

/** fast-png writes no interlaced file below 8 bits, so Adam7 comes from sharp's modes. */
export const canInterlace = (mode: PngMode): boolean => PNG_MODES[mode].encoder === 'sharp';

export interface PngModeRecipe {
  mode: PngMode;
  interlaced: boolean;
  width: number;
  height: number;
  seed: number;
}

export interface PngModeConstraints {
  /** Default: every mode. */
  modes?: readonly PngMode[];
  /** Largest side, default 16. */
  maxSide?: number;
}

/** A small PNG of any colour type and bit depth, interlaced or not. */
export function pngModeRecipe(constraints: PngModeConstraints = {}): fc.Arbitrary<PngModeRecipe> {
  const modes = constraints.modes ?? PNG_MODE_NAMES;
  const maxSide = constraints.maxSide ?? 16;
  requireNonEmptySubset('pngModeRecipe', 'modes', modes, PNG_MODE_NAMES);
  requireInteger('pngModeRecipe', 'maxSide', maxSide, 1, 4096);
  const side = imageSide({ max: maxSide });
  return fc.record({
    mode: fc.constantFrom(...modes),
    interlaced: fc.boolean(),
    width: side,
    height: side,
    seed: fc.nat({ max: 0x7fffffff }),
  }, PLAIN).map((r) => (r.interlaced && !canInterlace(r.mode) ? { ...r, interlaced: false } : r));
}

export interface MaterializedPngMode {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** The faithful 8-bit RGB decode, alpha dropped. */
  expected: NdArray;
  /** What a faithful decode may give instead: alpha composited on black, then on white. */
  alternatives: NdArray[];
}

/** Samples per pixel as stored (a palette index is one sample). */
const CHANNELS: Record<PngColour, number> = { gray: 1, rgb: 3, palette: 1, 'palette-trns': 1, 'gray-alpha': 2, rgba: 4 };

/** Rows of `depth`-bit samples packed big-endian, each row starting on a byte. */
function packRows(samples: ArrayLike<number>, width: number, height: number, depth: number): Uint8Array {
  const rowBytes = Math.ceil((width * depth) / 8);
  const out = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      out[y * rowBytes + (bit >> 3)]! |= samples[y * width + x]! << (8 - depth - (bit & 7));
    }
  }
  return out;
}

/** Three 0..255 colour values (fractional for 16-bit and low-bit samples) and an alpha in 0..1 per pixel. */
interface Pixels { rgb: Float64Array; alpha?: Float64Array }

function toImages(p: Pixels, width: number, height: number): Pick<MaterializedPngMode, 'expected' | 'alternatives'> {
  const n = width * height;
  const image = (f: (c: number, a: number) => number): NdArray => {
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < n * 3; i++) data[i] = Math.round(f(p.rgb[i]!, p.alpha ? p.alpha[Math.floor(i / 3)]! : 1));
    return { dtype: 'uint8', shape: [height, width, 3], data };
  };
  const expected = image((c) => c);
  if (!p.alpha) return { expected, alternatives: [] };
  return { expected, alternatives: [image((c, a) => c * a), image((c, a) => c * a + 255 * (1 - a))] };
}

/** Encodes a {@link PngModeRecipe}; a pure function of the recipe. */
export async function materializePngMode(recipe: PngModeRecipe): Promise<MaterializedPngMode> {
  const { mode, width, height, interlaced } = recipe;
  requireNonEmptySubset('materializePngMode', 'mode', [mode], PNG_MODE_NAMES);
  if (interlaced && !canInterlace(mode)) throw new RangeError(`materializePngMode: ${mode} cannot be written interlaced`);
  const { colour, bitDepth } = PNG_MODES[mode];
  const next = seededRandom(recipe.seed);
  const n = width * height;
  const max = 2 ** bitDepth - 1;
  const to8 = (v: number) => (v * 255) / max;

  if (colour === 'palette' || colour === 'palette-trns') {
    const size = 2 ** bitDepth;
    // Non-opaque entries first: fast-png's tRNS lists the alphas of the leading non-opaque entries.
    const translucent = colour === 'palette-trns' ? Math.ceil(size / 2) : 0;
    const palette = Array.from({ length: size }, (_, i) => {
      const c = [0, 1, 2].map(() => Math.floor(next() * 256));
      return colour === 'palette-trns' ? [...c, i < translucent ? Math.floor(next() * 255) : 255] : c;
    });
    const indices = Array.from({ length: n }, () => Math.floor(next() * size));
    const data = bitDepth === 8 ? Uint8Array.from(indices) : packRows(indices, width, height, bitDepth);
    const bytes = fastPngEncode({ width, height, data, depth: bitDepth, channels: 1, palette });
    const rgb = Float64Array.from({ length: n * 3 }, (_, i) => palette[indices[Math.floor(i / 3)]!]![i % 3]!);
    const alpha = colour === 'palette-trns' ? Float64Array.from(indices, (k) => palette[k]![3]! / 255) : undefined;
    return { bytes, width, height, ...toImages({ rgb, ...(alpha ? { alpha } : {}) }, width, height) };
  }

  const channels = CHANNELS[colour];
  const samples = Array.from({ length: n * channels }, () => Math.floor(next() * (max + 1)));
  const colourOf = (i: number, c: number) => samples[i * channels + (channels >= 3 ? c : 0)]!;
  const rgb = Float64Array.from({ length: n * 3 }, (_, k) => to8(colourOf(Math.floor(k / 3), k % 3)));
  const alpha = channels === 2 || channels === 4 ? Float64Array.from({ length: n }, (_, i) => samples[i * channels + channels - 1]! / max) : undefined;
  const images = toImages({ rgb, ...(alpha ? { alpha } : {}) }, width, height);

  if (PNG_MODES[mode].encoder === 'fast-png') {
    const bytes = fastPngEncode({ width, height, data: packRows(samples, width, height, bitDepth), depth: bitDepth, channels: 1 });
    return { bytes, width, height, ...images };
  }
  const raw = bitDepth === 16 ? Uint16Array.from(samples) : Uint8Array.from(samples);
  const gray = colour === 'gray' || colour === 'gray-alpha';
  // Without a 16-bit (or gray) colourspace sharp writes 8-bit RGB whatever the input.
  const space = gray ? (bitDepth === 16 ? 'grey16' : 'b-w') : bitDepth === 16 ? 'rgb16' : 'srgb';
  const bytes = await sharp(raw, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } })
    .toColourspace(space).png({ progressive: interlaced }).toBuffer();
  return { bytes: new Uint8Array(bytes), width, height, ...images };
}

/** The class name a feature uses, e.g. "png-palette4-trns" or "png-rgb16-adam7". */
export function pngModeName(recipe: Pick<PngModeRecipe, 'mode' | 'interlaced'>): string {
  return `png-${recipe.mode}${recipe.interlaced ? '-adam7' : ''}`;
}

/** The recipe fields a class name fixes, or undefined when the name is no PNG mode. */
export function parsePngModeName(name: string): Pick<PngModeRecipe, 'mode' | 'interlaced'> | undefined {
  const m = /^png-(.+?)(-adam7)?$/.exec(name);
  if (!m || !(PNG_MODE_NAMES as string[]).includes(m[1]!)) return undefined;
  const r = { mode: m[1] as PngMode, interlaced: m[2] !== undefined };
  return r.interlaced && !canInterlace(r.mode) ? undefined : r;
}

/** One line for humans, e.g. "PNG palette4-trns 9x6 (colour type 3, 4-bit)". */
export function describePngMode(recipe: PngModeRecipe): string {
  const { colorType, bitDepth } = PNG_MODES[recipe.mode];
  return `PNG ${recipe.mode}${recipe.interlaced ? ' Adam7' : ''} ${recipe.width}x${recipe.height} (colour type ${colorType}, ${bitDepth}-bit)`;
}
