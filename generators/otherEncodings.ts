/**
 * Non-JPEG encodings (rule 10): a reader may refuse them (zero fallback) or decode them,
 * depending on the profile, but its result must still be H x W x 3 uint8 either way.
 */
import fc from 'fast-check';
import sharp from 'sharp';
import type { NdArray } from '../adapter/types.ts';
import { imageSide } from './imageSide.ts';
import { grayPixels, PIXEL_CONTENTS, rgbPixels, uint8Image, type PixelContent } from './pixels.ts';
import { encodeBmp24 } from './bmp.ts';
import { requireInteger, requireNonEmptySubset, PLAIN } from './checks.ts';

export type OtherEncoding = 'png' | 'png16' | 'png-rgba' | 'gif' | 'webp' | 'tiff' | 'bmp';
export const OTHER_ENCODINGS: readonly OtherEncoding[] = ['png', 'png16', 'png-rgba', 'gif', 'webp', 'tiff', 'bmp'];

export interface OtherEncodingRecipe {
  encoding: OtherEncoding;
  width: number;
  height: number;
  content: PixelContent;
  seed: number;
}

export interface OtherEncodingConstraints {
  /** Default: all of {@link OTHER_ENCODINGS}. */
  encodings?: readonly OtherEncoding[];
  /** Largest side, default 64. */
  maxSide?: number;
}

/** A PNG, 16-bit PNG, RGBA PNG, GIF, WebP, TIFF or BMP of a small size. */
export function otherEncodingRecipe(constraints: OtherEncodingConstraints = {}): fc.Arbitrary<OtherEncodingRecipe> {
  const where = 'otherEncodingRecipe';
  const encodings = constraints.encodings ?? [...OTHER_ENCODINGS];
  const maxSide = constraints.maxSide ?? 64;
  requireNonEmptySubset(where, 'encodings', encodings, OTHER_ENCODINGS);
  requireInteger(where, 'maxSide', maxSide, 1, 16383);
  const side = imageSide({ max: maxSide });
  return fc.record({
    encoding: fc.constantFrom(...encodings),
    width: side,
    height: side,
    content: fc.constantFrom(...PIXEL_CONTENTS),
    seed: fc.nat({ max: 0x7fffffff }),
  }, PLAIN);
}

export interface MaterializedEncoding {
  bytes: Uint8Array;
  encoding: OtherEncoding;
  width: number;
  height: number;
  /**
   * What was encoded: H x W x 3 uint8, except png16 (H x W x 3 uint16, each value the 8-bit
   * content times 257) and png-rgba (H x W x 4 uint8, alpha varying from 64 to 255).
   */
  source: NdArray;
  channels: 3 | 4;
  bitDepth: 8 | 16;
  /** False for GIF, whose palette quantisation changes pixels. */
  lossless: boolean;
}

function uint16LittleEndian(values: Uint16Array): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint16(i * 2, v, true));
  return out;
}

/** Encodes an {@link OtherEncodingRecipe}; a pure function of the recipe. */
export async function materializeOtherEncoding(recipe: OtherEncodingRecipe): Promise<MaterializedEncoding> {
  const { width, height, encoding } = recipe;
  requireNonEmptySubset('materializeOtherEncoding', 'encoding', [encoding], OTHER_ENCODINGS);
  const rgb = rgbPixels(width, height, recipe.seed, recipe.content);
  const raw = { width, height, channels: 3 as const };
  const done = (bytes: Uint8Array | Buffer, source: NdArray, extra: Partial<MaterializedEncoding> = {}): MaterializedEncoding => ({
    bytes: new Uint8Array(bytes),
    encoding,
    width,
    height,
    source,
    channels: 3,
    bitDepth: 8,
    lossless: true,
    ...extra,
  });
  switch (encoding) {
    case 'png':
      return done(await sharp(rgb, { raw }).png().toBuffer(), uint8Image(rgb, width, height, 3));
    case 'png16': {
      const wide = Uint16Array.from(rgb, (v) => v * 257);
      // Without rgb16 the 16-bit input is squeezed back into an 8-bit PNG.
      const bytes = await sharp(wide, { raw }).toColourspace('rgb16').png().toBuffer();
      return done(bytes, { dtype: 'uint16', shape: [height, width, 3], data: uint16LittleEndian(wide) }, { bitDepth: 16 });
    }
    case 'png-rgba': {
      const alpha = grayPixels(width, height, recipe.seed);
      const rgba = new Uint8Array(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        rgba.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
        rgba[i * 4 + 3] = Math.max(64, alpha[i]);
      }
      const bytes = await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
      return done(bytes, uint8Image(rgba, width, height, 4), { channels: 4 });
    }
    case 'gif':
      return done(await sharp(rgb, { raw }).gif().toBuffer(), uint8Image(rgb, width, height, 3), { lossless: false });
    case 'webp':
      return done(await sharp(rgb, { raw }).webp({ lossless: true }).toBuffer(), uint8Image(rgb, width, height, 3));
    case 'tiff':
      return done(await sharp(rgb, { raw }).tiff({ compression: 'lzw' }).toBuffer(), uint8Image(rgb, width, height, 3));
    case 'bmp':
      return done(encodeBmp24(width, height, rgb), uint8Image(rgb, width, height, 3));
  }
}

const ENCODING_WORDS: Record<OtherEncoding, string> = {
  'png': '8-bit RGB PNG',
  'png16': '16-bit RGB PNG',
  'png-rgba': 'RGBA PNG',
  'gif': 'GIF',
  'webp': 'lossless WebP',
  'tiff': 'LZW TIFF',
  'bmp': '24-bit BMP',
};

/** One line for humans, e.g. "16-bit RGB PNG 9x7". */
export function describeOtherEncoding(recipe: OtherEncodingRecipe): string {
  const colours = recipe.content === 'distinctive' ? ', distinctive colours' : '';
  return `${ENCODING_WORDS[recipe.encoding]} ${recipe.width}x${recipe.height}${colours}`;
}
