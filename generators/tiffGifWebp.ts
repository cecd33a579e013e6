/**
 * TIFF, GIF and WebP in the modes real files come in, and files whose first bytes name one
 * format while the body is another (RD-ENC-01, RD-FALL-02). Every file is written by sharp.
 *
 * Each materialized file carries what a faithful decode gives (`faithful`, the first page or
 * frame as 8-bit RGB) and what another correct decoder may give instead (`alternatives`). How
 * the two were measured, and why they suffice, is in docs/tolerances.md ("TIFF, GIF and WebP").
 */
import fc from 'fast-check';
import sharp from 'sharp';
import type { NdArray } from '../adapter/types.ts';
import { imageSide } from './imageSide.ts';
import { grayPixels, PIXEL_CONTENTS, rgbPixels, uint8Image, type PixelContent } from './pixels.ts';
import { requireInteger, requireNonEmptySubset, PLAIN } from './checks.ts';
import { gifFacts } from './formatFacts.ts';
import { seededBytes } from './prng.ts';

export type TiffGifWebpClass =
  | 'tiff-rgb8' | 'tiff-rgb16' | 'tiff-cmyk' | 'tiff-float' | 'tiff-pages'
  | 'gif-animated' | 'gif-transparent'
  | 'webp-lossy' | 'webp-lossless' | 'webp-alpha';
export const TIFF_GIF_WEBP_CLASSES: readonly TiffGifWebpClass[] = [
  'tiff-rgb8', 'tiff-rgb16', 'tiff-cmyk', 'tiff-float', 'tiff-pages', 'gif-animated', 'gif-transparent',
  'webp-lossy', 'webp-lossless', 'webp-alpha',
];

/**
 * A body of one format under the magic of another: the first bytes are overwritten, so the
 * body's own signature is gone and nothing names the format the body is in.
 */
export type MislabelledClass = 'png-magic-on-jpeg' | 'jpeg-magic-on-png' | 'gif-magic-on-webp' | 'tiff-magic-on-gif' | 'webp-magic-on-png';
export const MISLABELLED_CLASSES: readonly MislabelledClass[] = [
  'png-magic-on-jpeg', 'jpeg-magic-on-png', 'gif-magic-on-webp', 'tiff-magic-on-gif', 'webp-magic-on-png',
];

export type TiffCompression = 'none' | 'lzw' | 'deflate' | 'packbits';
export const TIFF_COMPRESSIONS: readonly TiffCompression[] = ['none', 'lzw', 'deflate', 'packbits'];

export interface TiffGifWebpRecipe {
  class: TiffGifWebpClass | MislabelledClass;
  width: number;
  height: number;
  content: PixelContent;
  seed: number;
  /** Pages or frames of tiff-pages and gif-animated (2-3); 1 elsewhere. */
  frames: number;
  /** TIFF classes only (float TIFF: none, lzw or deflate; packbits becomes lzw). */
  compression: TiffCompression;
  /** webp-lossy and webp-alpha only. */
  quality: number;
}

export interface TiffGifWebpConstraints {
  /** Default: every class of {@link TIFF_GIF_WEBP_CLASSES}. */
  classes?: readonly (TiffGifWebpClass | MislabelledClass)[];
  /** Largest side, default 16. */
  maxSide?: number;
}

const ALL_CLASSES: readonly (TiffGifWebpClass | MislabelledClass)[] = [...TIFF_GIF_WEBP_CLASSES, ...MISLABELLED_CLASSES];
const MULTI_FRAME = new Set(['tiff-pages', 'gif-animated']);

/** A recipe for one file; every field is plain data, so a failing case shrinks and prints. */
export function tiffGifWebpRecipe(constraints: TiffGifWebpConstraints = {}): fc.Arbitrary<TiffGifWebpRecipe> {
  const where = 'tiffGifWebpRecipe';
  const classes = constraints.classes ?? TIFF_GIF_WEBP_CLASSES;
  const maxSide = constraints.maxSide ?? 16;
  requireNonEmptySubset(where, 'classes', classes, ALL_CLASSES);
  requireInteger(where, 'maxSide', maxSide, 1, 1024);
  const side = imageSide({ max: maxSide });
  return fc.record({
    class: fc.constantFrom(...classes),
    width: side,
    height: side,
    content: fc.constantFrom(...PIXEL_CONTENTS),
    seed: fc.nat({ max: 0x7fffffff }),
    frames: fc.integer({ min: 2, max: 3 }),
    compression: fc.constantFrom(...TIFF_COMPRESSIONS),
    quality: fc.integer({ min: 50, max: 100 }),
  }, PLAIN).map((r) => (MULTI_FRAME.has(r.class) ? r : { ...r, frames: 1 }), (v) => v as TiffGifWebpRecipe);
}

export interface MaterializedTiffGifWebp {
  bytes: Uint8Array;
  /** The format the first bytes name (for a mislabelled file, not the body's). */
  format: 'tiff' | 'gif' | 'webp' | 'png' | 'jpeg';
  width: number;
  height: number;
  /** What was encoded as the first page or frame: H x W x 3 uint8 (H x W x 4 with alpha). */
  source: NdArray;
  /** 8-bit RGB a faithful decode gives; absent where no decoder turns the bytes into an image. */
  faithful?: NdArray;
  /** What another correct decoder gives instead (CMYK without colour management, alpha composited, ...). */
  alternatives: NdArray[];
  /** 'undecodable' for mislabelled files: no decoder measured finds an image in them. */
  expectation: 'decodable' | 'undecodable';
}

const raw3 = (width: number, height: number) => ({ raw: { width, height, channels: 3 as const } });

async function rgbOf(bytes: Uint8Array | Buffer, page = 0): Promise<NdArray> {
  const { data, info } = await sharp(bytes, { page }).toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return uint8Image(new Uint8Array(data), info.width, info.height, 3);
}

async function rgbaOf(bytes: Uint8Array | Buffer): Promise<NdArray> {
  const { data, info } = await sharp(bytes).toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return uint8Image(new Uint8Array(data), info.width, info.height, 4);
}

/** An RGBA frame dropped to RGB, and composited on black and on white. */
export function alphaVariants(rgba: NdArray): NdArray[] {
  const [h, w] = rgba.shape as [number, number];
  const out = [new Uint8Array(w * h * 3), new Uint8Array(w * h * 3), new Uint8Array(w * h * 3)];
  for (let i = 0; i < w * h; i++) {
    const a = rgba.data[i * 4 + 3]! / 255;
    for (let c = 0; c < 3; c++) {
      const v = rgba.data[i * 4 + c]!;
      out[0]![i * 3 + c] = v;
      out[1]![i * 3 + c] = Math.round(v * a);
      out[2]![i * 3 + c] = Math.round(v * a + 255 * (1 - a));
    }
  }
  return out.map((d) => uint8Image(d, w, h, 3));
}

/** CMYK to RGB without colour management: R = 255 (1 - C)(1 - K), as Pillow and libtiff's RGBA reader do it. */
export function naiveCmykToRgb(cmyk: NdArray): NdArray {
  const [h, w] = cmyk.shape as [number, number];
  const out = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const k = 255 - cmyk.data[i * 4 + 3]!;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(((255 - cmyk.data[i * 4 + c]!) * k) / 255);
  }
  return uint8Image(out, w, h, 3);
}

/** The first page or frame and the later ones: distinct content each, so a wrong frame shows. */
function framePixels(r: TiffGifWebpRecipe): Uint8Array[] {
  return Array.from({ length: r.frames }, (_, i) => rgbPixels(r.width, r.height, (r.seed + i * 7919) % 0x7fffffff, r.content));
}

/** Alpha 0 on about a third of the pixels, in a pattern the seed moves; 255 elsewhere. */
function binaryAlpha(width: number, height: number, seed: number): Uint8Array {
  const g = grayPixels(width, height, seed);
  return Uint8Array.from(g, (v, i) => ((v + i) % 3 === 0 ? 0 : 255));
}

function withAlpha(rgb: Uint8Array, alpha: Uint8Array): Uint8Array {
  const out = new Uint8Array(alpha.length * 4);
  for (let i = 0; i < alpha.length; i++) {
    out.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
    out[i * 4 + 3] = alpha[i]!;
  }
  return out;
}

async function materializeImage(r: TiffGifWebpRecipe & { class: TiffGifWebpClass }): Promise<MaterializedTiffGifWebp> {
  const { width, height } = r;
  const frames = framePixels(r);
  const first = frames[0]!;
  const source = uint8Image(first, width, height, 3);
  const tiff = { compression: r.compression };
  const done = async (bytes: Buffer, extra: Partial<MaterializedTiffGifWebp> = {}): Promise<MaterializedTiffGifWebp> => ({
    bytes: new Uint8Array(bytes), format: r.class.split('-')[0] as 'tiff' | 'gif' | 'webp', width, height, source, faithful: await rgbOf(bytes), alternatives: [], expectation: 'decodable', ...extra,
  });
  switch (r.class) {
    case 'tiff-rgb8':
      return done(await sharp(first, raw3(width, height)).tiff(tiff).toBuffer());
    case 'tiff-rgb16': {
      // Without rgb16, libvips squeezes 16-bit input back into 8 bits before writing. The low
      // byte is noise, not a copy of the high one (v * 257), so a cast that keeps it shows.
      const noise = seededBytes(r.seed, first.length);
      const wide = Uint16Array.from(first, (v, i) => v * 256 + noise[i]!);
      return done(await sharp(wide, raw3(width, height)).toColourspace('rgb16').tiff(tiff).toBuffer());
    }
    case 'tiff-cmyk': {
      const toCmyk = () => sharp(first, raw3(width, height)).toColourspace('cmyk');
      const bytes = await toCmyk().tiff(tiff).toBuffer();
      const { data } = await toCmyk().raw().toBuffer({ resolveWithObject: true });
      return done(bytes, { alternatives: [naiveCmykToRgb(uint8Image(new Uint8Array(data), width, height, 4))] });
    }
    case 'tiff-float': {
      // libvips writes float RGB as scRGB: linear light, 0..1. A decoder may gamma-encode it back
      // to sRGB (libvips) or take the linear values times 255 as they are.
      const compression = r.compression === 'packbits' ? 'lzw' : r.compression;
      const bytes = await sharp(first, raw3(width, height)).toColourspace('scrgb').tiff({ compression, predictor: 'float' }).toBuffer();
      return done(bytes, { alternatives: [linearTimes255(first, width, height)] });
    }
    case 'tiff-pages':
    case 'gif-animated': {
      const pngs = await Promise.all(frames.map((f) => sharp(f, raw3(width, height)).png().toBuffer()));
      const joined = sharp(pngs, { join: { animated: true } });
      const bytes = r.class === 'tiff-pages' ? await joined.tiff(tiff).toBuffer() : await joined.gif().toBuffer();
      return done(bytes);
    }
    case 'gif-transparent': {
      const rgba = withAlpha(first, binaryAlpha(width, height, r.seed));
      const bytes = await sharp(rgba, { raw: { width, height, channels: 4 } }).gif().toBuffer();
      const { faithful, alternatives } = await alphaExpectations(bytes);
      const colour = gifFacts(bytes).transparentColour;
      // Pillow's convert('RGB') keeps the palette colour under the transparent index.
      const kept = colour ? [underTransparent(faithful!, rgba, colour)] : [];
      return done(bytes, { source: uint8Image(rgba, width, height, 4), faithful, alternatives: [...alternatives, ...kept] });
    }
    case 'webp-lossy':
      return done(await sharp(first, raw3(width, height)).webp({ quality: r.quality }).toBuffer());
    case 'webp-lossless':
      return done(await sharp(first, raw3(width, height)).webp({ lossless: true }).toBuffer());
    case 'webp-alpha': {
      const alpha = Uint8Array.from(grayPixels(width, height, r.seed), (v) => Math.max(64, v));
      const rgba = withAlpha(first, alpha);
      const bytes = await sharp(rgba, { raw: { width, height, channels: 4 } }).webp({ quality: r.quality }).toBuffer();
      return done(bytes, { source: uint8Image(rgba, width, height, 4), ...(await alphaExpectations(bytes)) });
    }
  }
}

/** With alpha, the decoded colours with alpha dropped, or composited on black or white. */
async function alphaExpectations(bytes: Buffer): Promise<Pick<MaterializedTiffGifWebp, 'faithful' | 'alternatives'>> {
  const [dropped, ...composited] = alphaVariants(await rgbaOf(bytes));
  return { faithful: dropped!, alternatives: composited };
}

function underTransparent(rgb: NdArray, rgba: Uint8Array, colour: [number, number, number]): NdArray {
  const data = Uint8Array.from(rgb.data);
  for (let i = 0; i * 4 < rgba.length; i++) if (rgba[i * 4 + 3] === 0) data.set(colour, i * 3);
  return { ...rgb, data };
}

function linearTimes255(srgb: Uint8Array, width: number, height: number): NdArray {
  const toLinear = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return uint8Image(Uint8Array.from(srgb, (v) => Math.round(toLinear(v) * 255)), width, height, 3);
}

const MAGIC: Record<string, Uint8Array> = {
  png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]),
  gif: new TextEncoder().encode('GIF89a'),
  tiff: Uint8Array.from([0x49, 0x49, 0x2a, 0x00]),
  webp: new TextEncoder().encode('RIFF\0\0\0\0WEBP'),
};

async function materializeMislabelled(r: TiffGifWebpRecipe & { class: MislabelledClass }): Promise<MaterializedTiffGifWebp> {
  const { width, height } = r;
  const [magic, body] = r.class.split('-magic-on-') as [string, string];
  const rgb = framePixels(r)[0]!;
  const image = sharp(rgb, raw3(width, height));
  const encoded = body === 'jpeg' ? await image.jpeg({ quality: 90 }).toBuffer()
    : body === 'png' ? await image.png().toBuffer()
    : body === 'gif' ? await image.gif().toBuffer()
    : await image.webp({ lossless: true }).toBuffer();
  const bytes = new Uint8Array(encoded);
  bytes.set(MAGIC[magic]!, 0);
  return {
    bytes, format: magic as MaterializedTiffGifWebp['format'], width, height, source: uint8Image(rgb, width, height, 3), alternatives: [],
    expectation: 'undecodable',
  };
}

/** Encodes a {@link TiffGifWebpRecipe}; a pure function of the recipe. */
export async function materializeTiffGifWebp(recipe: TiffGifWebpRecipe): Promise<MaterializedTiffGifWebp> {
  requireNonEmptySubset('materializeTiffGifWebp', 'class', [recipe.class], ALL_CLASSES);
  return (MISLABELLED_CLASSES as readonly string[]).includes(recipe.class)
    ? materializeMislabelled(recipe as TiffGifWebpRecipe & { class: MislabelledClass })
    : materializeImage(recipe as TiffGifWebpRecipe & { class: TiffGifWebpClass });
}

const WORDS: Record<TiffGifWebpClass | MislabelledClass, string> = {
  'tiff-rgb8': '8-bit RGB TIFF',
  'tiff-rgb16': '16-bit RGB TIFF',
  'tiff-cmyk': 'CMYK TIFF',
  'tiff-float': '32-bit float RGB TIFF',
  'tiff-pages': 'multi-page TIFF',
  'gif-animated': 'animated GIF',
  'gif-transparent': 'GIF with transparency',
  'webp-lossy': 'lossy WebP',
  'webp-lossless': 'lossless WebP',
  'webp-alpha': 'lossy WebP with alpha',
  'png-magic-on-jpeg': 'JPEG body under a PNG signature',
  'jpeg-magic-on-png': 'PNG body under a JPEG SOI',
  'gif-magic-on-webp': 'WebP body under GIF magic',
  'tiff-magic-on-gif': 'GIF body under a TIFF header',
  'webp-magic-on-png': 'PNG body under a RIFF/WEBP header',
};

/** One line for humans, e.g. "multi-page TIFF 9x7, 3 pages, lzw". */
export function describeTiffGifWebp(r: TiffGifWebpRecipe): string {
  const parts = [`${WORDS[r.class]} ${r.width}x${r.height}`];
  if (r.frames > 1) parts.push(`${r.frames} ${r.class.startsWith('tiff') ? 'pages' : 'frames'}`);
  if (r.class.startsWith('tiff-') && !r.class.includes('magic')) parts.push(r.class === 'tiff-float' && r.compression === 'packbits' ? 'lzw' : r.compression);
  if (r.class === 'webp-lossy' || r.class === 'webp-alpha') parts.push(`quality ${r.quality}`);
  if (r.content === 'distinctive') parts.push('distinctive colours');
  return parts.join(', ');
}

/**
 * The recipe a scenario means by a class name ("tiff-cmyk", "gif-magic-on-webp"), with fixed
 * choices (LZW, three pages or frames, quality 80, distinctive colours); undefined for other names,
 * without drawing a seed, so other classes keep their content.
 */
export function tiffGifWebpRecipeNamed(name: string, width: number, height: number, seed: () => number): TiffGifWebpRecipe | undefined {
  if (!(ALL_CLASSES as readonly string[]).includes(name)) return undefined;
  const cls = name as TiffGifWebpRecipe['class'];
  return { class: cls, width, height, content: 'distinctive', seed: seed(), frames: MULTI_FRAME.has(cls) ? 3 : 1, compression: 'lzw', quality: 80 };
}
