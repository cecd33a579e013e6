/**
 * `.npy` segment files as other tools leave them in the fs transport's directory (docs/sdk-guide.md:
 * `<safe id>.npy` is numpy's format): numpy writes format 2.0 or 3.0 when asked
 * (`numpy.lib.format.write_array(f, a, version=...)`), and a crashed or foreign writer leaves
 * damaged files. The damaged ones are deliberately malformed bytes: each breaks one thing a
 * reader of the format must check (magic, version, header length, header keys, dtype, shape,
 * data length), so a reader that trusts it raises or misreads.
 */
import type { NdArray } from '../adapter/types.ts';
import { encodeNpy } from '../kit/npy.ts';

export const VALID_NPY_FORMS = ['version 2.0', 'version 3.0'] as const;
export const DAMAGED_NPY_FORMS = [
  'no magic', 'shorter than its prefix', 'version 4.0', 'version 2.0 cut in its length field', 'header longer than the file',
  'header without shape', 'complex dtype', 'fractional dimension', 'dimension beyond 2**53', 'data cut short',
] as const;
export type NpyForm = (typeof VALID_NPY_FORMS)[number] | (typeof DAMAGED_NPY_FORMS)[number];
export const NPY_FORMS: readonly NpyForm[] = [...VALID_NPY_FORMS, ...DAMAGED_NPY_FORMS];

/** The header dict of a version 1.0 file with its padding, rewritten; the length field follows. */
function withHeader(file: Uint8Array, edit: (header: string) => string): Uint8Array {
  const length = file[8]! | (file[9]! << 8);
  const header = edit(Buffer.from(file.subarray(10, 10 + length)).toString('latin1'));
  const body = Buffer.from(header, 'latin1');
  const out = new Uint8Array(10 + body.length + file.length - 10 - length);
  out.set(file.subarray(0, 8));
  out[8] = body.length & 0xff;
  out[9] = body.length >> 8;
  out.set(body, 10);
  out.set(file.subarray(10 + length), 10 + body.length);
  return out;
}

/** The file of `form` for `a` (an RGB uint8 array). */
export function npyFile(a: NdArray, form: NpyForm): Uint8Array {
  const v1 = encodeNpy(a);
  switch (form) {
    case 'version 2.0': return encodeNpy(a, { version: 2 });
    case 'version 3.0': return encodeNpy(a, { version: 3 });
    case 'no magic': return Uint8Array.from(v1, (b, i) => (i === 1 ? 0x4d : b));
    case 'shorter than its prefix': return v1.slice(0, 8);
    case 'version 4.0': return Uint8Array.from(v1, (b, i) => (i === 6 ? 4 : b));
    case 'version 2.0 cut in its length field': return Uint8Array.from(v1.slice(0, 11), (b, i) => (i === 6 ? 2 : b));
    case 'header longer than the file': return Uint8Array.from(v1, (b, i) => (i === 9 ? 0xff : b));
    case 'header without shape': return withHeader(v1, (h) => h.replace(/'shape'/, "'shap_'"));
    case 'complex dtype': return withHeader(v1, (h) => h.replace(/'\|u1'/, "'<c8'"));
    case 'fractional dimension': return withHeader(v1, (h) => h.replace(/\((\d+),/, '($1.5,'));
    case 'dimension beyond 2**53': return withHeader(v1, (h) => h.replace(/\((\d+),/, '(99999999999999999999,'));
    case 'data cut short': return v1.slice(0, v1.length - 1);
  }
}
