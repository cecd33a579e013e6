/**
 * RD-ARR-01/02 and RD-ARR-03/04: uint8 H x W x 3 is kept, grey (H x W, H x W x 1) becomes three equal
 * channels, other shapes are unsupported (null, hence the zero fallback). A non-uint8 array of
 * a supported shape is cast to uint8 first, as numpy's astype does: the seed's flowchart casts
 * ("Cast to uint8 without copy"), the reading the default profile follows (RD-ARR-04).
 *
 * Always returns a fresh array: this is where the result stops sharing memory with the
 * stored segment (RD-OWN-02, reading copy). `owned` says the input already is one (a decode of the segment's
 * bytes, which nothing else holds): an RGB array is then returned as it is, since copying a
 * frame only to drop the original costs as much as the decode's own output for large frames.
 */
import type { NdArray } from '../../../adapter/types.ts';
import { castToUint8 } from './castToUint8.ts';
import { isWellFormed } from '../ndArray.ts';

export function normalizeArray(a: NdArray, owned = false): NdArray | null {
  // coverage exception: a guard for direct JavaScript callers of the SDK: every array reaching it is well-formed (the protocol checks, the binding builds)
  if (!isWellFormed(a)) return null;
  if (a.dtype !== 'uint8') return isSupportedShape(a.shape) ? normalizeArray(castToUint8(a), true) : null;
  const { shape } = a;
  if (shape.length === 3 && shape[2] === 3) {
    return { dtype: 'uint8', shape: [...shape], data: owned ? a.data : new Uint8Array(a.data) };
  }
  if (shape.length === 2 || (shape.length === 3 && shape[2] === 1)) {
    return grayToRgb(a.data, shape[0], shape[1]);
  }
  return null;
}

function isSupportedShape(shape: number[]): boolean {
  return shape.length === 2 || (shape.length === 3 && (shape[2] === 1 || shape[2] === 3));
}

function grayToRgb(gray: Uint8Array, height: number, width: number): NdArray {
  const rgb = new Uint8Array(gray.length * 3);
  for (let i = 0, o = 0; i < gray.length; i++, o += 3) {
    const v = gray[i];
    rgb[o] = v;
    rgb[o + 1] = v;
    rgb[o + 2] = v;
  }
  return { dtype: 'uint8', shape: [height, width, 3], data: rgb };
}
