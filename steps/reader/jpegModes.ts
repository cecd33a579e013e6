/**
 * JPEG modes in scenarios (generators/jpegModes.ts): what is stored and what a conformant read
 * of it gives. CMYK colours depend on the decoder's colour management, so they are judged with
 * a looser tolerance against what was encoded (docs/tolerances.md, "JPEG modes").
 */
import type { NdArray } from '../../adapter/types.ts';
import { applyOrientation, describeJpegMode, materializeJpegMode, readJpegModeInfo, type JpegMode, type JpegModeRecipe } from '../../generators/jpegModes.ts';
import { kitDecode } from '../../kit/decode.ts';
import { difference } from '../../kit/pixels.ts';
import { anyOf, checkOf, closeTo, explain, isImageOf, isZerosOf, type Check } from './checks.ts';
import type { StoredContent } from './state.ts';

/**
 * How far a correct decoder's RGB of a generated CMYK or YCCK JPEG may be from the RGB that was
 * encoded: colour-managed (libvips) and plain (Pillow, OpenCV) CMYK conversion disagree by up to
 * 39 levels, mean 16, on the kit's content; a skipped Adobe inversion is off by a mean above 100.
 */
export const CMYK_TOLERANCE = { maxAbs: 96, meanAbs: 32 } as const;

/** Gherkin words for the modes; "orientation-N" names orientation N. */
const MODE_WORDS: Record<string, JpegMode> = {
  '4:2:2': '4:2:2', '4:4:0': '4:4:0', '4:1:1': '4:1:1', arithmetic: 'arithmetic',
  'arithmetic-progressive': 'arithmetic-progressive', 'adobe-cmyk': 'cmyk', 'adobe-ycck': 'ycck',
};

/** What was encoded, for content whose colours only a loose check can judge. */
const encodedFrames = new WeakMap<StoredContent, NdArray>();
export const encodedFrameOf = (c: StoredContent): NdArray | undefined => encodedFrames.get(c);

/** The stored content of a JPEG mode named in a feature, or undefined when the word names none. */
export async function jpegModeContent(word: string, width: number, height: number, seed: number): Promise<StoredContent | undefined> {
  const oriented = /^orientation-([1-8])$/.exec(word);
  const mode = oriented ? 'orientation' : MODE_WORDS[word];
  if (!mode) return undefined;
  const recipe: JpegModeRecipe = { mode, width, height, quality: 90, orientation: oriented ? Number(oriented[1]) : 1, seed };
  const m = await materializeJpegMode(recipe);
  const content: StoredContent = {
    kind: 'jpeg', description: describeJpegMode(recipe), width, height, bytes: m.bytes,
    ...(m.channels === 4 ? {} : { expected: await kitDecode(m.bytes) }),
    exact: false,
  };
  if (m.channels === 4) encodedFrames.set(content, m.source);
  return content;
}

/** Within {@link CMYK_TOLERANCE} of the RGB frame that was encoded as CMYK. */
export function cmykCloseTo(encoded: NdArray): Check {
  const [h, w] = encoded.shape as [number, number];
  const shape = isImageOf(w, h);
  const what = 'pixels vs the encoded frame (CMYK tolerance)';
  return checkOf((r) => {
    const wrong = explain(shape, r);
    if (wrong) return wrong;
    const d = difference(encoded, (r as { image: NdArray }).image);
    if (d.maxAbs <= CMYK_TOLERANCE.maxAbs && d.meanAbs <= CMYK_TOLERANCE.meanAbs) return null;
    return {
      text: `colours are not close to the encoded frame: max |diff| ${d.maxAbs} (CMYK tolerance ${CMYK_TOLERANCE.maxAbs}), ` +
        `mean ${d.meanAbs.toFixed(2)} (CMYK tolerance ${CMYK_TOLERANCE.meanAbs})`,
      failed: [what],
    };
  }, { image: encoded });
}

/**
 * RD-DEC-03 on a CMYK or YCCK JPEG: RGB colours close to what was encoded, or the zero fallback
 * of a reader that refuses four-component JPEGs (as the catalog's shape-only check always allowed).
 */
export function cmykDecodedOrRefused(encoded: NdArray): Check {
  const [h, w] = encoded.shape as [number, number];
  return anyOf(['an RGB decode', cmykCloseTo(encoded)], ['the zero fallback', isZerosOf(w, h)]);
}

/**
 * RD-DEC-04, reading "apply": the kit's decode (stored order) as its own EXIF Orientation tag
 * shows it; the plain decode when the bytes carry no tag.
 */
export function orientedCloseTo(stored: StoredContent): Check | undefined {
  if (!stored.expected || !stored.bytes) return undefined;
  const tag = readJpegModeInfo(stored.bytes).orientation;
  // A tag outside 1-8 means nothing to a viewer: it shows the stored order.
  const o = tag !== undefined && tag >= 1 && tag <= 8 ? tag : 1;
  return closeTo(applyOrientation(stored.expected, o), `the encoded frame turned as EXIF orientation ${o} shows it`);
}
