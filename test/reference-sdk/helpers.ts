import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import sharp from 'sharp';
import type { NdArray } from '../../adapter/types.ts';

/** A fresh directory removed when the test ends. */
export function tempDir(t: TestContext, label = 'pv-ref-sdk-'): string {
  const dir = mkdtempSync(join(tmpdir(), label));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** H x W x C uint8 with distinct, reproducible values. */
export function pattern(height: number, width: number, channels = 3, seed = 1): NdArray {
  const shape = channels === 0 ? [height, width] : [height, width, channels];
  const data = new Uint8Array(height * width * Math.max(channels, 1));
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + seed * 101) % 256;
  return { dtype: 'uint8', shape, data };
}

export function rgbMeta(width: number, height: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { width, height, timestamp_ms: 1714032000123, camera_id: 'cam-01', ...extra };
}

export function isZeros(a: NdArray | null, width: number, height: number): boolean {
  return a !== null && a.dtype === 'uint8' && a.shape.join() === [height, width, 3].join()
    && a.data.length === width * height * 3 && a.data.every((v) => v === 0);
}

export function sameArray(a: NdArray | null, b: NdArray): boolean {
  return a !== null && a.dtype === b.dtype && a.shape.join() === b.shape.join()
    && Buffer.compare(Buffer.from(a.data), Buffer.from(b.data)) === 0;
}

export function maxAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

export function reverseChannels(a: NdArray): NdArray {
  const data = new Uint8Array(a.data.length);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = a.data[i + 2];
    data[i + 1] = a.data[i + 1];
    data[i + 2] = a.data[i];
  }
  return { dtype: 'uint8', shape: [...a.shape], data };
}

/** A smooth image, so that JPEG round trips stay close and channel swaps stay visible. */
export function smoothRgb(height: number, width: number): NdArray {
  const data = new Uint8Array(height * width * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = 200;
      data[o + 1] = 40 + Math.round((x / Math.max(width - 1, 1)) * 60);
      data[o + 2] = 30;
    }
  }
  return { dtype: 'uint8', shape: [height, width, 3], data };
}

export type JpegOptions = NonNullable<Parameters<ReturnType<typeof sharp>['jpeg']>[0]>;

export async function encodeJpeg(a: NdArray, options: JpegOptions = {}): Promise<Uint8Array> {
  const [height, width, channels = 1] = a.shape;
  const buffer = await sharp(a.data, { raw: { width, height, channels: channels as 1 | 3 | 4 } })
    .jpeg({ quality: 100, chromaSubsampling: '4:4:4', ...options })
    .toBuffer();
  return new Uint8Array(buffer);
}
