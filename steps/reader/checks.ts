/**
 * Checks on one read result. Each returns null when the expectation holds, or a sentence
 * saying what was seen instead, so the step can blame the clause with the evidence.
 */
import type { NdArray, ReadValue } from '../../adapter/types.ts';
import { channelsEqual, describeArray, difference, isAllZero, isRgbImage, rgbImage, type Difference } from '../../kit/pixels.ts';
import { JPEG_TOLERANCE } from '../../kit/tolerance.ts';

export type Check = ((r: ReadValue) => string | null) & {
  /** The pixels the check compares against, so a report can picture expected beside actual. */
  image?: NdArray;
};

function withImage(check: (r: ReadValue) => string | null, image: NdArray): Check {
  return Object.assign(check, { image });
}

export function describeResult(r: ReadValue): string {
  switch (r.kind) {
    case 'none': return 'none';
    case 'exception': return `an exception ${r.type}: ${r.message}`;
    case 'image': return describeArray(r.image);
  }
}

const wrongKind = (r: ReadValue, wanted: string) => `${describeResult(r)} instead of ${wanted}`;

export const isNone: Check = (r) => (r.kind === 'none' ? null : wrongKind(r, 'none'));

export function isImageOf(width: number, height: number): Check {
  return (r) => {
    if (r.kind !== 'image') return wrongKind(r, `a ${width}x${height} image`);
    return isRgbImage(r.image, width, height) ? null : `${describeArray(r.image)} instead of uint8[${height}, ${width}, 3]`;
  };
}

export function isZerosOf(width: number, height: number): Check {
  // Pictured only when small enough to be worth drawing; a zero frame is all one colour anyway.
  const check: Check = (r) => {
    const shape = isImageOf(width, height)(r);
    if (shape) return shape;
    return isAllZero((r as { image: NdArray }).image) ? null : `a ${width}x${height} image that is not all zeros`;
  };
  return width * height <= 4096 * 4096 ? withImage(check, rgbImage(width, height)) : check;
}

/**
 * Shape first, then pixels: `judge` sees the difference only when the result has the
 * expected shape, and says what is wrong with it, or null.
 */
function comparedWith(expected: NdArray, judge: (d: Difference) => string | null): Check {
  return withImage((r) => {
    const [h, w] = expected.shape as [number, number];
    const shape = isImageOf(w, h)(r);
    if (shape) return shape;
    return judge(difference(expected, (r as { image: NdArray }).image));
  }, expected);
}

const worstPixel = (d: Difference) =>
  `(${d.worst.x}, ${d.worst.y}): expected ${d.worst.expected.join(',')} got ${d.worst.actual.join(',')}`;

export function equals(expected: NdArray, what = 'the expected pixels'): Check {
  return comparedWith(expected, (d) =>
    d.maxAbs === 0 ? null : `pixels differ from ${what}: max |diff| ${d.maxAbs} at ${worstPixel(d)}`);
}

/** Within the JPEG decoder tolerance of `expected` (the kit's own decode). */
export function closeTo(expected: NdArray, what = 'the encoded frame'): Check {
  return comparedWith(expected, (d) =>
    d.maxAbs <= JPEG_TOLERANCE.maxAbs && d.meanAbs <= JPEG_TOLERANCE.meanAbs ? null
      : `pixels are not close to ${what}: max |diff| ${d.maxAbs} (tolerance ${JPEG_TOLERANCE.maxAbs}), ` +
        `mean ${d.meanAbs.toFixed(2)} (tolerance ${JPEG_TOLERANCE.meanAbs}); worst at ${worstPixel(d)}`);
}

export function grayChannels(): Check {
  return (r) => {
    if (r.kind !== 'image') return wrongKind(r, 'an image');
    return channelsEqual(r.image) ? null : 'the three channels are not equal';
  };
}

export const noneOrRgbImage: Check = (r) => {
  if (r.kind === 'none') return null;
  if (r.kind === 'exception') return wrongKind(r, 'none or an image');
  return isRgbImage(r.image) ? null : `${describeArray(r.image)} instead of an H x W x 3 uint8 array`;
};

/** Any H x W x 3 uint8 image, of whatever size: for content with no implied size or pixels. */
export const anyRgbImage: Check = (r) => (r.kind === 'image' ? noneOrRgbImage(r) : wrongKind(r, 'an H x W x 3 uint8 image'));

/** Passes when every check passes. */
export function all(...checks: Check[]): Check {
  const check: Check = (r) => {
    for (const c of checks) {
      const m = c(r);
      if (m) return m;
    }
    return null;
  };
  const image = checks.find((c) => c.image)?.image;
  return image ? withImage(check, image) : check;
}

/** Passes when any check passes; otherwise reports every alternative's complaint. */
export function anyOf(...alternatives: Array<[string, Check]>): Check {
  // The first alternative with pixels is pictured as "expected": it is the reading's main one.
  const image = alternatives.find(([, c]) => c.image)?.[1].image;
  const check: Check = (r) => {
    const complaints: string[] = [];
    for (const [name, c] of alternatives) {
      const m = c(r);
      if (!m) return null;
      complaints.push(`not ${name} (${m})`);
    }
    return complaints.join('; ');
  };
  return image ? withImage(check, image) : check;
}
