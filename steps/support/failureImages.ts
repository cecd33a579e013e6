/**
 * Turns the pixels behind a failure into small PNGs (input, expected, actual, difference heat
 * map) so a report shows a channel swap or a zero fallback at a glance.
 */
import sharp from 'sharp';
import type { NdArray } from '../../adapter/types.ts';
import type { FailureImage } from './failure.ts';

const MAX_SIDE = 256;

function asRgb(a: NdArray): { data: Uint8Array; width: number; height: number } | undefined {
  if (a.dtype !== 'uint8' || a.shape.length < 2) return undefined;
  const [height, width] = a.shape as [number, number];
  const ch = a.shape.length === 3 ? a.shape[2]! : 1;
  if (ch === 3) return { data: a.data, width, height };
  if (ch !== 1) return undefined;
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) out.fill(a.data[i]!, i * 3, i * 3 + 3);
  return { data: out, width, height };
}

async function png(label: FailureImage['label'], img: { data: Uint8Array; width: number; height: number }): Promise<FailureImage> {
  const scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
  const width = Math.max(1, Math.round(img.width * scale));
  const height = Math.max(1, Math.round(img.height * scale));
  // Tiny frames are enlarged without smoothing so each pixel stays visible.
  const up = Math.max(1, Math.floor(64 / Math.max(width, height)));
  const buf = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(width * up, height * up, { kernel: scale < 1 ? 'lanczos3' : 'nearest' })
    .png()
    .toBuffer();
  return { label, pngBase64: buf.toString('base64'), width: img.width, height: img.height };
}

/** Red where the images differ, scaled so the largest difference is full red. */
function heatMap(e: { data: Uint8Array; width: number; height: number }, a: { data: Uint8Array }): { data: Uint8Array; width: number; height: number } {
  const n = e.width * e.height;
  const diff = new Float32Array(n);
  let max = 1;
  for (let i = 0; i < n; i++) {
    const d = Math.max(
      Math.abs(e.data[i * 3]! - a.data[i * 3]!),
      Math.abs(e.data[i * 3 + 1]! - a.data[i * 3 + 1]!),
      Math.abs(e.data[i * 3 + 2]! - a.data[i * 3 + 2]!),
    );
    diff[i] = d;
    if (d > max) max = d;
  }
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const v = Math.round((diff[i]! / max) * 255);
    out[i * 3] = v;
    out[i * 3 + 1] = 0;
    out[i * 3 + 2] = Math.round((255 - v) / 4);
  }
  return { data: out, width: e.width, height: e.height };
}

export async function failureImages(o: { input?: NdArray; expected?: NdArray; actual?: NdArray }): Promise<FailureImage[]> {
  const images: FailureImage[] = [];
  const input = o.input && asRgb(o.input);
  const expected = o.expected && asRgb(o.expected);
  const actual = o.actual && asRgb(o.actual);
  if (input) images.push(await png('input', input));
  if (expected) images.push(await png('expected', expected));
  if (actual) images.push(await png('actual', actual));
  if (expected && actual && expected.width === actual.width && expected.height === actual.height) {
    images.push(await png('diff', heatMap(expected, actual)));
  }
  return images;
}
