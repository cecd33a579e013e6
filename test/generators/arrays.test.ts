import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  arrayRecipe, describeArray, DTYPE_ITEMSIZE, formatShape, grayArrayRecipe, materializeArray, rgbArrayRecipe,
  UNSUPPORTED_ARRAY_DEFECTS, unsupportedArrayRecipe, type UnsupportedArrayDefect,
} from '../../generators/arrays.ts';
import { MIN_CHANNEL_MARGIN } from '../../generators/pixels.ts';
import { assertJsonPrintable } from './support/checks.ts';

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

test('every array has byte length prod(shape) * itemsize and a class that matches its shape and dtype', () => {
  fc.assert(
    fc.property(arrayRecipe(), (recipe) => {
      assertJsonPrintable(recipe);
      const array = materializeArray(recipe);
      assert.equal(array.data.length, product(array.shape) * DTYPE_ITEMSIZE[array.dtype], describeArray(recipe));
      const { shape, dtype } = array;
      const image = shape[0] === recipe.height && shape[1] === recipe.width;
      switch (recipe.class) {
        case 'rgb': assert.ok(dtype === 'uint8' && shape.length === 3 && shape[2] === 3 && image); break;
        case 'gray2d': assert.ok(dtype === 'uint8' && shape.length === 2 && image); break;
        case 'gray3d': assert.ok(dtype === 'uint8' && shape.length === 3 && shape[2] === 1 && image); break;
        case 'unsupported': {
          const supportedShape = image && (shape.length === 2 || (shape.length === 3 && (shape[2] === 1 || shape[2] === 3)));
          assert.ok(dtype !== 'uint8' || !supportedShape, describeArray(recipe));
          // Non-zero content: a reader that wrongly accepts it cannot look like the zero fallback.
          assert.ok(array.data.some((b) => b !== 0), describeArray(recipe));
        }
      }
      assert.equal(recipe.defect === null, recipe.class !== 'unsupported');
    }),
    { numRuns: 300, seed: 501 },
  );
});

test('rgb arrays have distinctive channels at every pixel; gray arrays come in both shapes', () => {
  for (const recipe of fc.sample(rgbArrayRecipe(), { numRuns: 30, seed: 502 })) {
    const { data } = materializeArray(recipe);
    for (let i = 0; i < data.length; i += 3) {
      assert.ok(data[i] - data[i + 1] >= MIN_CHANNEL_MARGIN && data[i + 1] - data[i + 2] >= MIN_CHANNEL_MARGIN);
    }
  }
  const classes = new Set(fc.sample(grayArrayRecipe(), { numRuns: 50, seed: 503 }).map((r) => r.class));
  assert.deepEqual(classes, new Set(['gray2d', 'gray3d']));
});

test('every unsupported defect and every non-uint8 dtype is reachable', () => {
  const recipes = fc.sample(unsupportedArrayRecipe(), { numRuns: 500, seed: 504 });
  assert.deepEqual(new Set(recipes.map((r) => r.defect)), new Set(UNSUPPORTED_ARRAY_DEFECTS));
  const dtypes = new Set(recipes.filter((r) => r.defect === 'non-uint8').map((r) => r.dtype));
  assert.deepEqual(dtypes, new Set(['int8', 'bool', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64']));
  assert.ok(recipes.some((r) => r.shape.length === 0));
  assert.ok(recipes.some((r) => r.defect === 'one-d' && r.shape[0] === r.width * r.height * 3));
});

test('elements are C-order little-endian', () => {
  const [recipe] = fc.sample(unsupportedArrayRecipe({ defects: ['non-uint8'] }), { numRuns: 1, seed: 505 });
  const wide = materializeArray({ ...recipe, dtype: 'uint16', shape: [recipe.height, recipe.width, 3] });
  const narrow = materializeArray({ ...recipe, dtype: 'uint8', shape: [recipe.height, recipe.width, 3] });
  const view = new DataView(wide.data.buffer);
  for (let i = 0; i < narrow.data.length; i++) assert.equal(view.getUint16(i * 2, true), narrow.data[i]);
  const floats = materializeArray({ ...recipe, dtype: 'float64', shape: [recipe.height, recipe.width, 3] });
  assert.equal(new DataView(floats.data.buffer).getFloat64(8, true), narrow.data[1]);
});

test('shapes print like numpy; bad constraints fail at once', () => {
  assert.deepEqual([formatShape([7, 9, 3]), formatShape([189]), formatShape([])], ['(7, 9, 3)', '(189,)', '()']);
  assert.throws(() => arrayRecipe({ classes: [] }), /arrayRecipe: classes must be a non-empty array/);
  assert.throws(() => unsupportedArrayRecipe({ defects: ['square' as UnsupportedArrayDefect] }), /unknown defects square/);
  assert.throws(() => rgbArrayRecipe({ maxSide: 0 }), /rgbArrayRecipe: maxSide/);
});
