/**
 * Checks on one read result. Each returns null when the expectation holds, or a sentence
 * saying what was seen instead, so the step can blame the clause with the evidence.
 * Checks built here also say which comparison failed (`explain`), so that a report can count
 * one defect once however many scenarios meet it (reports/defects.ts).
 */
import type { NdArray, ReadValue } from '../../adapter/types.ts';
import { channelsEqual, describeArray, difference, isAllZero, isRgbImage, rgbImage, type Difference } from '../../kit/pixels.ts';
import { JPEG_TOLERANCE } from '../../kit/tolerance.ts';
import type { FailureSignature } from '../support/failure.ts';
import { capText } from '../../kit/capText.ts';

/** A rejected result: the sentence for people, and the comparisons that failed (one, or every alternative's). */
export interface Complaint {
  text: string;
  failed: string[];
}

export type Check = ((r: ReadValue) => string | null) & {
  /** The pixels the check compares against, so a report can picture expected beside actual. */
  image?: NdArray;
  /** The check wants no image back: there is nothing to picture as "expected". */
  expectsNone?: boolean;
  /** The same verdict, saying which comparison failed. A bare function has none ("other"). */
  explain?: (r: ReadValue) => Complaint | null;
  /**
   * The check stands in for one it cannot make (a reading that compares pixels, on content that
   * implies none): it accepts by shape alone, so it says nothing of which reading was taken.
   */
  vacuous?: boolean;
};

/** A check that accepts by shape alone where the real comparison has nothing to compare with. */
export function standIn(check: Check): Check {
  return Object.assign(((r: ReadValue) => check(r)) as Check, { ...(check.explain ? { explain: check.explain } : {}), vacuous: true });
}

/** A check from its explanation; calling it gives the sentence alone. */
export function checkOf(explain: (r: ReadValue) => Complaint | null, extra: { image?: NdArray; expectsNone?: boolean; vacuous?: boolean } = {}): Check {
  return Object.assign((r: ReadValue) => explain(r)?.text ?? null, {
    explain,
    ...(extra.image ? { image: extra.image } : {}),
    ...(extra.expectsNone ? { expectsNone: true } : {}),
    ...(extra.vacuous ? { vacuous: true } : {}),
  });
}

const complaint = (text: string, failed: string): Complaint => ({ text, failed: [failed] });

/** What a check makes of a result, with the failed comparison; bare functions fail "other". */
export function explain(check: Check, r: ReadValue): Complaint | null {
  if (check.explain) return check.explain(r);
  const text = check(r);
  return text === null ? null : complaint(text, 'other');
}

/** The class of a result, never its exact size: none, the exception's type, or dtype, ndim and last dim. */
export function resultClass(r: ReadValue): string {
  switch (r.kind) {
    case 'none': return 'none';
    case 'exception': return `exception ${capText(r.type)}`;
    case 'image': {
      const shape = r.image.shape;
      return `image ${r.image.dtype} ${shape.length}-d${shape.length >= 3 ? ` (last dim ${shape.at(-1)})` : ''}`;
    }
  }
}

/** Applies a check; on failure, the complaint and the failure's signature (which comparison failed, on what). */
export function judgeRead(check: Check, r: ReadValue): { complaint: string; signature: FailureSignature } | null {
  const c = explain(check, r);
  if (!c) return null;
  const comparison = c.failed.length > 1 ? `any of [${c.failed.join(', ')}]` : (c.failed[0] ?? 'other');
  return { complaint: c.text, signature: { comparison, result: resultClass(r), ...(check.expectsNone ? { expected: 'none' as const } : {}) } };
}

export function describeResult(r: ReadValue): string {
  switch (r.kind) {
    case 'none': return 'none';
    case 'exception': return `an exception ${capText(r.type)}: ${capText(r.message)}`;
    case 'image': return describeArray(r.image);
  }
}

const wrongKind = (r: ReadValue, wanted: string) => `${describeResult(r)} instead of ${wanted}`;

/** The names of the comparisons a failure signature is made of. */
const KIND = (wanted: string) => `kind (want ${wanted})`;
const SHAPE = 'shape/dtype';

export const isNone: Check = checkOf((r) => (r.kind === 'none' ? null : complaint(wrongKind(r, 'none'), KIND('none'))), { expectsNone: true });

export function isImageOf(width: number, height: number): Check {
  return checkOf((r) => {
    if (r.kind !== 'image') return complaint(wrongKind(r, `a ${width}x${height} image`), KIND('image'));
    return isRgbImage(r.image, width, height) ? null : complaint(`${describeArray(r.image)} instead of uint8[${height}, ${width}, 3]`, SHAPE);
  });
}

export function isZerosOf(width: number, height: number): Check {
  const shapeCheck = isImageOf(width, height);
  // Pictured only when small enough to be worth drawing; a zero frame is all one colour anyway.
  return checkOf((r) => {
    const shape = explain(shapeCheck, r);
    if (shape) return shape;
    return isAllZero((r as { image: NdArray }).image) ? null : complaint(`a ${width}x${height} image that is not all zeros`, 'not-all-zeros');
  }, width * height <= 4096 * 4096 ? { image: rgbImage(width, height) } : {});
}

/** The same kind of answer as another read's (none, or an exception): for reads judged against another read. */
export function sameKindAs(other: ReadValue, complain: (r: ReadValue) => string): Check {
  const wanted = other.kind === 'exception' ? 'an exception' : other.kind;
  return checkOf((r) => (r.kind === other.kind ? null : complaint(complain(r), KIND(wanted))), { expectsNone: other.kind === 'none' });
}

/**
 * Shape first, then pixels: `judge` sees the difference only when the result has the
 * expected shape, and says what is wrong with it, or null.
 */
function comparedWith(expected: NdArray, comparison: string, judge: (d: Difference) => string | null): Check {
  const [h, w] = expected.shape as [number, number];
  const shapeCheck = isImageOf(w, h);
  return checkOf((r) => {
    const shape = explain(shapeCheck, r);
    if (shape) return shape;
    const text = judge(difference(expected, (r as { image: NdArray }).image));
    return text === null ? null : complaint(text, comparison);
  }, { image: expected });
}

const worstPixel = (d: Difference) =>
  `(${d.worst.x}, ${d.worst.y}): expected ${d.worst.expected.join(',')} got ${d.worst.actual.join(',')}`;

export function equals(expected: NdArray, what = 'the expected pixels'): Check {
  return comparedWith(expected, `pixels vs ${what}`, (d) =>
    d.maxAbs === 0 ? null : `pixels differ from ${what}: max |diff| ${d.maxAbs} at ${worstPixel(d)}`);
}

/** Within the JPEG decoder tolerance of `expected` (the kit's own decode). */
export function closeTo(expected: NdArray, what = 'the encoded frame'): Check {
  return comparedWith(expected, `pixels vs ${what} (tolerance)`, (d) =>
    d.maxAbs <= JPEG_TOLERANCE.maxAbs && d.meanAbs <= JPEG_TOLERANCE.meanAbs ? null
      : `pixels are not close to ${what}: max |diff| ${d.maxAbs} (tolerance ${JPEG_TOLERANCE.maxAbs}), ` +
        `mean ${d.meanAbs.toFixed(2)} (tolerance ${JPEG_TOLERANCE.meanAbs}); worst at ${worstPixel(d)}`);
}

export function grayChannels(): Check {
  return checkOf((r) => {
    if (r.kind !== 'image') return complaint(wrongKind(r, 'an image'), KIND('image'));
    return channelsEqual(r.image) ? null : complaint('the three channels are not equal', 'channels-equal');
  });
}

export const noneOrRgbImage: Check = checkOf((r) => {
  if (r.kind === 'none') return null;
  if (r.kind === 'exception') return complaint(wrongKind(r, 'none or an image'), KIND('none or image'));
  return isRgbImage(r.image) ? null : complaint(`${describeArray(r.image)} instead of an H x W x 3 uint8 array`, SHAPE);
});

/** Any H x W x 3 uint8 image, of whatever size: for content with no implied size or pixels. */
export const anyRgbImage: Check = checkOf((r) => (r.kind === 'image' ? explain(noneOrRgbImage, r) : complaint(wrongKind(r, 'an H x W x 3 uint8 image'), KIND('image'))));

/** Passes when every check passes. */
export function all(...checks: Check[]): Check {
  return checkOf((r) => {
    for (const c of checks) {
      const m = explain(c, r);
      if (m) return m;
    }
    return null;
  }, { image: checks.find((c) => c.image)?.image, expectsNone: checks.some((c) => c.expectsNone) });
}

/** Passes when any check passes; otherwise reports every alternative's complaint. */
export function anyOf(...alternatives: Array<[string, Check]>): Check {
  // The first alternative with pixels is pictured as "expected": it is the reading's main one.
  const image = alternatives.find(([, c]) => c.image)?.[1].image;
  return checkOf((r) => {
    const complaints: string[] = [];
    const failed: string[] = [];
    for (const [name, c] of alternatives) {
      const m = explain(c, r);
      if (!m) return null;
      complaints.push(`not ${name} (${m.text})`);
      // Nested alternatives flatten, each comparison once: the same defect reads the same however the reading nests.
      for (const f of m.failed) if (!failed.includes(f)) failed.push(f);
    }
    return { text: complaints.join('; '), failed };
  }, { image, expectsNone: alternatives.length > 0 && alternatives.every(([, c]) => c.expectsNone), vacuous: alternatives.some(([, c]) => c.vacuous) });
}
