/**
 * RD-SHAPE-01/02, reading "strict" (which every profile accepts; default also accepts the
 * stored size): the image must be exactly meta's H x W x 3 uint8; any other size is treated
 * like undecodable data (null, zero fallback), since the v1 Runner spec says meta matches the
 * real size.
 */
import type { NdArray } from '../../../adapter/types.ts';

export function fitToMeta(a: NdArray, width: number, height: number): NdArray | null {
  const [h, w, c] = a.shape;
  const exact = a.dtype === 'uint8' && a.shape.length === 3 && h === height && w === width && c === 3
    && a.data.byteLength === height * width * 3;
  return exact ? a : null;
}
