/** Array helpers the mutants share; each returns a new array so only the intended defect shows. */
import type { NdArray } from '../../../adapter/types.ts';

export function reverseChannels(a: NdArray): NdArray {
  const out = new Uint8Array(a.data.length);
  for (let i = 0; i + 2 < out.length; i += 3) {
    out[i] = a.data[i + 2]!;
    out[i + 1] = a.data[i + 1]!;
    out[i + 2] = a.data[i]!;
  }
  return { dtype: 'uint8', shape: [...a.shape], data: out };
}

/** H x W x 3 plus an opaque fourth channel. */
export function withFourthChannel(a: NdArray): NdArray {
  const [h, w] = a.shape as [number, number];
  const out = new Uint8Array(h * w * 4);
  for (let p = 0; p < h * w; p++) {
    out.set(a.data.subarray(p * 3, p * 3 + 3), p * 4);
    out[p * 4 + 3] = 255;
  }
  return { dtype: 'uint8', shape: [h, w, 4], data: out };
}

/** H x W x 4 with the last channel dropped. */
export function withoutFourthChannel(a: NdArray): NdArray {
  const [h, w] = a.shape as [number, number];
  const out = new Uint8Array(h * w * 3);
  for (let p = 0; p < h * w; p++) out.set(a.data.subarray(p * 4, p * 4 + 3), p * 3);
  return { dtype: 'uint8', shape: [h, w, 3], data: out };
}

/** What numpy's astype(uint8) gives: integers wrap, floats truncate then wrap, NaN becomes 0. */
export function castToUint8(a: NdArray): NdArray {
  const view = new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const size = { uint8: 1, int8: 1, bool: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8 }[a.dtype];
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
