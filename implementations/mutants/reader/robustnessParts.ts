/** Mutants of RD-ROBUST-01..03 (no exception, no hang, bounded memory) that are SDK parts. */
import { READ_DEADLINE_MS } from '../../../kit/tolerance.ts';
import { metaValidator } from '../../reference-sdk/parts/validateMeta.ts';
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';
import { readJpegHeader } from './jpegHeader.ts';

/**
 * A header claiming more than this is a decompression bomb: far beyond any frame the kit
 * generates (4097 x 4097 at most), so ordinary and damaged JPEGs never pay the delay.
 */
const BOMB_PIXELS = 2 ** 28;

/**
 * RD-ROBUST-02: a decoder that works through the size the header claims before it notices the
 * data is missing. Simulated by a sleep just past the kit's read deadline (kit/tolerance.ts),
 * so the run costs one deadline, not the minutes a real bomb would.
 */
export const slowOnBomb: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const frame = readJpegHeader(bytes).frame;
    if (frame && frame.width * frame.height > BOMB_PIXELS) {
      await new Promise((resolve) => setTimeout(resolve, READ_DEADLINE_MS + 500));
      return null;
    }
    return defaultParts.decode(bytes, maxPixels);
  },
};

/**
 * RD-ROBUST-03 (every reading): no upper bound on meta's size, so the zero fallback
 * for 2^31 x 2^31 is attempted and raises (numpy's MemoryError; here a RangeError).
 */
export const hugeMetaAllocates: Partial<SdkParts> = {
  validateMeta: metaValidator(Number.POSITIVE_INFINITY),
};
