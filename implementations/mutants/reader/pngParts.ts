/**
 * Mutants of RD-ENC-01 on PNG modes: a reader that decodes non-JPEG bytes faithfully
 * ({@link nonJpegDecoded}) except for one mode its author never met. fast-png parses the file
 * so that each mutant sees the samples as stored, before any conversion.
 */
import { decode, type DecodedPng } from 'fast-png';
import type { NdArray } from '../../../adapter/types.ts';
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';
import { nonJpegDecoded } from './decodeParts.ts';

const faithful = nonJpegDecoded.decode!;

function pngOf(bytes: Uint8Array): DecodedPng | null {
  if (bytes[0] !== 0x89 || bytes[1] !== 0x50 || bytes[2] !== 0x4e || bytes[3] !== 0x47) return null;
  try {
    return decode(bytes);
  } catch {
    return null;
  }
}

/** One number per sample, whatever the bit depth (rows below 8 bits are packed, each starting on a byte). */
function samplesOf(png: DecodedPng): ArrayLike<number> {
  if (png.depth >= 8) return png.data;
  const { width, height, channels, depth } = png;
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const out = new Uint8Array(perRow * height);
  for (let y = 0; y < height; y++) {
    for (let s = 0; s < perRow; s++) {
      const bit = s * depth;
      out[y * perRow + s] = (png.data[y * rowBytes + (bit >> 3)]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    }
  }
  return out;
}

/** H x W x 3 from the colour samples of each pixel (gray repeated), any alpha sample dropped. */
function rgbOf(png: DecodedPng, sample: (v: number) => number): NdArray {
  const { width, height, channels } = png;
  const samples = samplesOf(png);
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) data[p * 3 + c] = sample(samples[p * channels + (channels >= 3 ? c : 0)]!);
  }
  return { dtype: 'uint8', shape: [height, width, 3], data };
}

/** Decodes faithfully, except where `misread` gives its own result for the parsed PNG. */
function pngMisread(misread: (png: DecodedPng) => NdArray | null): Partial<SdkParts> {
  return {
    decode: async (bytes, maxPixels) => {
      const png = pngOf(bytes);
      return (png && misread(png)) ?? faithful(bytes, maxPixels);
    },
  };
}

/** RD-ENC-01: a palette PNG gives its indices as gray levels (numpy.asarray of a Pillow "P" image). */
export const pngPaletteAsGray = pngMisread((png) => (png.palette ? rgbOf(png, (v) => v) : null));

/** RD-ENC-01: 16-bit samples are cast to uint8 without scaling: the low byte is kept, as astype(uint8) wraps. */
export const png16BitLowByte = pngMisread((png) => (png.depth === 16 ? rgbOf(png, (v) => v & 0xff) : null));

/**
 * RD-ENC-01 and RD-SHAPE-01: a 16-bit PNG comes back as uint16 samples (numpy.asarray of a 16-bit
 * decode), never brought to 8 bits; the later steps let it through, as {@link pngAlphaKept} does.
 */
const wideDecodes = new WeakSet<NdArray>();
export const png16BitKept: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const png = pngOf(bytes);
    if (!png || png.depth !== 16) return faithful(bytes, maxPixels);
    const { width, height, channels } = png;
    const samples = samplesOf(png);
    const wide = new Uint16Array(width * height * 3);
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) wide[p * 3 + c] = samples[p * channels + (channels >= 3 ? c : 0)]!;
    }
    const kept: NdArray = { dtype: 'uint16', shape: [height, width, 3], data: new Uint8Array(wide.buffer) };
    wideDecodes.add(kept);
    return kept;
  },
  normalizeArray: (a, owned) => (wideDecodes.has(a) ? a : defaultParts.normalizeArray(a, owned)),
  fitToMeta: (a, width, height) => (wideDecodes.has(a) ? a : defaultParts.fitToMeta(a, width, height)),
};

/** RD-ENC-01: 1-, 2- and 4-bit gray keeps its stored values (0..1, 0..3, 0..15) instead of stretching them to 0..255. */
export const pngLowBitGrayUnscaled = pngMisread((png) => (png.depth < 8 && !png.palette ? rgbOf(png, (v) => v) : null));

/**
 * RD-ENC-01 and RD-SHAPE-01: a PNG with alpha (gray+alpha, RGBA, or a palette with tRNS) comes
 * back H x W x 4, the alpha as the fourth channel. The later steps let these results through,
 * as a reader that never meant to meet four channels does.
 */
const alphaDecodes = new WeakSet<NdArray>();
const isAlphaDecode = (a: NdArray) => a.shape.length === 3 && a.shape[2] === 4 && alphaDecodes.has(a);
export const pngAlphaKept: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const rgb = await faithful(bytes, maxPixels);
    const png = rgb && pngOf(bytes);
    const withAlpha = png && (png.channels === 2 || png.channels === 4 || png.palette?.[0]?.length === 4);
    if (!png || !withAlpha) return rgb;
    const samples = samplesOf(png);
    const max = 2 ** png.depth - 1;
    const alphaOf = (p: number) => (png.palette ? png.palette[samples[p]!]![3]! : Math.round((samples[p * png.channels + png.channels - 1]! * 255) / max));
    const { width, height } = png;
    const data = new Uint8Array(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      data.set(rgb.data.subarray(p * 3, p * 3 + 3), p * 4);
      data[p * 4 + 3] = alphaOf(p);
    }
    const four: NdArray = { dtype: 'uint8', shape: [height, width, 4], data };
    alphaDecodes.add(four);
    return four;
  },
  normalizeArray: (a, owned) => (isAlphaDecode(a) ? a : defaultParts.normalizeArray(a, owned)),
  fitToMeta: (a, width, height) => {
    const [h, w] = a.shape;
    return isAlphaDecode(a) && h === height && w === width ? a : defaultParts.fitToMeta(a, width, height);
  },
};

/** The palette indices of an uncompressed 1-, 4- or 8-bit BMP, top row first; null for any other BMP. */
function bmpIndices(bytes: Uint8Array): { width: number; height: number; indices: Uint8Array } | null {
  const bmp = bmpHeader(bytes);
  if (!bmp) return null;
  const { offset, width, rawHeight, bits } = bmp;
  const height = Math.abs(rawHeight);
  if (![1, 4, 8].includes(bits) || bmp.compression !== 0 || width <= 0 || height === 0) return null;
  const rowSize = Math.ceil((width * bits) / 32) * 4;
  if (offset + rowSize * height > bytes.length) return null;
  const indices = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = offset + (rawHeight > 0 ? height - 1 - y : y) * rowSize;
    for (let x = 0; x < width; x++) {
      const bit = x * bits;
      indices[y * width + x] = (bytes[row + (bit >> 3)]! >> (8 - bits - (bit & 7))) & ((1 << bits) - 1);
    }
  }
  return { width, height, indices };
}

/**
 * RD-ENC-01: an uncompressed 1-, 4- or 8-bit BMP decodes to its palette indices as gray levels
 * (the colour table never applied); other BMPs and other formats as {@link nonJpegDecoded} does.
 */
export const bmpPaletteAsGray: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const bmp = bmpIndices(bytes);
    if (!bmp) return faithful(bytes, maxPixels);
    const data = new Uint8Array(bmp.indices.length * 3);
    bmp.indices.forEach((v, p) => data.fill(v, p * 3, p * 3 + 3));
    return { dtype: 'uint8', shape: [bmp.height, bmp.width, 3], data };
  },
};

/** The BMP header fields these mutants look at; null for bytes that are no BMP. */
function bmpHeader(bytes: Uint8Array): { offset: number; width: number; rawHeight: number; bits: number; compression: number; view: DataView } | null {
  if (bytes.length < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { offset: view.getUint32(10, true), width: view.getInt32(18, true), rawHeight: view.getInt32(22, true), bits: view.getUint16(28, true), compression: view.getUint32(30, true), view };
}

/**
 * RD-ENC-01: an RLE8 BMP comes back upside down: its rows are taken in the order the runs store
 * them, as if the bitmap were top-down, which an RLE decoder written apart from the plain one
 * easily gets wrong. Every other input as {@link nonJpegDecoded} decodes it.
 */
export const bmpRle8UpsideDown: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const decoded = await faithful(bytes, maxPixels);
    const bmp = bmpHeader(bytes);
    if (!decoded || !bmp || bmp.compression !== 1 || bmp.rawHeight <= 0) return decoded;
    const [h, w] = decoded.shape as [number, number];
    const rows = new Uint8Array(decoded.data.length);
    for (let y = 0; y < h; y++) rows.set(decoded.data.subarray(y * w * 3, (y + 1) * w * 3), (h - 1 - y) * w * 3);
    return { ...decoded, data: rows };
  },
};

/**
 * RD-ENC-01 (and the shape rule): a 32-bit BMP with an alpha mask (BI_BITFIELDS) comes back
 * H x W x 4, its alpha kept as a fourth channel, as {@link pngAlphaKept} does for PNG.
 */
export const bmpAlphaKept: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const rgb = await faithful(bytes, maxPixels);
    const bmp = bmpHeader(bytes);
    if (!rgb || !bmp || bmp.bits !== 32 || bmp.compression !== 3 || bytes.length < 70) return rgb;
    const mask = bmp.view.getUint32(66, true);
    const shift = [0, 8, 16, 24].find((s) => mask === 0xff << s >>> 0);
    if (shift === undefined) return rgb;
    const [height, width] = rgb.shape as [number, number];
    const data = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      const row = bmp.offset + (bmp.rawHeight > 0 ? height - 1 - y : y) * width * 4;
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        data.set(rgb.data.subarray(p * 3, p * 3 + 3), p * 4);
        data[p * 4 + 3] = bytes[row + x * 4 + shift / 8] ?? 0;
      }
    }
    const four: NdArray = { dtype: 'uint8', shape: [height, width, 4], data };
    alphaDecodes.add(four);
    return four;
  },
  normalizeArray: pngAlphaKept.normalizeArray!,
  fitToMeta: pngAlphaKept.fitToMeta!,
};
