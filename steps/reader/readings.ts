/**
 * What each reading of an ambiguous or conflicting clause accepts. The profile (or a
 * --reading override) picks the reading; the catalog names and explains them.
 */
import type { ReadValue } from '../../adapter/types.ts';
import { reverseChannels } from '../../kit/pixels.ts';
import { anyOf, anyRgbImage, closeTo, equals, isImageOf, isNone, isZerosOf, noneOrRgbImage, type Check } from './checks.ts';
import type { StoredContent } from './state.ts';

export interface ReadingContext {
  stored?: StoredContent;
  /** Width and height the meta named, when they are usable integers. */
  metaSize?: { width: number; height: number };
}

type ReadingChecks = Record<string, (ctx: ReadingContext) => Check>;

// Content with no implied pixels (a bomb, CMYK) is matched by shape and dtype alone.

const matchesStored = (ctx: ReadingContext): Check => {
  const s = need(ctx.stored, 'stored content');
  if (!s.expected) return anyRgbImage;
  const e = s.expected;
  const main = s.exact ? equals(e, 'the stored array') : closeTo(e);
  if (!s.alternatives?.length) return main;
  return anyOf(['as decoded', main], ...s.alternatives.map((a, i): [string, Check] => [`alternative ${i + 1}`, closeTo(a)]));
};
const matchesStoredReversed = (ctx: ReadingContext): Check => {
  const s = need(ctx.stored, 'stored content');
  if (!s.expected) return anyRgbImage;
  const e = reverseChannels(need(s.expected, 'expected pixels'));
  return s.exact ? equals(e, 'the stored array, channels reversed') : closeTo(e, 'the encoded frame, channels reversed');
};
const zerosOfMeta = (ctx: ReadingContext): Check => {
  const m = need(ctx.metaSize, 'a usable meta size');
  return isZerosOf(m.width, m.height);
};
const imageOfMeta = (ctx: ReadingContext): Check => {
  const m = need(ctx.metaSize, 'a usable meta size');
  return isImageOf(m.width, m.height);
};
const anyZeros: Check = (r: ReadValue) => {
  if (r.kind !== 'image') return 'not an image';
  const [h, w] = r.image.shape as [number, number];
  return isZerosOf(w, h)(r);
};

export const readingChecks: Record<string, ReadingChecks> = {
  'RD-META-01': {
    none: () => isNone,
    'none-or-zeros': () => anyOf(['none', isNone], ['a zero fallback', anyZeros]),
  },
  'RD-META-03': {
    reject: () => isNone,
    coerce: matchesStored,
    either: (ctx) => anyOf(['none', isNone], ['the coerced read', matchesStored(ctx)]),
  },
  'RD-ARR-04': {
    zeros: zerosOfMeta,
    cast: matchesStored,
    either: (ctx) => anyOf(['the zero fallback', zerosOfMeta(ctx)], ['an image of meta size', imageOfMeta(ctx)]),
  },
  'RD-SHAPE-02': {
    strict: (ctx) => anyOf(['none', isNone], ['an image of meta size', imageOfMeta(ctx)]),
    'stored-size': matchesStored,
    either: (ctx) => anyOf(['none', isNone], ['an image of meta size', imageOfMeta(ctx)], ['the stored frame', matchesStored(ctx)]),
  },
  'RD-CS-02': {
    'case-sensitive': matchesStored,
    'case-insensitive': matchesStoredReversed,
    either: (ctx) => anyOf(['as stored', matchesStored(ctx)], ['reversed', matchesStoredReversed(ctx)]),
  },
  'RD-CS-03': {
    'as-rgb': matchesStored,
    'any-valid': () => noneOrRgbImage,
  },
  'RD-CS-04': {
    swap: matchesStoredReversed,
    'arrays-only': matchesStored,
    either: (ctx) => anyOf(['as decoded', matchesStored(ctx)], ['reversed', matchesStoredReversed(ctx)]),
  },
  'RD-ENC-01': {
    refuse: zerosOfMeta,
    decode: matchesStored,
    either: (ctx) => anyOf(['the zero fallback', zerosOfMeta(ctx)], ['a faithful decode', matchesStored(ctx)]),
  },
  'RD-ROBUST-03': {
    none: () => isNone,
    'none-or-image': (ctx) => anyOf(['none', isNone], ['an image of meta size', imageOfMeta(ctx)]),
  },
};

export function readingCheck(clause: string, reading: string | undefined, ctx: ReadingContext): Check {
  const forClause = readingChecks[clause];
  if (!forClause) throw new Error(`kit error: no reading checks for ${clause}`);
  const make = reading ? forClause[reading] : undefined;
  if (!make) throw new Error(`kit error: ${clause} has no check for reading "${reading}"`);
  return make(ctx);
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`kit error: this reading needs ${what}`);
  return v;
}

/** Usable width/height of a meta, by the strict rule-1 reading. */
export function metaSize(meta: unknown): { width: number; height: number } | undefined {
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return undefined;
  const { width, height } = meta as Record<string, unknown>;
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (ok(width) && ok(height)) return { width, height };
  // The coerce reading of RD-META-03 reads numeric strings as numbers.
  const num = (v: unknown) => (typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v);
  const w = num(width);
  const h = num(height);
  return ok(w) && ok(h) ? { width: w, height: h } : undefined;
}
