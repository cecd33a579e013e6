/**
 * Camera-like test frames for the benchmarks: smooth gradients with sensor-like noise, so a
 * JPEG of them costs what a real frame costs to decode (flat colour would decode unrealistically
 * fast, pure noise unrealistically slowly).
 */
import sharp from 'sharp';
import type { NdArray } from '../adapter/types.ts';

export const SIZES = {
  'FHD 1920x1200': { width: 1920, height: 1200 },
  '4K 3840x2160': { width: 3840, height: 2160 },
  '8K 7680x4320': { width: 7680, height: 4320 },
} as const;

export function cameraFrame(width: number, height: number, seed = 1): NdArray {
  const data = new Uint8Array(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // xorshift: cheap, deterministic noise of +-8 levels
      s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
      const n = ((s >>> 0) & 15) - 8;
      const i = (y * width + x) * 3;
      data[i] = clamp((x * 255) / width + n);
      data[i + 1] = clamp((y * 255) / height + n);
      data[i + 2] = clamp(128 + 100 * Math.sin((x + y) / 97) + n);
    }
  }
  return { dtype: 'uint8', shape: [height, width, 3], data };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v | 0;
}

export async function jpegOf(frame: NdArray, quality = 90): Promise<Uint8Array> {
  const [height, width] = frame.shape as [number, number];
  const buf = await sharp(frame.data, { raw: { width, height, channels: 3 }, limitInputPixels: false }).jpeg({ quality }).toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
