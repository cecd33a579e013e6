import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  COERCIBLE_META_KINDS, COLOR_SPACE_VARIANTS, colorSpaceMetaRecipe, GROUP_OF_KIND, HUGE_META_KINDS,
  INVALID_META_KINDS, META_GROUPS, META_KINDS_BY_GROUP, metaRecipe, VALID_META_KINDS, validMeta, type MetaGroup,
} from '../../generators/metas.ts';
import { assertJsonPrintable } from './support/checks.ts';

/** Rule 1 read literally: width and height present, JSON numbers, integers, > 0. */
function ruleOneAccepts(meta: unknown): boolean {
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return false;
  const m = meta as Record<string, unknown>;
  return [m.width, m.height].every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0);
}

/** What a lenient Python reader would do: int(x) on strings of digits and on bools. */
function lenientlyAccepts(meta: unknown): boolean {
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return false;
  const m = meta as Record<string, unknown>;
  const coerce = (v: unknown) => (typeof v === 'boolean' ? Number(v) : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);
  return ruleOneAccepts({ width: coerce(m.width), height: coerce(m.height) });
}

test('valid metas are complete, for the requested size, and plain JSON', () => {
  fc.assert(
    fc.property(validMeta({ width: 33, height: 7 }), (meta) => {
      assertJsonPrintable(meta);
      assert.deepEqual([meta.width, meta.height], [33, 7]);
      assert.ok(Number.isInteger(meta.timestamp_ms) && meta.timestamp_ms > 0);
      assert.ok(typeof meta.camera_id === 'string' && meta.camera_id.length > 0);
      assert.ok(!('color_space' in meta) || meta.color_space === 'RGB' || meta.color_space === 'BGR');
    }),
    { numRuns: 100, seed: 601 },
  );
});

test('each group holds what its label claims', () => {
  const claims: Record<MetaGroup, (meta: unknown) => boolean> = {
    valid: ruleOneAccepts,
    invalid: (meta) => !ruleOneAccepts(meta) && !lenientlyAccepts(meta),
    coercible: (meta) => !ruleOneAccepts(meta) && lenientlyAccepts(meta),
    huge: (meta) => {
      const m = meta as { width: number; height: number };
      return ruleOneAccepts(meta) && Math.max(m.width, m.height) >= 2 ** 31;
    },
  };
  fc.assert(
    fc.property(metaRecipe({ groups: [...META_GROUPS], width: 640, height: 480 }), (recipe) => {
      assertJsonPrintable(recipe);
      assert.equal(recipe.group, GROUP_OF_KIND[recipe.kind]);
      assert.ok(claims[recipe.group](recipe.meta), `${recipe.kind}: ${JSON.stringify(recipe.meta)}`);
      if (recipe.kind === 'valid-with-extras') assert.ok(Object.keys(recipe.meta as object).length > 4);
    }),
    { numRuns: 400, seed: 602 },
  );
});

test('every label is reachable, and the exported label sets partition the kinds', () => {
  const drawn = new Set(fc.sample(metaRecipe({ groups: [...META_GROUPS] }), { numRuns: 1500, seed: 603 }).map((r) => r.kind));
  const all = [...INVALID_META_KINDS, ...COERCIBLE_META_KINDS, ...HUGE_META_KINDS, ...VALID_META_KINDS];
  assert.deepEqual(drawn, new Set(all));
  assert.equal(new Set(all).size, all.length);
  assert.deepEqual(Object.keys(GROUP_OF_KIND).sort(), [...all].sort());
  assert.deepEqual(META_KINDS_BY_GROUP.invalid, INVALID_META_KINDS);
  // The default is the group whose outcome rule 1 settles.
  assert.ok(fc.sample(metaRecipe(), { numRuns: 100, seed: 604 }).every((r) => r.group === 'invalid'));
});

test('color_space variants set, or leave out, exactly the declared value', () => {
  const seen = new Set<string>();
  for (const recipe of fc.sample(colorSpaceMetaRecipe(), { numRuns: 300, seed: 605 })) {
    seen.add(recipe.variant.label);
    assert.ok(ruleOneAccepts(recipe.meta));
    if (recipe.variant.value === undefined) assert.ok(!('color_space' in recipe.meta));
    else assert.deepEqual(recipe.meta.color_space, recipe.variant.value);
    assert.equal(recipe.variant.defaultOrder, recipe.variant.value === 'BGR' ? 'BGR' : 'RGB');
  }
  assert.deepEqual(seen, new Set(COLOR_SPACE_VARIANTS.map((v) => v.label)));
  for (const label of ['RGB', 'BGR', 'bgr', 'Bgr', 'sRGB', 'YUV', 'empty', 'absent', 'null', 'number']) assert.ok(seen.has(label));
});

test('bad constraints fail at once', () => {
  assert.throws(() => validMeta({ width: 0 }), /validMeta: width/);
  assert.throws(() => metaRecipe({ groups: ['weird' as MetaGroup] }), /unknown groups weird/);
  assert.throws(() => colorSpaceMetaRecipe({ labels: ['XYZ'] }), /unknown labels XYZ/);
});
