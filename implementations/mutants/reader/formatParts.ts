/**
 * Mutants of RD-ENC-01, RD-SHAPE-01 and RD-FALL-02 on TIFF, GIF and WebP modes and mislabelled
 * files: decoding readers (built on `nonJpegDecoded`) that get one mode wrong in a way real
 * decoders do, neither the zero fallback nor a faithful decode.
 */
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import type { NdArray } from '../../../adapter/types.ts';
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';
import { nonJpegDecoded } from './decodeParts.ts';

type Decode = SdkParts['decode'];
const decodeFaithfully: Decode = nonJpegDecoded.decode!;

/**
 * Decoded results the later steps must hand over as they are: the defect under test is the
 * decoder's, and the reference's normalisation would otherwise hide it (a fourth channel or a
 * float dtype turned into the zero fallback).
 */
const asDecoded = new WeakSet<NdArray>();
const handOver = (a: NdArray): NdArray => {
  asDecoded.add(a);
  return a;
};
const passing = {
  normalizeArray: (a: NdArray, owned?: boolean) => (asDecoded.has(a) ? a : defaultParts.normalizeArray(a, owned)),
  fitToMeta: (a: NdArray, width: number, height: number) => (asDecoded.has(a) ? a : defaultParts.fitToMeta(a, width, height)),
} satisfies Partial<SdkParts>;

async function metadataOf(bytes: Uint8Array): Promise<Metadata | null> {
  try {
    return await sharp(bytes).metadata();
  } catch {
    return null;
  }
}

/** One mode decoded the mutant's way; every other input decoded faithfully. */
function wrongFor(isMode: (m: Metadata) => boolean, wrong: (bytes: Uint8Array, m: Metadata) => Promise<NdArray | null>): Partial<SdkParts> {
  return {
    ...passing,
    decode: async (bytes, maxPixels) => {
      const m = await metadataOf(bytes);
      if (!m || !isMode(m)) return decodeFaithfully(bytes, maxPixels);
      try {
        return await wrong(bytes, m);
      } catch {
        return null;
      }
    },
  };
}

async function rawOf(image: Sharp): Promise<{ data: Buffer; info: OutputInfo }> {
  return image.raw().toBuffer({ resolveWithObject: true });
}

const isCmykTiff = (m: Metadata) => m.format === 'tiff' && m.space === 'cmyk';

/** RD-ENC-01 and RD-SHAPE-01: a CMYK TIFF handed over as its four ink channels, H x W x 4. */
export const cmykTiffFourChannels = wrongFor(isCmykTiff, async (bytes) => {
  const { data, info } = await rawOf(sharp(bytes).toColourspace('cmyk'));
  return handOver({ dtype: 'uint8', shape: [info.height, info.width, 4], data: new Uint8Array(data) });
});

/** RD-ENC-01: a CMYK TIFF's C, M and Y taken for R, G and B (the fourth channel dropped, no conversion). */
export const cmykTiffInksAsRgb = wrongFor(isCmykTiff, async (bytes) => {
  const { data, info } = await rawOf(sharp(bytes).toColourspace('cmyk'));
  const rgb = Uint8Array.from(data.filter((_, i) => i % 4 !== 3));
  return { dtype: 'uint8', shape: [info.height, info.width, 3], data: rgb };
});

/** RD-ENC-01: 16-bit TIFF samples cast to uint8 (numpy's astype keeps the low byte) instead of scaled. */
export const sixteenBitTiffLowByte = wrongFor((m) => m.format === 'tiff' && m.depth === 'ushort', async (bytes) => {
  const { data, info } = await sharp(bytes).toColourspace('rgb16').removeAlpha().raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  const wide = new Uint16Array(Uint8Array.from(data).buffer);
  return { dtype: 'uint8', shape: [info.height, info.width, 3], data: Uint8Array.from(wide, (v) => v & 0xff) };
});

const isFloatTiff = (m: Metadata) => m.format === 'tiff' && m.depth === 'float';

/** The float samples as stored (scRGB, 0..1). */
async function floatSamples(bytes: Uint8Array): Promise<{ values: Float32Array; width: number; height: number }> {
  const { data, info } = await sharp(bytes).toColourspace('scrgb').removeAlpha().raw({ depth: 'float' }).toBuffer({ resolveWithObject: true });
  return { values: new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4), width: info.width, height: info.height };
}

/** RD-ENC-01 and RD-SHAPE-01: a float TIFF handed over as float32 samples. */
export const floatTiffAsFloat32 = wrongFor(isFloatTiff, async (bytes) => {
  const { values, width, height } = await floatSamples(bytes);
  return handOver({ dtype: 'float32', shape: [height, width, 3], data: new Uint8Array(Float32Array.from(values).buffer) });
});

/**
 * RD-ENC-01, reading "decode": float samples in 0..1 cast to uint8 without scaling, so nearly
 * every value becomes 0. Under "either" that cannot be told from a refusal; under "decode" it
 * is no decode at all.
 */
export const floatTiffCastUnscaled = wrongFor(isFloatTiff, async (bytes) => {
  const { values, width, height } = await floatSamples(bytes);
  return { dtype: 'uint8', shape: [height, width, 3], data: Uint8Array.from(values, (v) => Math.min(255, Math.max(0, Math.trunc(v)))) };
});

const isMultiFrame = (m: Metadata) => (m.format === 'tiff' || m.format === 'gif') && (m.pages ?? 1) > 1;

/** RD-ENC-01: a multi-page TIFF or animated GIF read at its last page or frame. */
export const lastFrameRead = wrongFor(isMultiFrame, async (bytes, m) => {
  const { data, info } = await rawOf(sharp(bytes, { page: (m.pages ?? 1) - 1 }).removeAlpha().toColourspace('srgb'));
  return { dtype: 'uint8', shape: [info.height, info.width, 3], data: new Uint8Array(data) };
});

/** RD-ENC-01: every page or frame, stacked top to bottom into one tall image (libvips' n=-1). */
export const framesStacked = wrongFor(isMultiFrame, async (bytes) => {
  const { data, info } = await rawOf(sharp(bytes, { pages: -1 }).removeAlpha().toColourspace('srgb'));
  return handOver({ dtype: 'uint8', shape: [info.height, info.width, 3], data: new Uint8Array(data) });
});

/** RD-ENC-01 and RD-SHAPE-01: a WebP or GIF with alpha handed over as H x W x 4. */
export const alphaKeptForWebpAndGif = wrongFor((m) => (m.format === 'webp' || m.format === 'gif') && m.hasAlpha === true, async (bytes) => {
  const { data, info } = await rawOf(sharp(bytes).toColourspace('srgb').ensureAlpha());
  // libvips gives every GIF an alpha band; one without transparent pixels has nothing to keep.
  const rgba = new Uint8Array(data);
  if (rgba.every((v, i) => i % 4 !== 3 || v === 255)) return { dtype: 'uint8', shape: [info.height, info.width, 3], data: rgba.filter((_, i) => i % 4 !== 3) };
  return handOver({ dtype: 'uint8', shape: [info.height, info.width, 4], data: rgba });
});

const NON_JPEG_MAGIC = [[0x89, 0x50, 0x4e, 0x47], [0x47, 0x49, 0x46, 0x38], [0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a], [0x52, 0x49, 0x46, 0x46], [0x42, 0x4d]];
const hasNonJpegMagic = (b: Uint8Array) => NON_JPEG_MAGIC.some((m) => m.every((v, i) => b[i] === v));

/**
 * RD-FALL-02: bytes whose magic names a known format, but whose body fails to decode, leave the
 * frame the reader allocated from meta: uninitialised memory (0xCD here) instead of zeros.
 */
const allocatedUnfilled = new WeakSet<NdArray>();
export const mislabelledLeavesAllocatedFrame: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const decoded = await decodeFaithfully(bytes, maxPixels);
    if (decoded || !hasNonJpegMagic(bytes)) return decoded;
    const marker: NdArray = { dtype: 'uint8', shape: [1, 1, 3], data: new Uint8Array(3) };
    allocatedUnfilled.add(marker);
    return marker;
  },
  normalizeArray: (a, owned) => (allocatedUnfilled.has(a) ? a : defaultParts.normalizeArray(a, owned)),
  fitToMeta: (a, width, height) => (allocatedUnfilled.has(a)
    ? { dtype: 'uint8', shape: [height, width, 3], data: new Uint8Array(width * height * 3).fill(0xcd) }
    : defaultParts.fitToMeta(a, width, height)),
};
