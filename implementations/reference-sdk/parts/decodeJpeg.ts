/**
 * RD-DEC-01..03, RD-FALL-02/03, RD-ENC-01 (reading refuse): JPEG only; any decoding trouble is a
 * failure (null), never an exception.
 */
import sharp from 'sharp';
import type { NdArray } from '../../../adapter/types.ts';

/**
 * `failOn: 'error'` makes libjpeg's "premature end" (truncation) and hard errors fail the
 * decode instead of yielding a half-grey image. It is not 'warning' because libjpeg also warns
 * on quirks of files that are valid enough for every other decoder (RD-DEC-01).
 */
const FAIL_ON = 'error';

export function isJpegSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/**
 * Decodes into 8-bit RGB H x W x 3 (grey and CMYK converted, alpha dropped, EXIF orientation
 * ignored as Pillow ignores it). `maxPixels` refuses larger images from their header alone, so
 * a decompression bomb costs a header parse, not a gigabyte of pixels.
 */
export async function decodeJpeg(bytes: Uint8Array, maxPixels: number): Promise<NdArray | null> {
  if (!(bytes instanceof Uint8Array) || !isJpegSignature(bytes)) return null;
  try {
    const { data, info } = await sharp(bytes, { failOn: FAIL_ON, limitInputPixels: maxPixels, autoOrient: false })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    // coverage exception: a guard against a change of sharp's, which is asked for 8-bit sRGB without alpha and returns exactly that
    if (info.channels !== 3 || data.byteLength !== info.width * info.height * 3) return null;
    return { dtype: 'uint8', shape: [info.height, info.width, 3], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch {
    return null;
  }
}
