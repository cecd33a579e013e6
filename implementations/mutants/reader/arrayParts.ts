/** Mutants of RD-ARR-01..04 (stored arrays), one exported part set each. */
import type { NdArray } from '../../../adapter/types.ts';
import { isWellFormed } from '../../reference-sdk/ndArray.ts';
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';
import { withoutFourthChannel } from './arrays.ts';

const isGray = (a: NdArray) => a.shape.length === 2 || (a.shape.length === 3 && a.shape[2] === 1);
const isRgb = (a: NdArray) => a.shape.length === 3 && a.shape[2] === 3;

/**
 * RD-ARR-01: the no-conversion path squeezes degenerate RGB arrays and rebuilds them wrongly:
 * a single row or column comes back transposed ([1, W, 3] as [W, 1, 3]) and a single pixel,
 * squeezed to a scalar, comes back as the zero fallback. Only when no BGR conversion happens:
 * every other scenario stores arrays of at least 3 x 3, or reads them as BGR, so only the RGB
 * read-back scenarios can see it.
 */
const degenerateRgbInputs = new WeakSet<NdArray>();
export const degenerateRgbArrayMisread: Partial<SdkParts> = {
  normalizeArray: (a) => {
    const out = defaultParts.normalizeArray(a);
    if (out && a.dtype === 'uint8' && isRgb(a) && (a.shape[0] === 1 || a.shape[1] === 1)) degenerateRgbInputs.add(out);
    return out;
  },
  applyColorSpace: (a, meta, source) => {
    const out = defaultParts.applyColorSpace(a, meta, source);
    if (out !== a || source !== 'array' || !degenerateRgbInputs.has(a)) return out;
    const [h, w] = a.shape as [number, number];
    if (h === 1 && w === 1) return defaultParts.zeros(1, 1);
    return { dtype: 'uint8', shape: [w, h, 3], data: new Uint8Array(a.data) };
  },
};

/** RD-ARR-02: only three-channel arrays are supported, so gray ones take the zero fallback. */
export const grayNotExpanded: Partial<SdkParts> = {
  normalizeArray: (a) => (isWellFormed(a) && a.dtype === 'uint8' && isGray(a) ? null : defaultParts.normalizeArray(a)),
};

/** RD-ARR-03: an RGBA array has its alpha dropped instead of taking the zero fallback. */
export const rgbaArrayAlphaDropped: Partial<SdkParts> = {
  normalizeArray: (a) => (isWellFormed(a) && a.dtype === 'uint8' && a.shape.length === 3 && a.shape[2] === 4
    ? withoutFourthChannel(a)
    : defaultParts.normalizeArray(a)),
};

/**
 * RD-ARR-04: a non-uint8 array takes the zero fallback instead of the cast the seed's flowchart
 * draws ("Cast to uint8 without copy"). No document asks for it; a careful buyer may (strict).
 */
export const nonUint8ArrayZeros: Partial<SdkParts> = {
  normalizeArray: (a) => (isWellFormed(a) && a.dtype !== 'uint8' ? null : defaultParts.normalizeArray(a)),
};

/**
 * RD-ARR-03: lenient shapes. Singleton dimensions are squeezed away ([1, 3, 4, 3] and
 * [3, 4, 3, 1] become RGB), two channels are read as gray plus alpha (Pillow's "LA"), and a
 * 1-D array is reshaped to meta's H x W when its length allows (numpy's reshape), so these
 * arrays come back as images instead of the zero fallback.
 */
const flatArrays = new WeakSet<NdArray>();
export const oddShapesAccepted: Partial<SdkParts> = {
  normalizeArray: (a) => {
    if (!isWellFormed(a) || a.dtype !== 'uint8') return defaultParts.normalizeArray(a);
    if (a.shape.length === 1) {
      const row = defaultParts.normalizeArray({ ...a, shape: [1, a.shape[0]!] });
      if (row) flatArrays.add(row);
      return row;
    }
    if (a.shape.length === 4) {
      const squeezed = a.shape.filter((d) => d !== 1);
      return squeezed.length === 3 && squeezed[2] === 3 ? defaultParts.normalizeArray({ ...a, shape: squeezed }) : null;
    }
    if (a.shape.length === 3 && a.shape[2] === 2) {
      const [h, w] = a.shape as [number, number];
      const gray = new Uint8Array(h * w);
      for (let p = 0; p < h * w; p++) gray[p] = a.data[p * 2]!;
      return defaultParts.normalizeArray({ dtype: 'uint8', shape: [h, w], data: gray });
    }
    return defaultParts.normalizeArray(a);
  },
  fitToMeta: (a, width, height) => (flatArrays.has(a) && a.shape[1] === width * height
    ? { dtype: 'uint8', shape: [height, width, 3], data: a.data }
    : defaultParts.fitToMeta(a, width, height)),
};
