/**
 * The numpy `.npy` format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * the fs transport stores arrays as `<safe id>.npy` so that numpy-based tools (the Python SDK,
 * Runners) can load them directly. The writer is the kit's (kit/npy.ts). The reader reads 1.0,
 * 2.0 and 3.0, either byte order, C or Fortran order. Only the dtypes of the adapter's `Dtype`
 * are supported; anything else (structured, object, float16, strings) is not an image.
 */
import type { Dtype, NdArray } from '../../adapter/types.ts';
import { elementCount, itemSize } from './ndArray.ts';
import { encodeNpy, NPY_MAGIC } from '../../kit/npy.ts';

const MAGIC = NPY_MAGIC;

const DTYPE_BY_KIND_AND_SIZE: Record<string, Dtype> = {
  u1: 'uint8', i1: 'int8', b1: 'bool',
  u2: 'uint16', i2: 'int16',
  u4: 'uint32', i4: 'int32',
  f4: 'float32', f8: 'float64',
};

export { encodeNpy };

/** Decodes a `.npy` file into a C-ordered little-endian array; null when it is not one we can hold. */
export function decodeNpy(file: Uint8Array): NdArray | null {
  if (file.byteLength < 10 || MAGIC.some((b, i) => file[i] !== b)) return null;
  const major = file[6];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerStart = 10;
    headerLength = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (file.byteLength < 12) return null;
    headerStart = 12;
    headerLength = view.getUint32(8, true);
  } else {
    return null;
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > file.byteLength) return null;
  const header = Buffer.from(file.subarray(headerStart, dataStart)).toString(major === 3 ? 'utf8' : 'latin1');
  const parsed = parseHeader(header);
  if (!parsed) return null;

  const size = itemSize(parsed.dtype);
  const byteCount = elementCount(parsed.shape) * size;
  if (!Number.isSafeInteger(byteCount) || dataStart + byteCount > file.byteLength) return null;
  // A copy into a plain Uint8Array: Buffer#slice would be a view of the whole file.
  let data: Uint8Array = new Uint8Array(file.subarray(dataStart, dataStart + byteCount));
  if (parsed.bigEndian && size > 1) swapBytes(data, size);
  if (parsed.fortranOrder && parsed.shape.length > 1) data = fortranToC(data, parsed.shape, size);
  return { dtype: parsed.dtype, shape: parsed.shape, data };
}

interface NpyHeader {
  dtype: Dtype;
  shape: number[];
  fortranOrder: boolean;
  bigEndian: boolean;
}

/** The header is a Python dict literal; these three keys are all the format defines. */
function parseHeader(header: string): NpyHeader | null {
  const descr = /['"]descr['"]\s*:\s*['"]([<>|=])([a-z])(\d+)['"]/.exec(header);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText) return null;
  const dtype = DTYPE_BY_KIND_AND_SIZE[`${descr[2]}${descr[3]}`];
  if (!dtype) return null;
  const dims = shapeText[1].split(',').map((s) => s.trim().replace(/L$/, '')).filter((s) => s !== '');
  if (!dims.every((d) => /^\d+$/.test(d))) return null;
  const shape = dims.map(Number);
  if (!shape.every(Number.isSafeInteger)) return null;
  return { dtype, shape, fortranOrder: fortran[1] === 'True', bigEndian: descr[1] === '>' };
}

function swapBytes(data: Uint8Array, size: number): void {
  for (let offset = 0; offset < data.length; offset += size) {
    data.subarray(offset, offset + size).reverse();
  }
}

/** Reorders elements from Fortran (first axis fastest) to C (last axis fastest) order. */
function fortranToC(data: Uint8Array, shape: number[], size: number): Uint8Array {
  const count = elementCount(shape);
  const out = new Uint8Array(data.length);
  const fortranStrides: number[] = [];
  let stride = 1;
  for (const dim of shape) {
    fortranStrides.push(stride);
    stride *= dim;
  }
  const index = new Array<number>(shape.length).fill(0);
  let source = 0;
  for (let target = 0; target < count; target++) {
    out.set(data.subarray(source * size, source * size + size), target * size);
    // Odometer over the C index, keeping the Fortran offset in step.
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis]++;
      source += fortranStrides[axis];
      if (index[axis] < shape[axis]) break;
      source -= fortranStrides[axis] * index[axis];
      index[axis] = 0;
    }
  }
  return out;
}
