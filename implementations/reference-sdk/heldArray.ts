/**
 * Arrays as their writer held them (`HeldArray`: strides, offset, byte order), the form a
 * numpy view or a Fortran-ordered or big-endian buffer takes without numpy. The store keeps
 * what it was given (a copy of the buffer, strides and all), as the seed's `_DEV_SHM` keeps
 * the array object; the read turns it into C order (parts/toContiguous.ts) and the fs write into
 * the `.npy` that numpy's `np.save` would write.
 */
import type { HeldArray, NdArray } from '../../adapter/types.ts';
import { elementCount, isDtype, itemSize } from './ndArray.ts';

export type StoredArray = NdArray | HeldArray;

export function isHeld(a: StoredArray): a is HeldArray {
  return Array.isArray((a as Partial<HeldArray>).strides);
}

/**
 * True when every element the strides address lies inside `data`: what arrives from a caller
 * is not trusted to be consistent.
 */
export function isWellFormedHeld(a: HeldArray): boolean {
  const { dtype, shape, data, strides, offset } = a;
  // coverage exception, next 4 lines: a guard for direct JavaScript callers of the SDK: every held array the kit's writes make comes from holdArray, well-formed
  if (!isDtype(dtype) || !Array.isArray(shape) || !(data instanceof Uint8Array)) return false;
  if (strides.length !== shape.length || !Number.isSafeInteger(offset)) return false;
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0) || !strides.every(Number.isSafeInteger)) return false;
  if (a.byteOrder !== 'little' && a.byteOrder !== 'big') return false;
  if (elementCount(shape) === 0) return true;
  let low = offset;
  let high = offset;
  shape.forEach((d, i) => {
    const reach = (d - 1) * strides[i]!;
    if (reach < 0) low += reach;
    else high += reach;
  });
  return low >= 0 && high + itemSize(dtype) <= data.byteLength;
}

export function cloneHeld(a: HeldArray): HeldArray {
  return { ...a, shape: [...a.shape], strides: [...a.strides], data: new Uint8Array(a.data) };
}

/** The byte strides a dense array of `shape` has in C or Fortran order. */
export function contiguousStrides(shape: readonly number[], size: number, order: 'C' | 'F'): number[] {
  const strides = new Array<number>(shape.length);
  let step = size;
  for (let k = 0; k < shape.length; k++) {
    const axis = order === 'C' ? shape.length - 1 - k : k;
    strides[axis] = step;
    step *= Math.max(shape[axis]!, 1);
  }
  return strides;
}

/** numpy's contiguity flags: axes of length 1 may have any stride. */
function isContiguous(a: HeldArray, order: 'C' | 'F'): boolean {
  const want = contiguousStrides(a.shape, itemSize(a.dtype), order);
  return a.offset === 0 && a.data.byteLength === elementCount(a.shape) * itemSize(a.dtype)
    && a.shape.every((d, i) => d <= 1 || a.strides[i] === want[i]);
}

/**
 * What `np.save` writes for this array: the buffer itself when it is C- or only F-contiguous
 * (then `fortran_order: True`), else the elements gathered in C order; the byte order is kept.
 */
export function npyContent(a: HeldArray, gather: (a: HeldArray, keepByteOrder: boolean) => Uint8Array):
  { array: NdArray; fortranOrder: boolean; bigEndian: boolean } {
  const bigEndian = a.byteOrder === 'big' && itemSize(a.dtype) > 1;
  const fortranOrder = !isContiguous(a, 'C') && isContiguous(a, 'F');
  const data = isContiguous(a, 'C') || fortranOrder ? new Uint8Array(a.data) : gather(a, true);
  return { array: { dtype: a.dtype, shape: [...a.shape], data }, fortranOrder, bigEndian };
}
