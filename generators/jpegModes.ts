/**
 * JPEG modes a camera pipeline or a photo library writes and sharp cannot: 4:2:2, 4:4:0 and
 * 4:1:1 chroma subsampling and arithmetic coding (libjpeg-turbo's cjpeg), YCCK (ImageMagick),
 * and EXIF orientations 1-8 (sharp). Gray and Adobe CMYK come from {@link materializeJpeg}.
 *
 * 12-bit JPEG is not generated: Debian 12's libjpeg-turbo 2.1.5 cjpeg has no `-precision`
 * (3.0 added it), and neither sharp's libjpeg nor Pillow's decodes 12-bit samples, so the kit
 * could not state the pixels such a file must give (docs/inputs.md, "JPEG modes").
 */
import { runTool } from './externalTool.ts';
import fc from 'fast-check';
import sharp from 'sharp';
import type { NdArray } from '../adapter/types.ts';
import { PLAIN, requireInteger, requireNonEmptySubset } from './checks.ts';
import { materializeJpeg } from './materializeJpeg.ts';
import { rgbPixels, uint8Image } from './pixels.ts';

export type JpegMode =
  | 'gray' | 'cmyk' | 'ycck' | '4:2:2' | '4:4:0' | '4:1:1' | 'arithmetic' | 'arithmetic-progressive' | 'orientation';
export const JPEG_MODES: readonly JpegMode[] = [
  'gray', 'cmyk', 'ycck', '4:2:2', '4:4:0', '4:1:1', 'arithmetic', 'arithmetic-progressive', 'orientation',
];
/** Four-component modes: their RGB depends on the decoder's CMYK conversion (docs/tolerances.md). */
export const CMYK_MODES: readonly JpegMode[] = ['cmyk', 'ycck'];

/** cjpeg's `-sample` for the luma component (chroma stays 1x1): horizontal x vertical. */
const SAMPLING: Partial<Record<JpegMode, string>> = { '4:2:2': '2x1', '4:4:0': '1x2', '4:1:1': '4x1' };

export interface JpegModeRecipe {
  mode: JpegMode;
  width: number;
  height: number;
  quality: number;
  /** EXIF Orientation tag, 1-8; only mode 'orientation' writes one (1 elsewhere). */
  orientation: number;
  seed: number;
}

export interface JpegModeConstraints {
  /** Default every mode. */
  modes?: readonly JpegMode[];
  /** Default 1. */
  minSide?: number;
  /** Default 40: past the 32-pixel MCU of 4:1:1. */
  maxSide?: number;
}

/** Smallest side of an orientation frame: below it a flip moves too few levels to be told apart. */
export const MIN_ORIENTATION_SIDE = 8;
/** Orientation frames are square: 5-8 swap width and height, which would tangle RD-DEC-04 with RD-SHAPE-02. */
const MAX_ORIENTATION_SIDE = 16;

/**
 * A JPEG in one of {@link JPEG_MODES}. Sides shrink toward 1 (toward {@link MIN_ORIENTATION_SIDE}
 * for orientation frames, which are square), orientations toward 1.
 */
export function jpegModeRecipe(constraints: JpegModeConstraints = {}): fc.Arbitrary<JpegModeRecipe> {
  const where = 'jpegModeRecipe';
  const modes = constraints.modes ?? JPEG_MODES;
  requireNonEmptySubset(where, 'modes', modes, JPEG_MODES);
  const minSide = constraints.minSide ?? 1;
  const maxSide = constraints.maxSide ?? 40;
  requireInteger(where, 'minSide', minSide, 1, 4096);
  requireInteger(where, 'maxSide', maxSide, minSide, 4096);
  const side = fc.integer({ min: minSide, max: maxSide });
  return fc
    .record({
      mode: fc.constantFrom(...modes),
      width: side,
      height: side,
      quality: fc.integer({ min: 75, max: 100 }),
      orientation: fc.integer({ min: 1, max: 8 }),
      seed: fc.nat({ max: 0x7fffffff }),
    }, PLAIN)
    .map((r): JpegModeRecipe => {
      if (r.mode !== 'orientation') return { ...r, orientation: 1 };
      const s = Math.min(MAX_ORIENTATION_SIDE, Math.max(MIN_ORIENTATION_SIDE, r.width));
      return { ...r, width: s, height: s };
    });
}

export function describeJpegMode(r: JpegModeRecipe): string {
  const what: Record<JpegMode, string> = {
    gray: 'grayscale JPEG',
    cmyk: 'Adobe CMYK JPEG (APP14 transform 0, inverted)',
    ycck: 'Adobe YCCK JPEG (APP14 transform 2, inverted)',
    '4:2:2': '4:2:2 JPEG',
    '4:4:0': '4:4:0 JPEG',
    '4:1:1': '4:1:1 JPEG',
    arithmetic: 'arithmetic-coded JPEG',
    'arithmetic-progressive': 'progressive arithmetic-coded JPEG',
    orientation: `JPEG with EXIF orientation ${r.orientation}`,
  };
  return `${what[r.mode]} ${r.width}x${r.height}, quality ${r.quality}`;
}

export function checkJpegModeRecipe(r: JpegModeRecipe): void {
  const where = 'materializeJpegMode';
  requireNonEmptySubset(where, 'mode', [r.mode], JPEG_MODES);
  requireInteger(where, 'width', r.width, 1, 4096);
  requireInteger(where, 'height', r.height, 1, 4096);
  requireInteger(where, 'quality', r.quality, 1, 100);
  requireInteger(where, 'orientation', r.orientation, 1, 8);
  if (r.orientation !== 1 && r.mode !== 'orientation') throw new RangeError(`${where}: orientation ${r.orientation} needs mode 'orientation'`);
}

export interface MaterializedJpegMode {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** The RGB pixels that were encoded (gray in three channels); for CMYK modes, before conversion. */
  source: NdArray;
  channels: 1 | 3 | 4;
}

/**
 * Content for orientation frames: R rises with x and G with y, 3 levels a pixel (within
 * MAX_GRADIENT), B stays put. On an 8x8 frame any flip, turn or transpose then moves the mean
 * |diff| over all samples by at least 4 levels, twice the decoder tolerance's mean of 2.
 */
export function orientationPixels(width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      out[i] = 195 + 3 * (x % 17);
      out[i + 1] = 103 + 3 * (y % 17);
      out[i + 2] = 35;
    }
  }
  return out;
}

/**
 * The frame as a viewer shows it: EXIF orientation `o` applied to H x W x 3 `image` (for 5-8
 * the result is W x H). Orientation n names how the stored rows map onto the display (TIFF 6.0,
 * tag 274): 2 mirrors, 3 turns 180, 4 flips, 5 transposes, 6 turns 90 clockwise, 7
 * transverses, 8 turns 90 counter-clockwise.
 */
export function applyOrientation(image: NdArray, o: number): NdArray {
  const [h, w] = image.shape as [number, number];
  const swap = o >= 5;
  const [ow, oh] = swap ? [h, w] : [w, h];
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      // (sx, sy): the stored pixel shown at display (x, y).
      const [sx, sy] = ({
        1: [x, y], 2: [w - 1 - x, y], 3: [w - 1 - x, h - 1 - y], 4: [x, h - 1 - y],
        5: [y, x], 6: [y, h - 1 - x], 7: [w - 1 - y, h - 1 - x], 8: [w - 1 - y, x],
      } as Record<number, [number, number]>)[o]!;
      for (let c = 0; c < 3; c++) out[(y * ow + x) * 3 + c] = image.data[(sy * w + sx) * 3 + c]!;
    }
  }
  return uint8Image(out, ow, oh, 3);
}

/* Read at each call, so a test can point them at a missing tool. */
const cjpeg = () => process.env.PV_CONFORM_CJPEG ?? 'cjpeg';
const convert = () => process.env.PV_CONFORM_CONVERT ?? 'convert';

function ppm(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const header = new TextEncoder().encode(`P6\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + rgb.length);
  out.set(header);
  out.set(rgb, header.length);
  return out;
}

/*
 * Properties and feature rows draw the same recipes again (shrinking replays them): one tool
 * spawn per distinct recipe is enough. Bounded, so a long run does not hoard files.
 */
const cache = new Map<string, Promise<MaterializedJpegMode>>();
const CACHE_LIMIT = 256;

/** Encodes a {@link JpegModeRecipe}; a pure function of the recipe. */
export function materializeJpegMode(recipe: JpegModeRecipe): Promise<MaterializedJpegMode> {
  checkJpegModeRecipe(recipe);
  const key = JSON.stringify([recipe.mode, recipe.width, recipe.height, recipe.quality, recipe.orientation, recipe.seed]);
  let found = cache.get(key);
  if (!found) {
    found = encode(recipe);
    found.catch(() => cache.delete(key));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, found);
  }
  return found;
}

async function encode(r: JpegModeRecipe): Promise<MaterializedJpegMode> {
  const { width, height, quality, seed } = r;
  if (r.mode === 'gray' || r.mode === 'cmyk') {
    const m = await materializeJpeg({
      width, height, color: r.mode, subsampling: '4:4:4', progressive: false, quality, restart: null, exif: false,
      content: r.mode === 'gray' ? 'smooth' : 'distinctive', seed,
    });
    return { bytes: m.bytes, width, height, source: m.source, channels: m.channels };
  }
  if (r.mode === 'orientation') {
    const rgb = orientationPixels(width, height);
    const bytes = await sharp(rgb, { raw: { width, height, channels: 3 } })
      .jpeg({ quality, chromaSubsampling: '4:4:4' })
      .withMetadata({ orientation: r.orientation })
      .toBuffer();
    return { bytes: new Uint8Array(bytes), width, height, source: uint8Image(rgb, width, height, 3), channels: 3 };
  }
  const rgb = rgbPixels(width, height, seed, 'distinctive');
  const input = ppm(rgb, width, height);
  const source = uint8Image(rgb, width, height, 3);
  if (r.mode === 'ycck') {
    // ImageMagick writes a CMYK image as Adobe YCCK (APP14 transform 2), inverted as Adobe does.
    // Its sampling otherwise follows the quality (2x2 below 90): fixed, so the file is what the recipe says.
    const bytes = await runTool(convert(), ['ppm:-', '-colorspace', 'CMYK', '-sampling-factor', '1x1', '-quality', String(quality), 'jpeg:-'], input,
      'imagemagick', 'YCCK JPEGs');
    return { bytes, width, height, source, channels: 4 };
  }
  const args = ['-quality', String(quality)];
  const sample = SAMPLING[r.mode];
  if (sample) args.push('-sample', sample);
  if (r.mode === 'arithmetic' || r.mode === 'arithmetic-progressive') args.push('-arithmetic');
  if (r.mode === 'arithmetic-progressive') args.push('-progressive');
  const bytes = await runTool(cjpeg(), args, input, 'libjpeg-turbo-progs', `${r.mode} JPEGs`);
  return { bytes, width, height, source, channels: 3 };
}

/** What a JPEG's headers declare about its mode; see {@link readJpegModeInfo}. */
export interface JpegModeInfo {
  /** The SOF marker's second byte: 0xC0 baseline, 0xC2 progressive, 0xC9/0xCA arithmetic. */
  sof?: number;
  /** Per component, in frame order: [horizontal, vertical] sampling factors. */
  sampling: Array<[number, number]>;
  /** APP14 "Adobe" transform flag (0 CMYK/RGB, 1 YCbCr, 2 YCCK), when the segment is there. */
  adobeTransform?: number;
  /** EXIF Orientation (tag 274) from APP1, when there is one. */
  orientation?: number;
}

const u16 = (b: Uint8Array, at: number, little: boolean) => (little ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!);
const u32 = (b: Uint8Array, at: number, little: boolean) =>
  little ? (u16(b, at, true) | (u16(b, at + 2, true) << 16)) >>> 0 : ((u16(b, at, false) << 16) | u16(b, at + 2, false)) >>> 0;

/** Orientation from a TIFF header at `tiff` (EXIF's APP1 body after "Exif\0\0"); never throws. */
function exifOrientationAt(b: Uint8Array, tiff: number, end: number): number | undefined {
  if (tiff + 8 > end) return undefined;
  const little = b[tiff] === 0x49 && b[tiff + 1] === 0x49;
  if (!little && !(b[tiff] === 0x4d && b[tiff + 1] === 0x4d)) return undefined;
  const ifd = tiff + u32(b, tiff + 4, little);
  if (ifd + 2 > end) return undefined;
  const count = u16(b, ifd, little);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > end) return undefined;
    if (u16(b, e, little) === 274) return u16(b, e + 8, little);
  }
  return undefined;
}

/**
 * The headers before the first scan: SOF type, sampling factors, Adobe transform and EXIF
 * orientation. Bytes that do not parse give what was found so far; it never throws.
 */
export function readJpegModeInfo(b: Uint8Array): JpegModeInfo {
  const info: JpegModeInfo = { sampling: [] };
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return info;
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1]!;
    if (marker === 0xff) { at += 1; continue; }
    const length = u16(b, at + 2, false);
    const body = at + 4;
    const end = Math.min(b.length, at + 2 + length);
    if (marker === 0xda) break;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && info.sof === undefined && body + 6 <= end) {
      info.sof = marker;
      const n = b[body + 5]!;
      for (let i = 0; i < n && body + 9 + i * 3 <= end; i++) {
        const f = b[body + 6 + i * 3 + 1]!;
        info.sampling.push([f >> 4, f & 15]);
      }
    }
    if (marker === 0xee && end - body >= 12 && String.fromCharCode(...b.subarray(body, body + 5)) === 'Adobe') {
      info.adobeTransform = b[body + 11];
    }
    if (marker === 0xe1 && info.orientation === undefined && end - body > 6
      && String.fromCharCode(...b.subarray(body, body + 6)) === 'Exif\0\0') {
      info.orientation = exifOrientationAt(b, body + 6, end);
    }
    at += 2 + length;
  }
  return info;
}
