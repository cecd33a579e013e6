/**
 * Writes an array as numpy's `.npy` (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html),
 * hand-written because no maintained npm package writes it. The one writer of the project: the
 * kit saves the array behind a failure next to the report with it, the reference SDK stores
 * arrays over the fs transport with it (its tests load the files with numpy), and a Runner
 * mutant writes segments with it.
 *
 * Version 1.0, or 2.0 only if a header outgrows 64 KiB, exactly as numpy does.
 */
import type { Dtype, NdArray } from '../adapter/types.ts';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ALIGNMENT = 64;

const DESCR_BY_DTYPE: Record<Dtype, string> = {
  uint8: '|u1', int8: '|i1', bool: '|b1',
  uint16: '<u2', int16: '<i2',
  uint32: '<u4', int32: '<i4',
  float32: '<f4', float64: '<f8',
};

/**
 * How `a.data` is laid out when it is not C-ordered little-endian: numpy's `np.save` writes an
 * F-contiguous array in Fortran order and keeps a big-endian dtype, and says so in the header.
 */
export interface NpyDataLayout {
  fortranOrder?: boolean;
  bigEndian?: boolean;
  /**
   * Force a format version, as `numpy.lib.format.write_array(f, a, version=(2, 0))` does: 2.0 has
   * a 4-byte header length, 3.0 also a UTF-8 header. Default: 1.0 unless the header needs 2.0.
   */
  version?: 1 | 2 | 3;
}

export function encodeNpy(a: NdArray, layout: NpyDataLayout = {}): Uint8Array {
  const littleDescr = DESCR_BY_DTYPE[a.dtype];
  const descr = layout.bigEndian && littleDescr?.startsWith('<') ? `>${littleDescr.slice(1)}` : littleDescr;
  const items = a.shape.reduce((n, d) => n * d, 1);
  if (!descr || !a.shape.every((d) => Number.isSafeInteger(d) && d >= 0) || items * Number(descr.slice(2)) !== a.data.byteLength) {
    throw new TypeError('encodeNpy: data length does not match dtype and shape');
  }
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${layout.fortranOrder ? 'True' : 'False'}, 'shape': ${shape}, }`;
  let version: number = layout.version ?? 1;
  let lengthFieldSize = version === 1 ? 2 : 4;
  let header = padHeader(dict, NPY_MAGIC.length + 2 + lengthFieldSize);
  if (header.length > 0xffff && version === 1) {
    version = 2;
    lengthFieldSize = 4;
    header = padHeader(dict, NPY_MAGIC.length + 2 + lengthFieldSize);
  }
  const prefixSize = NPY_MAGIC.length + 2 + lengthFieldSize;
  const out = new Uint8Array(prefixSize + header.length + a.data.byteLength);
  out.set(NPY_MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (lengthFieldSize === 2) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(Buffer.from(header, version === 3 ? 'utf8' : 'latin1'), prefixSize);
  out.set(a.data, prefixSize + header.length);
  return out;
}

/** Pads with spaces and a final newline so the data starts on a 64-byte boundary. */
function padHeader(dict: string, prefixSize: number): string {
  const unpadded = prefixSize + dict.length + 1;
  const padding = (ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT;
  return dict + ' '.repeat(padding) + '\n';
}
