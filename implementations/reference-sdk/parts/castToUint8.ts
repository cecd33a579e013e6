/**
 * numpy's `astype(np.uint8)` on a little-endian array: integers keep their low byte, floats are
 * truncated toward zero first, NaN and infinities become 0, booleans are 0 or 1. Written apart
 * from the kit's own cast so the reference does not share a mistake with the checks it passes.
 */
import type { NdArray } from '../../../adapter/types.ts';

type TypedView = { readonly length: number; readonly [i: number]: number };

function view(a: NdArray): TypedView {
  const { byteOffset, byteLength } = a.data;
  // Typed arrays need aligned offsets; a copy gives one.
  const bytes = byteOffset % 8 === 0 ? a.data : new Uint8Array(a.data);
  const b = bytes.buffer;
  const o = bytes.byteOffset;
  const len = (n: number) => byteLength / n;
  switch (a.dtype) {
    // coverage exception: normalizeArray casts only arrays that are not uint8; the case keeps the function total for any dtype
    case 'uint8': case 'bool': return new Uint8Array(b, o, byteLength);
    case 'int8': return new Int8Array(b, o, byteLength);
    case 'uint16': return new Uint16Array(b, o, len(2));
    case 'int16': return new Int16Array(b, o, len(2));
    case 'uint32': return new Uint32Array(b, o, len(4));
    case 'int32': return new Int32Array(b, o, len(4));
    case 'float32': return new Float32Array(b, o, len(4));
    case 'float64': return new Float64Array(b, o, len(8));
  }
}

export function castToUint8(a: NdArray): NdArray {
  const src = view(a);
  const out = new Uint8Array(src.length);
  // A Uint8Array store is ECMAScript's ToUint8: truncate, wrap modulo 256, NaN and infinities to 0.
  for (let i = 0; i < src.length; i++) out[i] = Number(src[i]);
  return { dtype: 'uint8', shape: [...a.shape], data: out };
}
