/**
 * Arrays that a writer may store (rules 2, 3 and 5): valid RGB, the two gray forms, and
 * unsupported ones (wrong channel count, wrong rank, wrong dtype) that must yield the zero
 * fallback. Content is chosen so that mistakes show: RGB is `distinctive` (a BGR swap is visible
 * everywhere), and unsupported arrays hold non-zero, pixel-like values, so a reader that wrongly
 * accepts one returns something plainly different from the zero fallback.
 */
import fc from 'fast-check';
import type { Dtype, NdArray } from '../adapter/types.ts';
import { imageSide } from './imageSide.ts';
import { grayPixels, rgbPixels } from './pixels.ts';
import { seededRandom } from './prng.ts';
import { requireInteger, requireNonEmptySubset, PLAIN } from './checks.ts';

export type ArrayClass = 'rgb' | 'gray2d' | 'gray3d' | 'unsupported';
export const ARRAY_CLASSES: readonly ArrayClass[] = ['rgb', 'gray2d', 'gray3d', 'unsupported'];

export type UnsupportedArrayDefect =
  | 'two-channels'
  | 'four-channels'
  | 'many-channels'
  | 'one-d'
  | 'four-d'
  | 'zero-d'
  | 'non-uint8';
export const UNSUPPORTED_ARRAY_DEFECTS: readonly UnsupportedArrayDefect[] = [
  'two-channels', 'four-channels', 'many-channels', 'one-d', 'four-d', 'zero-d', 'non-uint8',
];

export const DTYPE_ITEMSIZE: Readonly<Record<Dtype, number>> = {
  uint8: 1, int8: 1, bool: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8,
};
export const NON_UINT8_DTYPES: readonly Dtype[] = ['int8', 'bool', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];

export interface ArrayRecipe {
  class: ArrayClass;
  /** Why it is unsupported; null for the supported classes. */
  defect: UnsupportedArrayDefect | null;
  dtype: Dtype;
  shape: number[];
  /** The size a scenario's meta should claim for this array. */
  width: number;
  height: number;
  seed: number;
}

export interface ArrayConstraints {
  /** Largest height or width, default 32. */
  maxSide?: number;
}

function sides(where: string, constraints: ArrayConstraints) {
  const maxSide = constraints.maxSide ?? 32;
  requireInteger(where, 'maxSide', maxSide, 1, 16384);
  const side = imageSide({ max: maxSide });
  return fc.record({ width: side, height: side, seed: fc.nat({ max: 0x7fffffff }) }, PLAIN);
}

/** H x W x 3 uint8: the one shape every reader must pass through unchanged (rule 2). */
export function rgbArrayRecipe(constraints: ArrayConstraints = {}): fc.Arbitrary<ArrayRecipe> {
  return sides('rgbArrayRecipe', constraints).map(({ width, height, seed }) => ({
    class: 'rgb', defect: null, dtype: 'uint8', shape: [height, width, 3], width, height, seed,
  }));
}

/** H x W or H x W x 1 uint8 gray, which readers expand to three equal channels (rule 3). */
export function grayArrayRecipe(constraints: ArrayConstraints = {}): fc.Arbitrary<ArrayRecipe> {
  return fc.tuple(sides('grayArrayRecipe', constraints), fc.boolean()).map(([{ width, height, seed }, threeD]) => ({
    class: threeD ? 'gray3d' : 'gray2d',
    defect: null,
    dtype: 'uint8',
    shape: threeD ? [height, width, 1] : [height, width],
    width,
    height,
    seed,
  }));
}

export interface UnsupportedArrayConstraints extends ArrayConstraints {
  /** Default: all of {@link UNSUPPORTED_ARRAY_DEFECTS}. */
  defects?: readonly UnsupportedArrayDefect[];
}

/** Shapes and dtypes a reader must answer with the zero fallback, never a crash (rule 5). */
export function unsupportedArrayRecipe(constraints: UnsupportedArrayConstraints = {}): fc.Arbitrary<ArrayRecipe> {
  const defects = constraints.defects ?? [...UNSUPPORTED_ARRAY_DEFECTS];
  requireNonEmptySubset('unsupportedArrayRecipe', 'defects', defects, UNSUPPORTED_ARRAY_DEFECTS);
  return fc
    .record({
      size: sides('unsupportedArrayRecipe', constraints),
      defect: fc.constantFrom(...defects),
      dtype: fc.constantFrom(...NON_UINT8_DTYPES),
      // One knob reused per defect: channel count, 1-D length choice, 4-D layout, gray-or-RGB shape.
      variant: fc.nat({ max: 11 }),
    })
    .map(({ size: { width, height, seed }, defect, dtype, variant }): ArrayRecipe => {
      const base = { class: 'unsupported' as const, defect, dtype: 'uint8' as Dtype, width, height, seed };
      switch (defect) {
        case 'two-channels': return { ...base, shape: [height, width, 2] };
        case 'four-channels': return { ...base, shape: [height, width, 4] };
        case 'many-channels': return { ...base, shape: [height, width, 5 + variant] };
        case 'one-d': {
          // The H*W*3 length tempts a reader into reshaping with the meta's size.
          const lengths = [height * width * 3, height * width, variant + 1];
          return { ...base, shape: [lengths[variant % 3]] };
        }
        case 'four-d': {
          const shapes = [[1, height, width, 3], [2 + (variant % 3), height, width, 3], [height, width, 3, 1]];
          return { ...base, shape: shapes[variant % 3] };
        }
        case 'zero-d': return { ...base, shape: [], width: 1, height: 1 };
        case 'non-uint8': {
          const shapes = [[height, width, 3], [height, width], [height, width, 1]];
          return { ...base, dtype, shape: shapes[variant % 3] };
        }
      }
    });
}

export interface ArrayRecipeConstraints extends UnsupportedArrayConstraints {
  /** Default: all of {@link ARRAY_CLASSES}. */
  classes?: readonly ArrayClass[];
}

/** Any array recipe of the requested classes. */
export function arrayRecipe(constraints: ArrayRecipeConstraints = {}): fc.Arbitrary<ArrayRecipe> {
  const classes = constraints.classes ?? [...ARRAY_CLASSES];
  requireNonEmptySubset('arrayRecipe', 'classes', classes, ARRAY_CLASSES);
  const options: fc.Arbitrary<ArrayRecipe>[] = [];
  if (classes.includes('rgb')) options.push(rgbArrayRecipe(constraints));
  if (classes.includes('gray2d') || classes.includes('gray3d')) {
    options.push(grayArrayRecipe(constraints).filter((r) => classes.includes(r.class)));
  }
  if (classes.includes('unsupported')) options.push(unsupportedArrayRecipe(constraints));
  return fc.oneof(...options);
}

const elementCount = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Element values (0..255) before conversion to the dtype. */
function elementValues(recipe: ArrayRecipe): Uint8Array {
  const { width, height, seed, shape } = recipe;
  const imageLike = shape.length >= 2 && shape[0] === height && shape[1] === width;
  const channels = shape.length === 2 ? 1 : shape[2];
  if (imageLike && shape.length <= 3 && channels === 3) return rgbPixels(width, height, seed, 'distinctive');
  if (imageLike && shape.length <= 3 && channels === 1) return grayPixels(width, height, seed);
  const next = seededRandom(seed);
  return Uint8Array.from({ length: elementCount(shape) }, () => 1 + Math.floor(next() * 255));
}

function writeElement(view: DataView, dtype: Dtype, index: number, value: number): void {
  const at = index * DTYPE_ITEMSIZE[dtype];
  switch (dtype) {
    case 'uint8': view.setUint8(at, value); break;
    // int8 cannot hold 0..255: halving keeps the picture. Values are never 0, so bool is all
    // True, which is still plainly different from the zero fallback.
    case 'int8': view.setInt8(at, value >> 1); break;
    case 'bool': view.setUint8(at, value === 0 ? 0 : 1); break;
    case 'uint16': view.setUint16(at, value, true); break;
    case 'int16': view.setInt16(at, value, true); break;
    case 'uint32': view.setUint32(at, value, true); break;
    case 'int32': view.setInt32(at, value, true); break;
    case 'float32': view.setFloat32(at, value, true); break;
    case 'float64': view.setFloat64(at, value, true); break;
  }
}

/** The C-order little-endian array a recipe stands for; a pure function of the recipe. */
export function materializeArray(recipe: ArrayRecipe): NdArray {
  if (!(recipe.dtype in DTYPE_ITEMSIZE)) throw new RangeError(`materializeArray: unknown dtype ${String(recipe.dtype)}`);
  if (!recipe.shape.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new RangeError(`materializeArray: shape must hold non-negative integers, got [${recipe.shape.join(', ')}]`);
  }
  const values = elementValues(recipe);
  const data = new Uint8Array(values.length * DTYPE_ITEMSIZE[recipe.dtype]);
  const view = new DataView(data.buffer);
  values.forEach((v, i) => writeElement(view, recipe.dtype, i, v));
  return { dtype: recipe.dtype, shape: [...recipe.shape], data };
}

/** numpy's way of printing a shape: (7, 9, 3), (189,), (). */
export function formatShape(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** One line for humans, e.g. "float32 array (7, 9, 3), unsupported: non-uint8, meta 9x7". */
export function describeArray(recipe: ArrayRecipe): string {
  const what = recipe.defect ? `unsupported: ${recipe.defect}` : recipe.class;
  return `${recipe.dtype} array ${formatShape(recipe.shape)}, ${what}, meta ${recipe.width}x${recipe.height}`;
}
