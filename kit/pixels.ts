/**
 * Pixel operations the kit needs to state expectations: channel order, gray expansion,
 * and comparisons that report where and how much two images differ.
 */
import type { NdArray } from '../adapter/types.ts';

export function isRgbImage(a: NdArray, width?: number, height?: number): boolean {
  return a.dtype === 'uint8' && a.shape.length === 3 && a.shape[2] === 3 &&
    (width === undefined || a.shape[1] === width) && (height === undefined || a.shape[0] === height) &&
    a.data.length === a.shape[0]! * a.shape[1]! * 3;
}

export function rgbImage(width: number, height: number, data?: Uint8Array): NdArray {
  return { dtype: 'uint8', shape: [height, width, 3], data: data ?? new Uint8Array(width * height * 3) };
}

export function reverseChannels(a: NdArray): NdArray {
  const out = new Uint8Array(a.data.length);
  for (let i = 0; i < a.data.length; i += 3) {
    out[i] = a.data[i + 2]!;
    out[i + 1] = a.data[i + 1]!;
    out[i + 2] = a.data[i]!;
  }
  return { dtype: 'uint8', shape: [...a.shape], data: out };
}

/** H x W or H x W x 1 uint8 -> H x W x 3 with equal channels. */
export function grayToRgb(a: NdArray): NdArray {
  const h = a.shape[0]!;
  const w = a.shape[1]!;
  const out = new Uint8Array(h * w * 3);
  for (let i = 0; i < h * w; i++) out.fill(a.data[i]!, i * 3, i * 3 + 3);
  return rgbImage(w, h, out);
}

export function isAllZero(a: NdArray): boolean {
  for (const v of a.data) if (v !== 0) return false;
  return true;
}

export function channelsEqual(a: NdArray): boolean {
  for (let i = 0; i < a.data.length; i += 3) {
    if (a.data[i] !== a.data[i + 1] || a.data[i] !== a.data[i + 2]) return false;
  }
  return true;
}

export interface Difference {
  maxAbs: number;
  meanAbs: number;
  /** First pixel (x, y) where the images differ most, for a person to look at. */
  worst: { x: number; y: number; expected: number[]; actual: number[] };
}

/** Both must be H x W x 3 uint8 of the same shape. */
export function difference(expected: NdArray, actual: NdArray): Difference {
  const w = expected.shape[1]!;
  let max = -1;
  let sum = 0;
  let worstPixel = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const d = Math.abs(expected.data[i]! - actual.data[i]!);
    sum += d;
    if (d > max) {
      max = d;
      worstPixel = Math.floor(i / 3);
    }
  }
  const px = (a: NdArray) => Array.from(a.data.subarray(worstPixel * 3, worstPixel * 3 + 3));
  return {
    maxAbs: Math.max(0, max),
    meanAbs: expected.data.length ? sum / expected.data.length : 0,
    worst: { x: worstPixel % w, y: Math.floor(worstPixel / w), expected: px(expected), actual: px(actual) },
  };
}

export function sameShape(a: NdArray, b: NdArray): boolean {
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((v, i) => v === b.shape[i]);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

export function describeArray(a: NdArray): string {
  const preview = Array.from(a.data.subarray(0, 6)).join(',');
  return `${a.dtype}[${a.shape.join(', ')}] (${a.data.length} bytes; first: ${preview}${a.data.length > 6 ? ',…' : ''})`;
}

const ITEM_SIZE: Record<NdArray['dtype'], number> = {
  uint8: 1, int8: 1, bool: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8,
};

/** What numpy's astype(uint8) gives: integers wrap, floats truncate then wrap, NaN becomes 0. */
export function castToUint8(a: NdArray): NdArray {
  const size = ITEM_SIZE[a.dtype];
  const view = new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const n = a.data.byteLength / size;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const at = i * size;
    let v: number;
    switch (a.dtype) {
      case 'uint8': case 'bool': v = view.getUint8(at); break;
      case 'int8': v = view.getInt8(at); break;
      case 'uint16': v = view.getUint16(at, true); break;
      case 'int16': v = view.getInt16(at, true); break;
      case 'uint32': v = view.getUint32(at, true); break;
      case 'int32': v = view.getInt32(at, true); break;
      case 'float32': v = Math.trunc(view.getFloat32(at, true)); break;
      case 'float64': v = Math.trunc(view.getFloat64(at, true)); break;
    }
    out[i] = Number.isFinite(v) ? v & 0xff : 0;
  }
  return { dtype: 'uint8', shape: [...a.shape], data: out };
}
