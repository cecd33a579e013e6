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

