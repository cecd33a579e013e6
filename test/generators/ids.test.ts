import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collidingIdPair, describeCollidingIdPair, ID_KINDS, idRecipe, safeId, type IdKind } from '../../generators/ids.ts';

const wellFormed = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

test('safeId replaces every code point outside [a-zA-Z0-9._-] with one "_"', () => {
  assert.equal(safeId('a:b'), 'a_b');
  assert.equal(safeId('a/b'), 'a_b');
  assert.equal(safeId('Az09._-'), 'Az09._-');
  assert.equal(safeId('dev-shm:sid-1:cur'), 'dev-shm_sid-1_cur');
  assert.equal(safeId('C:\\x'), 'C__x');
  assert.equal(safeId('😀'), '_');
  assert.equal(safeId('came\u0301ra'), 'came_ra');
  assert.equal(safeId(''), '');
});

test('colliding id pairs really differ and really collide under safeId', () => {
  fc.assert(
    fc.property(collidingIdPair(), (pair) => {
      assert.notEqual(pair.a, pair.b);
      assert.equal(safeId(pair.a), pair.safe);
      assert.equal(safeId(pair.b), pair.safe);
      assert.ok(wellFormed(pair.a) && wellFormed(pair.b));
    }),
    { numRuns: 300, seed: 701 },
  );
  // Among them: an already-safe id colliding with a sanitised one.
  const pairs = fc.sample(collidingIdPair(), { numRuns: 300, seed: 702 });
  assert.ok(pairs.some((p) => p.b === p.safe));
  assert.match(describeCollidingIdPair({ a: 'a:b', b: 'a/b', safe: 'a_b' }), /"a:b" and "a\/b" both become "a_b"/);
});

test('ids of every kind are reachable, well-formed and of the promised shape', () => {
  const recipes = fc.sample(idRecipe(), { numRuns: 500, seed: 703 });
  assert.deepEqual(new Set(recipes.map((r) => r.kind)), new Set(ID_KINDS));
  for (const { kind, id } of recipes) {
    assert.ok(wellFormed(id), `${kind} id is not well-formed UTF-16`);
    if (kind === 'empty') assert.equal(id, '');
    if (kind === 'ordinary') assert.equal(safeId(id), id);
    if (kind === 'long') assert.ok(id.length >= 200 && id.length <= 1024);
    if (kind === 'unicode') assert.ok(/[^\x00-\x7f]/.test(id));
  }
  const pathLike = new Set(recipes.filter((r) => r.kind === 'path-like').map((r) => r.id));
  for (const id of ['../x', 'a/b', 'C:\\x', 'dev-shm:sid-1:cur']) assert.ok(pathLike.has(id), `${id} never drawn`);
  assert.ok(recipes.some((r) => r.kind === 'long' && r.id.length === 1024));
});

test('bad constraints fail at once', () => {
  assert.throws(() => idRecipe({ kinds: ['weird' as IdKind] }), /unknown kinds weird/);
  assert.throws(() => idRecipe({ maxLength: 0 }), /maxLength/);
});
