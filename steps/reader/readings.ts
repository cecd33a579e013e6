/**
 * What each reading of an ambiguous or conflicting clause accepts. The profile (or a
 * --reading override) picks the reading; the catalog names and explains them.
 */
import type { ReadValue } from '../../adapter/types.ts';
import { reverseChannels } from '../../kit/pixels.ts';
import { anyOf, anyRgbImage, standIn, checkOf, closeTo, equals, explain, isImageOf, isNone, isZerosOf, noneOrRgbImage, type Check } from './checks.ts';
import type { StoredContent } from './state.ts';
import { observeReadings } from '../support/readingsObserved.ts';
import { orientedCloseTo } from './jpegModes.ts';

export interface ReadingContext {
  stored?: StoredContent;
  /** Width and height the meta named, when they are usable integers. */
  metaSize?: { width: number; height: number };
  /** RD-ISO-01: what a read of one of two ids must, or may, give. */
  isolation?: IsolationContext;
  /**
   * RD-OWN-02: the read after the caller changed an earlier result. `changed` (the earlier
   * result as the caller changed it) only when that result could be a view of a stored segment.
   */
  ownership?: { unchanged: Check; changed?: Check };
}

type ReadingChecks = Record<string, (ctx: ReadingContext) => Check>;

// Content with no implied pixels (a bomb, CMYK) is matched by shape and dtype alone.

const matchesStored = (ctx: ReadingContext): Check => {
  const s = need(ctx.stored, 'stored content');
  if (!s.expected) return standIn(anyRgbImage);
  const e = s.expected;
  const main = s.exact ? equals(e, 'the stored array') : closeTo(e);
  if (!s.alternatives?.length) return main;
  return anyOf(['as decoded', main], ...s.alternatives.map((a, i): [string, Check] => [`alternative ${i + 1}`, closeTo(a)]));
};
const matchesStoredReversed = (ctx: ReadingContext): Check => {
  const s = need(ctx.stored, 'stored content');
  if (!s.expected) return standIn(anyRgbImage);
  const e = reverseChannels(need(s.expected, 'expected pixels'));
  return s.exact ? equals(e, 'the stored array, channels reversed') : closeTo(e, 'the encoded frame, channels reversed');
};
const orientedAsShown = (ctx: ReadingContext): Check => orientedCloseTo(need(ctx.stored, 'stored content')) ?? standIn(anyRgbImage);
const zerosOfMeta = (ctx: ReadingContext): Check => {
  const m = need(ctx.metaSize, 'a usable meta size');
  return isZerosOf(m.width, m.height);
};
const imageOfMeta = (ctx: ReadingContext): Check => {
  const m = need(ctx.metaSize, 'a usable meta size');
  return isImageOf(m.width, m.height);
};
const anyZeros: Check = checkOf((r: ReadValue) => {
  if (r.kind !== 'image') return { text: 'not an image', failed: ['kind (want image)'] };
  const [h, w] = r.image.shape as [number, number];
  return explain(isZerosOf(w, h), r);
});

/** What a shared fs file could give instead, when two ids collide under the layout's file-name rule. */
export interface IsolationContext {
  /** The result a read must give when the ids are apart. */
  apart: Check;
  /** What the colliding id's shared file could give; absent when the ids do not share a file. */
  shared?: Check;
}

const isolation = (ctx: ReadingContext): IsolationContext => need(ctx.isolation, 'the isolation expectations');
const ownership = (ctx: ReadingContext) => need(ctx.ownership, 'the earlier result');
const noneOrZeros = anyOf(['none', isNone], ['a zero fallback', anyZeros]);

export const readingChecks: Record<string, ReadingChecks> = {
  'RD-META-01': {
    none: () => isNone,
    zeros: () => anyZeros,
    either: () => noneOrZeros,
  },
  'RD-META-02': {
    none: () => isNone,
    zeros: () => anyZeros,
    either: () => noneOrZeros,
  },
  'RD-META-03': {
    reject: () => isNone,
    coerce: matchesStored,
    either: (ctx) => anyOf(['none', isNone], ['a zero fallback', anyZeros], ['the coerced read', matchesStored(ctx)]),
  },
  'RD-ARR-03': {
    zeros: zerosOfMeta,
    'any-image': () => anyRgbImage,
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
  'RD-DEC-04': {
    ignore: matchesStored,
    apply: orientedAsShown,
    either: (ctx) => anyOf(['in stored order', matchesStored(ctx)], ['turned as EXIF orientation shows it', orientedAsShown(ctx)]),
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
  'RD-FALL-01': {
    zeros: zerosOfMeta,
    none: () => isNone,
    either: (ctx) => anyOf(['none', isNone], ['the zero fallback', zerosOfMeta(ctx)]),
  },
  'RD-OWN-02': {
    copy: (ctx) => ownership(ctx).unchanged,
    'view-allowed': (ctx) => {
      const o = ownership(ctx);
      return o.changed ? anyOf(['unchanged', o.unchanged], ['the change, seen through a view', o.changed]) : o.unchanged;
    },
  },
  'RD-ISO-01': {
    apart: (ctx) => isolation(ctx).apart,
    'fs-layout': (ctx) => {
      const i = isolation(ctx);
      return i.shared ? anyOf(['its own data', i.apart], ['what the shared file holds', i.shared]) : i.apart;
    },
  },
};

export function readingCheck(clause: string, reading: string | undefined, ctx: ReadingContext): Check {
  const forClause = readingChecks[clause];
  if (!forClause) throw new Error(`kit error: no reading checks for ${clause}`);
  const make = reading ? forClause[reading] : undefined;
  if (!make) throw new Error(`kit error: ${clause} has no check for reading "${reading}"`);
  return make(ctx);
}

/**
 * The selected reading's check, which also judges the result against every other reading of
 * the clause and records which held (readingsSatisfied), at no extra read.
 */
export function observedReadingCheck(world: { params: { readings: Record<string, string> } }, clause: string, ctx: ReadingContext): Check {
  const selected = readingCheck(clause, world.params.readings[clause], ctx);
  const all = Object.entries(readingChecks[clause]!);
  const check: Check = (r) => {
    const held: Record<string, boolean> = {};
    for (const [reading, make] of all) {
      try {
        const check = make(ctx);
        if (!check.vacuous) held[reading] = check(r) === null;
      } catch {
        // A reading that cannot be judged on this observation (it lacks what it compares
        // against) is left out of it, neither held nor broken.
      }
    }
    observeReadings(world, clause, held);
    return selected(r);
  };
  if (selected.image) check.image = selected.image;
  // What the selected check says about a failure (its signature, reports/defects.ts) and whether it wants none.
  if (selected.expectsNone) check.expectsNone = true;
  check.explain = (r) => (check(r) === null ? null : explain(selected, r));
  return check;
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
