/** Mutants of RD-FALL-01..03 and RD-OWN-02's zero fallback (fallbacks), one exported part set each. */
import type { NdArray } from '../../../adapter/types.ts';
import { isJpegSignature } from '../../reference-sdk/parts/decodeJpeg.ts';
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';
import { readJpegHeader } from './jpegHeader.ts';

/**
 * RD-FALL-01: a missing segment gives none (`if data is None: return None`). The reference
 * calls `zeros` right after a failed lookup, with nothing awaited in between, so remembering the
 * last lookup's outcome is enough to tell that fallback from the others.
 */
let lastLookupMissed = false;
export const missingSegmentGivesNone: Partial<SdkParts> = {
  lookup: (store, id) => {
    const found = defaultParts.lookup(store, id);
    lastLookupMissed = found === undefined;
    return found;
  },
  zeros: (width, height) => (lastLookupMissed ? (null as unknown as NdArray) : defaultParts.zeros(width, height)),
};

/* Named like the Python exceptions they stand for: the report shows the type. */
class UnidentifiedImageError extends Error {}
class OSError extends Error {}

const MAGICS: number[][] = [
  [0xff, 0xd8], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x52, 0x49, 0x46, 0x46], // RIFF (WebP)
  [0x49, 0x49, 0x2a, 0x00], // TIFF, little-endian
  [0x4d, 0x4d, 0x00, 0x2a], // TIFF, big-endian
  [0x42, 0x4d], // BMP
];
const hasKnownMagic = (b: Uint8Array) => MAGICS.some((m) => b.length >= m.length && m.every((v, i) => b[i] === v));

/** RD-FALL-02: bytes of no known image format raise, as Pillow's UnidentifiedImageError does. */
export const raiseOnUnidentifiedBytes: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    if (!hasKnownMagic(bytes)) throw new UnidentifiedImageError('cannot identify image file');
    return defaultParts.decode(bytes, maxPixels);
  },
};

/**
 * RD-FALL-02: image headers without any image data (a JPEG that ends before its first scan, a
 * PNG without IDAT) raise, as Pillow does when it loads them.
 */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IDAT = Buffer.from('IDAT');
export const raiseOnHeaderOnlyImage: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const jpegHeaderOnly = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8 && !readJpegHeader(bytes).hasScan;
    const pngHeaderOnly = PNG_SIGNATURE.every((v, i) => bytes[i] === v) && Buffer.from(bytes).indexOf(IDAT) < 0;
    if (jpegHeaderOnly || pngHeaderOnly) throw new OSError('image file is truncated (no image data)');
    return defaultParts.decode(bytes, maxPixels);
  },
};

/**
 * RD-FALL-03: a JPEG whose scan data the decoder cannot finish raises ("image file is
 * truncated") instead of taking the zero fallback. A refusal because of the declared size is
 * left alone, so decompression bombs still get zeros.
 */
export const raiseOnTruncatedScan: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const decoded = await defaultParts.decode(bytes, maxPixels);
    if (decoded || !isJpegSignature(bytes)) return decoded;
    const header = readJpegHeader(bytes);
    const fits = header.frame !== undefined && header.frame.width * header.frame.height <= maxPixels;
    if (header.hasScan && fits) throw new OSError('image file is truncated');
    return null;
  },
};

/**
 * RD-OWN-02: one zero fallback per size, shared by every read that needs it (a cache to save
 * allocations), so a caller who writes into it changes what the next fallback returns.
 */
const sharedZeros = new Map<string, NdArray>();
export const zeroFallbackShared: Partial<SdkParts> = {
  zeros: (width, height) => {
    const key = `${width}x${height}`;
    let z = sharedZeros.get(key);
    if (!z) sharedZeros.set(key, (z = defaultParts.zeros(width, height)));
    return z;
  },
};
