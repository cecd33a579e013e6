/**
 * Arrays as camera code holds them (issue 11, part 2): an array recipe of arrays.ts together with
 * the layout the write must hold it in (adapter/types.ts `ArrayLayout`): C or Fortran order,
 * little- or big-endian, and at most one view (flipped channels, a strided crop, a transpose, a
 * broadcast, read-only). The values a read must give back are the array's own, whatever the
 * layout; the layout only changes where they sit in memory, which is what a reader that assumes
 * a dense C-ordered little-endian buffer gets wrong.
 */
import fc from 'fast-check';
import { ARRAY_VIEWS, type ArrayLayout, type ArrayView, type NdArray } from '../adapter/types.ts';
import { layoutName, layoutProblem, makeBroadcastable } from '../kit/arrayLayout.ts';
import { describeArray, grayArrayRecipe, materializeArray, rgbArrayRecipe, unsupportedArrayRecipe, type ArrayRecipe } from './arrays.ts';
import { PLAIN, requireInteger } from './checks.ts';

export interface ArrayLayoutRecipe {
  array: ArrayRecipe;
  layout: ArrayLayout;
}

export interface ArrayLayoutConstraints {
  /** Largest height or width, default 12: a strided crop's base is four times the array. */
  maxSide?: number;
}

/** Defaults are left out, so a recipe prints as what is special about it. */
function layoutOf(order: 'C' | 'F', byteOrder: 'little' | 'big', view: ArrayView | null): ArrayLayout {
  return { ...(order === 'F' ? { order } : {}), ...(byteOrder === 'big' ? { byteOrder } : {}), ...(view ? { view } : {}) };
}

export const arrayLayout: fc.Arbitrary<ArrayLayout> = fc
  .record({
    order: fc.constantFrom<'C' | 'F'>('F', 'C'),
    byteOrder: fc.constantFrom<'little' | 'big'>('big', 'little'),
    view: fc.constantFrom<ArrayView | null>(...ARRAY_VIEWS, null),
  }, PLAIN)
  .map(({ order, byteOrder, view }) => layoutOf(order, byteOrder, view));

/**
 * RGB and gray uint8 arrays (RD-ARR-01/02), non-uint8 ones of a supported shape, whose byte
 * order matters (RD-ARR-04), and a few unsupported shapes of two axes or more (RD-ARR-03),
 * each in any layout that can hold it.
 */
export function arrayLayoutRecipe(constraints: ArrayLayoutConstraints = {}): fc.Arbitrary<ArrayLayoutRecipe> {
  const maxSide = constraints.maxSide ?? 12;
  requireInteger('arrayLayoutRecipe', 'maxSide', maxSide, 1, 256);
  const c = { maxSide };
  const array = fc.oneof(
    { arbitrary: rgbArrayRecipe(c), weight: 3 },
    { arbitrary: grayArrayRecipe(c), weight: 2 },
    { arbitrary: unsupportedArrayRecipe({ ...c, defects: ['non-uint8'] }), weight: 3 },
    { arbitrary: unsupportedArrayRecipe({ ...c, defects: ['two-channels', 'four-channels', 'four-d'] }), weight: 1 },
  );
  return fc.record({ array, layout: arrayLayout }, PLAIN);
}

/** The array the recipe stands for, made constant along its last axis when a broadcast must hold it. */
export function materializeLayoutArray(recipe: ArrayLayoutRecipe): NdArray {
  const array = materializeArray(recipe.array);
  const held = recipe.layout.view === 'broadcast' ? makeBroadcastable(array) : array;
  const problem = layoutProblem(held, recipe.layout);
  if (problem) throw new RangeError(`materializeLayoutArray: ${problem}`);
  return held;
}

export function describeArrayLayout(recipe: ArrayLayoutRecipe): string {
  return `${describeArray(recipe.array)}, held as ${layoutName(recipe.layout)}`;
}
