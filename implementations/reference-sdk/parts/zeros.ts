/** RD-FALL-01..03: the fallback for missing, undecodable or unsupported data. */
import type { NdArray } from '../../../adapter/types.ts';

export function zeros(width: number, height: number): NdArray {
  return { dtype: 'uint8', shape: [height, width, 3], data: new Uint8Array(width * height * 3) };
}
