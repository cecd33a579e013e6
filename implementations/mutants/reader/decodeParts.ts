/** Mutants of RD-DEC-01..03 and RD-ENC-01 (decoding, JPEG-only), one exported part set each. */
import sharp from 'sharp';
import type { NdArray } from '../../../adapter/types.ts';
import { runTool } from '../../../generators/externalTool.ts';
import { isJpegSignature } from '../../reference-sdk/parts/decodeJpeg.ts';
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';
import { reverseChannels, withFourthChannel } from './arrays.ts';
import { hasRestartInterval, readJpegHeader } from './jpegHeader.ts';

/** RD-DEC-01: a decoder without restart-marker support refuses such JPEGs (zero fallback). */
export const restartMarkersRefused: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => (hasRestartInterval(readJpegHeader(bytes)) ? null : defaultParts.decode(bytes, maxPixels)),
};

/**
 * RD-DEC-01: decoded samples are squeezed into studio range (16..235), the classic full- versus
 * limited-range YCbCr mix-up. Every JPEG read is off, so the other clauses that compare decoded
 * JPEG pixels see it too.
 */
export const jpegLimitedRange: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const decoded = await defaultParts.decode(bytes, maxPixels);
    if (!decoded) return null;
    const data = decoded.data.map((v) => 16 + Math.round((v * 219) / 255));
    return { ...decoded, data };
  },
};

/** RD-DEC-01: a decoder limited to 4096 pixels a side (a common hardware limit) refuses wider JPEGs. */
export const wideJpegRefused: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const frame = readJpegHeader(bytes).frame;
    if (frame && (frame.width > 4096 || frame.height > 4096)) return null;
    return defaultParts.decode(bytes, maxPixels);
  },
};

/**
 * RD-DEC-02: a grayscale JPEG goes through a colour conversion that leaves blue one level off.
 * Still within the decoder tolerance of the frame, so only the equal-channels check can see it.
 */
export const grayJpegTinted: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const decoded = await defaultParts.decode(bytes, maxPixels);
    if (!decoded || readJpegHeader(bytes).frame?.components !== 1) return decoded;
    const data = new Uint8Array(decoded.data);
    for (let i = 2; i < data.length; i += 3) data[i] ^= 1;
    return { ...decoded, data };
  },
};

/**
 * RD-DEC-03 and RD-SHAPE-01: a four-component JPEG comes back with four channels. The later
 * steps let the decoder's own four-channel results through, so the broken shape reaches the
 * caller; three-channel results and stored RGBA arrays are unaffected.
 */
const fourChannelDecodes = new WeakSet<NdArray>();
const isFourChannelDecode = (a: NdArray) => a.shape.length === 3 && a.shape[2] === 4 && fourChannelDecodes.has(a);
export const cmykJpegFourChannels: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const decoded = await defaultParts.decode(bytes, maxPixels);
    if (!decoded || readJpegHeader(bytes).frame?.components !== 4) return decoded;
    const four = withFourthChannel(decoded);
    fourChannelDecodes.add(four);
    return four;
  },
  normalizeArray: (a) => (isFourChannelDecode(a) ? a : defaultParts.normalizeArray(a)),
  fitToMeta: (a, width, height) => {
    const [h, w] = a.shape;
    return isFourChannelDecode(a) && h === height && w === width ? a : defaultParts.fitToMeta(a, width, height);
  },
};

/**
 * A 24-bit BMP's pixel array taken as it is stored (BGR, rows bottom-up) and read as RGB rows
 * top-down: the naive BMP reader's two mistakes at once.
 */
function bmpAsStored(bytes: Uint8Array): NdArray | null {
  if (bytes.length < 54) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const height = Math.abs(view.getInt32(22, true));
  if (view.getUint16(28, true) !== 24 || width <= 0 || height <= 0) return null;
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  if (offset + rowSize * height > bytes.length) return null;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) data.set(bytes.subarray(offset + y * rowSize, offset + y * rowSize + width * 3), y * width * 3);
  return { dtype: 'uint8', shape: [height, width, 3], data };
}

/** Any format sharp reads, as 8-bit RGB; null when it cannot. */
async function sharpRgb(bytes: Uint8Array, maxPixels: number): Promise<NdArray | null> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) return null;
    return { dtype: 'uint8', shape: [info.height, info.width, 3], data: new Uint8Array(data) };
  } catch {
    return null;
  }
}

/** A 24-bit BMP as a viewer shows it: bottom-up rows flipped (for a positive height), BGR to RGB. */
function bmpDecoded(bytes: Uint8Array): NdArray | null {
  const stored = bmpAsStored(bytes);
  if (!stored) return null;
  const bottomUp = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(22, true) > 0;
  const [h, w] = stored.shape as [number, number];
  const rows = new Uint8Array(stored.data.length);
  for (let y = 0; y < h; y++) rows.set(stored.data.subarray(y * w * 3, (y + 1) * w * 3), (bottomUp ? h - 1 - y : y) * w * 3);
  return reverseChannels({ ...stored, data: rows });
}

/**
 * RD-ENC-01: non-JPEG bytes are decoded (allowed by the clause) but with the channels reversed,
 * as an OpenCV-style imdecode gives them (and BMP rows upside down): neither the zero fallback
 * nor a faithful decode.
 */
export const nonJpegChannelsSwapped: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    if (isJpegSignature(bytes)) return defaultParts.decode(bytes, maxPixels);
    if (bytes[0] === 0x42 && bytes[1] === 0x4d) return bmpAsStored(bytes);
    const rgb = await sharpRgb(bytes, maxPixels);
    return rgb && reverseChannels(rgb);
  },
};

/**
 * RD-ENC-01, the reading "decode": PNG, GIF, WebP, TIFF and BMP decode faithfully, as the
 * seed's "decode bytes via PIL" does. The default profile accepts it (the documents disagree);
 * a mutant only under the reading "refuse".
 */
export const nonJpegDecoded: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    if (isJpegSignature(bytes)) return defaultParts.decode(bytes, maxPixels);
    if (bytes[0] === 0x42 && bytes[1] === 0x4d) return bmpDecoded(bytes) ?? await bmpThroughImageMagick(bytes, maxPixels);
    return sharpRgb(bytes, maxPixels);
  },
};

/**
 * Every BMP mode the 24-bit parser above does not read (1/4/8-bit palettes, 32-bit with alpha,
 * RLE8): sharp has no BMP loader, and a variant claiming "decode" must decode them all, as PIL
 * does. ImageMagick (a test dependency already) writes a binary PPM, alpha dropped.
 */
async function bmpThroughImageMagick(bytes: Uint8Array, maxPixels: number): Promise<NdArray | null> {
  let ppm: Uint8Array;
  try {
    ppm = await runTool(process.env.PV_CONFORM_CONVERT ?? 'convert', ['bmp:-', '-alpha', 'off', '-depth', '8', 'ppm:-'], bytes, 'imagemagick', 'the non-jpeg-decoded variant');
  } catch {
    return null;
  }
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(Buffer.from(ppm.subarray(0, 64)).toString('latin1'));
  if (!header) return null;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = ppm.subarray(header[0].length);
  if (data.length !== width * height * 3 || width * height > maxPixels) return null;
  return { dtype: 'uint8', shape: [height, width, 3], data: new Uint8Array(data) };
}
