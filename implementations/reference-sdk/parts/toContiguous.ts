/**
 * RD-ARR-01..04 for arrays camera code holds in other layouts: a view (flipped channels, a
 * strided crop, a transpose, a broadcast), a Fortran-ordered or a big-endian buffer. Each
 * element is read where its strides put it and in its byte order, so the read sees the array
 * the caller meant, in C order, little-endian; a plain array passes through untouched.
 * Malformed strides (an element outside the buffer) are an unsupported array: null.
 */
import type { HeldArray, NdArray } from '../../../adapter/types.ts';
import { isHeld, isWellFormedHeld, type StoredArray } from '../heldArray.ts';
import { elementCount, itemSize } from '../ndArray.ts';

export function toContiguous(a: StoredArray): NdArray | null {
  if (!isHeld(a)) return a;
  // coverage exception: a guard for direct JavaScript callers of the SDK: every held array comes from holdArray, well-formed
  if (!isWellFormedHeld(a)) return null;
  return { dtype: a.dtype, shape: [...a.shape], data: gatherElements(a, false) };
}

/** The elements in C order; little-endian unless `keepByteOrder`. */
export function gatherElements(a: HeldArray, keepByteOrder: boolean): Uint8Array {
  const size = itemSize(a.dtype);
  const out = new Uint8Array(elementCount(a.shape) * size);
  const swap = !keepByteOrder && a.byteOrder === 'big' && size > 1;
  const { shape, strides } = a;
  const idx = new Array<number>(shape.length).fill(0);
  let at = a.offset;
  for (let o = 0; o < out.length; o += size) {
    for (let b = 0; b < size; b++) out[o + b] = a.data[at + (swap ? size - 1 - b : b)]!;
    // Odometer over the index, last axis fastest, moving `at` by the strides.
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      idx[axis]! += 1;
      at += strides[axis]!;
      if (idx[axis]! < shape[axis]!) break;
      at -= strides[axis]! * shape[axis]!;
      idx[axis] = 0;
    }
  }
  return out;
}
