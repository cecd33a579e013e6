/**
 * The kit's own decoder (sharp, libvips): the expectation a target's decode is compared with,
 * within the tolerance of kit/tolerance.ts.
 */
import sharp from 'sharp';
import type { NdArray } from '../adapter/types.ts';
import { rgbImage } from './pixels.ts';

/** Any encoding sharp reads -> H x W x 3 uint8 sRGB (alpha dropped, 16-bit scaled to 8). */
export async function kitDecode(bytes: Uint8Array): Promise<NdArray> {
  const { data, info } = await sharp(bytes, { failOn: 'none', limitInputPixels: 2 ** 28 })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`kit decode gave ${info.channels} channels`);
  return rgbImage(info.width, info.height, new Uint8Array(data.buffer, data.byteOffset, data.length));
}
