import type { Dtype, NdArray } from '../../adapter/types.ts';

const ITEM_SIZES: Record<Dtype, number> = {
  uint8: 1, int8: 1, bool: 1,
  uint16: 2, int16: 2,
  uint32: 4, int32: 4, float32: 4,
  float64: 8,
};

export function itemSize(dtype: Dtype): number {
  return ITEM_SIZES[dtype];
}

export function isDtype(value: unknown): value is Dtype {
  return typeof value === 'string' && Object.hasOwn(ITEM_SIZES, value);
}

/** Product of the dimensions; 1 for a scalar (empty shape), as numpy counts it. */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) count *= dim;
  return count;
}

/**
 * True when the array is well-formed: a known dtype, non-negative integer dimensions and
 * exactly as many bytes as the shape asks for. Inputs reach the SDK from tests and other
 * processes, so nothing about their structure is taken for granted.
 */
export function isWellFormed(a: unknown): a is NdArray {
  // coverage exception, next 4 lines: a guard for direct JavaScript callers of the SDK: the adapter protocol and the in-process binding carry only well-formed arrays
  if (typeof a !== 'object' || a === null) return false;
  const { dtype, shape, data } = a as Partial<NdArray>;
  if (!isDtype(dtype) || !Array.isArray(shape) || !(data instanceof Uint8Array)) return false;
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return false;
  return elementCount(shape) * itemSize(dtype) === data.byteLength;
}

export function cloneNdArray(a: NdArray): NdArray {
  return { dtype: a.dtype, shape: [...a.shape], data: new Uint8Array(a.data) };
}
