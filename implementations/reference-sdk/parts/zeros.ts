/** Rules 8 and 9: the fallback for missing, undecodable or unsupported data. */
import type { NdArray } from '../../../adapter/types.ts';

export function zeros(width: number, height: number): NdArray {
  return { dtype: 'uint8', shape: [height, width, 3], data: new Uint8Array(width * height * 3) };
}
