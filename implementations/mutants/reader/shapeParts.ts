/** Mutants of RD-SHAPE-01/02 (the result's size), one exported part set each. */
import { DEFAULT_MAX_PIXELS, defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';

/**
 * RD-SHAPE-02 (killed under the strict reading "strict"; default accepts it): the stored frame is returned at its own size, the
 * "stored-size" reading. The decoder gets the SDK's general pixel bound instead of meta's size,
 * as a lenient SDK would, so bombs are still refused.
 */
export const storedSizeReturned: Partial<SdkParts> = {
  decode: (bytes) => defaultParts.decode(bytes, DEFAULT_MAX_PIXELS),
  fitToMeta: (a, width, height) => {
    const [, , c] = a.shape;
    return a.dtype === 'uint8' && a.shape.length === 3 && c === 3 ? a : defaultParts.fitToMeta(a, width, height);
  },
};
