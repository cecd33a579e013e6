/**
 * Writes an array as numpy's `.npy` (format 1.0,
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html), so the array behind a
 * failure can be saved next to the report and loaded with `numpy.load`. The reference SDK has its
 * own reader and writer; the kit's core does not import implementations/, hence this small copy.
 */
import type { Dtype, NdArray } from '../adapter/types.ts';

const DESCR: Record<Dtype, string> = {
  uint8: '|u1', int8: '|i1', bool: '|b1', uint16: '<u2', int16: '<i2', uint32: '<u4', int32: '<i4', float32: '<f4', float64: '<f8',
};

export function npyBytes(a: NdArray): Uint8Array {
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  const dict = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Magic (6), version (2), header length (2); numpy pads the header so the data starts on 64 bytes.
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + a.data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(a.data, 10 + header.length);
  return out;
}
