/**
 * Mutants of arrays held as camera code holds them (features/reader/array-layouts.feature): each
 * misreads one aspect of the memory, in the process that wrote the array (`toContiguous`) and in
 * the `.npy` files of the fs transport (`lookup` with a decoder that drops the same aspect).
 */
import type { NdArray } from '../../../adapter/types.ts';
import { FsSegmentDirectory } from '../../reference-sdk/fsSegments.ts';
import { contiguousStrides, isHeld } from '../../reference-sdk/heldArray.ts';
import { elementCount, itemSize } from '../../reference-sdk/ndArray.ts';
import { decodeNpy } from '../../reference-sdk/npy.ts';
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';

function swapEachItem(data: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(data);
  for (let o = 0; o < out.length; o += size) out.subarray(o, o + size).reverse();
  return out;
}

/** Where a `.npy` file's data starts and what its header says. */
function npyHeader(file: Uint8Array): { text: string; dataStart: number } {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const [start, length] = file[6] === 1 ? [10, view.getUint16(8, true)] : [12, view.getUint32(8, true)];
  return { text: Buffer.from(file.subarray(start, start + length)).toString('latin1'), dataStart: start + length };
}

function lookupWith(decode: (file: Uint8Array) => NdArray | null): SdkParts['lookup'] {
  return (store, id) => store.inproc.get(id) ?? new FsSegmentDirectory(store.fs.dir, decode).read(id);
}

/**
 * Strides ignored: a view (flipped channels, a strided crop, a transpose, a broadcast) is read
 * as if its buffer were the dense C-ordered array, from the view's first element on; a buffer
 * too short for that (a broadcast) is an unsupported array. What `memmove` from
 * `arr.ctypes.data` for `arr.nbytes` bytes does in Python.
 */
export const stridesIgnored: Partial<SdkParts> = {
  toContiguous: (a) => {
    if (!isHeld(a)) return defaultParts.toContiguous(a);
    const size = itemSize(a.dtype);
    const raw = a.data.subarray(a.offset, a.offset + elementCount(a.shape) * size);
    return { dtype: a.dtype, shape: [...a.shape], data: a.byteOrder === 'big' && size > 1 ? swapEachItem(raw, size) : new Uint8Array(raw) };
  },
};

/**
 * Byte order ignored: a big-endian buffer is read as little-endian, in memory and in a `.npy`
 * whose descr says `>` (numpy's `np.frombuffer(buf, '<u2')` on a `>u2` array's bytes).
 */
export const byteOrderIgnored: Partial<SdkParts> = {
  toContiguous: (a) => defaultParts.toContiguous(isHeld(a) ? { ...a, byteOrder: 'little' } : a),
  lookup: lookupWith((file) => {
    const decoded = decodeNpy(file);
    if (!decoded || !/'descr':\s*'>/.test(npyHeader(file).text)) return decoded;
    return { ...decoded, data: swapEachItem(decoded.data, itemSize(decoded.dtype)) };
  }),
};

/**
 * Fortran order ignored: a Fortran-ordered buffer is read as C-ordered, in memory and in a
 * `.npy` whose header says `fortran_order: True`.
 */
export const fortranOrderIgnored: Partial<SdkParts> = {
  toContiguous: (a) => {
    if (!isHeld(a) || a.offset !== 0) return defaultParts.toContiguous(a);
    const fortran = contiguousStrides(a.shape, itemSize(a.dtype), 'F');
    const isFortran = a.shape.length > 1 && a.shape.every((d, i) => d <= 1 || a.strides[i] === fortran[i]);
    return defaultParts.toContiguous(isFortran ? { ...a, strides: contiguousStrides(a.shape, itemSize(a.dtype), 'C') } : a);
  },
  lookup: lookupWith((file) => {
    const decoded = decodeNpy(file);
    const { text, dataStart } = npyHeader(file);
    if (!decoded || !/'fortran_order':\s*True/.test(text)) return decoded;
    const size = itemSize(decoded.dtype);
    const raw = file.subarray(dataStart, dataStart + decoded.data.length);
    return { ...decoded, data: /'descr':\s*'>/.test(text) && size > 1 ? swapEachItem(raw, size) : new Uint8Array(raw) };
  }),
};
