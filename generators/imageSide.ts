import fc from 'fast-check';
import { requireInteger, requireOrdered } from './checks.ts';

/** The largest side libjpeg (and so sharp) accepts for a JPEG. */
export const MAX_JPEG_SIDE = 65500;

export interface ImageSideConstraints {
  /** Smallest side, default 1. */
  min?: number;
  /** Largest side, default 64 (keeps properties fast; allow up to {@link MAX_JPEG_SIDE}). */
  max?: number;
  /** Only odd sides, default false. */
  oddOnly?: boolean;
}

/*
 * Decoders break at 1 and around block/MCU edges (8 for 4:4:4 and gray, 16 for 4:2:0), and at
 * the largest allowed value; these are drawn far more often than uniform sampling would.
 */
const EDGE_SIDES = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 4095, 4096, 4097];

/**
 * An image side length (width or height) in pixels, biased toward 1, odd values, MCU edges
 * (7, 8, 9, 15, 16, 17, ...) and the bounds. Shrinks toward `min`.
 */
export function imageSide(constraints: ImageSideConstraints = {}): fc.Arbitrary<number> {
  const where = 'imageSide';
  const min = constraints.min ?? 1;
  const max = constraints.max ?? 64;
  const oddOnly = constraints.oddOnly ?? false;
  requireInteger(where, 'min', min, 1, MAX_JPEG_SIDE);
  requireInteger(where, 'max', max, 1, MAX_JPEG_SIDE);
  requireOrdered(where, 'min', min, 'max', max);
  const firstOdd = min % 2 === 1 ? min : min + 1;
  const lastOdd = max % 2 === 1 ? max : max - 1;
  if (oddOnly && firstOdd > lastOdd) throw new RangeError(`${where}: no odd side in [${min}, ${max}]`);

  const keep = (n: number) => n >= min && n <= max && (!oddOnly || n % 2 === 1);
  const edges = [...new Set([min, ...EDGE_SIDES, max - 1, max])].filter(keep).sort((a, b) => a - b);
  const odd = fc.integer({ min: 0, max: (lastOdd - firstOdd) / 2 }).map((k) => firstOdd + 2 * k);
  const choices: fc.WeightedArbitrary<number>[] = [
    { weight: 3, arbitrary: fc.constantFrom(...edges) },
    { weight: 2, arbitrary: odd },
  ];
  if (!oddOnly) choices.push({ weight: 2, arbitrary: fc.integer({ min, max }) });
  return fc.oneof(...choices);
}
