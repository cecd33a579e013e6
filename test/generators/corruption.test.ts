import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  corruptJpegRecipe, CORRUPTION_KINDS, describeCorruptJpeg, EXPECTATION_BY_KIND, materializeCorruptJpeg,
  type CorruptJpegRecipe, type CorruptionKind,
} from '../../generators/corruption.ts';
import { materializeJpeg } from '../../generators/materializeJpeg.ts';
import { readFrameHeader, walkJpeg } from '../../generators/jpegMarkers.ts';
import { pillowDecodeAll, sharpDecode } from './support/decoders.ts';

const EVERY_BASE = { colors: ['rgb', 'gray', 'cmyk'] } as const;

async function assertNoDecoderDecodes(recipes: CorruptJpegRecipe[]): Promise<void> {
  const corrupt = await Promise.all(recipes.map(materializeCorruptJpeg));
  const pillow = await pillowDecodeAll(corrupt.map((c) => c.bytes));
  for (let i = 0; i < recipes.length; i++) {
    const what = `${describeCorruptJpeg(recipes[i])} (${corrupt[i].detail})`;
    assert.equal(corrupt[i].expectation, 'undecodable', what);
    assert.equal(await sharpDecode(corrupt[i].bytes), null, `sharp decoded ${what}`);
    assert.equal(pillow[i].ok, false, `Pillow decoded ${what}: ${JSON.stringify(pillow[i])}`);
  }
}

test("every 'undecodable' sample fails to decode in both sharp and Pillow", async () => {
  const recipes = fc.sample(corruptJpegRecipe({ expectation: 'undecodable', base: EVERY_BASE }), { numRuns: 120, seed: 301 });
  const kinds = new Set(recipes.map((r) => r.corruption.kind));
  assert.deepEqual([...kinds].sort(), ['empty', 'missing-soi', 'random-bytes', 'truncated-in-headers']);
  await assertNoDecoderDecodes(recipes);
});

test('a JPEG truncated inside its headers fails to decode in sharp and Pillow, whatever the variant', async () => {
  const recipes = fc.sample(
    corruptJpegRecipe({ kinds: ['truncated-in-headers'], base: { ...EVERY_BASE, maxSide: 40 } }),
    { numRuns: 60, seed: 302 },
  );
  await assertNoDecoderDecodes(recipes);
});

async function sampleOf(kind: CorruptionKind, seed: number) {
  const [recipe] = fc.sample(corruptJpegRecipe({ kinds: [kind], base: { exif: true } }), { numRuns: 1, seed });
  const intact = (await materializeJpeg(recipe.base)).bytes;
  return { recipe, intact, corrupt: await materializeCorruptJpeg(recipe) };
}

test('each corruption does exactly what its name says', async () => {
  for (let seed = 0; seed < 6; seed++) {
    const empty = await sampleOf('empty', seed);
    assert.equal(empty.corrupt.bytes.length, 0);

    const soi = await sampleOf('missing-soi', seed);
    assert.deepEqual(soi.corrupt.bytes, soi.intact.slice(2));

    const eoi = await sampleOf('missing-eoi', seed);
    assert.deepEqual(eoi.corrupt.bytes, eoi.intact.slice(0, -2));
    assert.equal(walkJpeg(eoi.corrupt.bytes).eoiOffset, null);

    const headers = await sampleOf('truncated-in-headers', seed);
    const sos = walkJpeg(headers.intact).scans[0].sos.offset;
    assert.ok(headers.corrupt.bytes.length >= 1 && headers.corrupt.bytes.length < sos);
    assert.deepEqual(headers.corrupt.bytes, headers.intact.slice(0, headers.corrupt.bytes.length));

    const entropy = await sampleOf('truncated-in-entropy', seed);
    const layout = walkJpeg(entropy.intact);
    assert.ok(entropy.corrupt.bytes.length >= layout.scans[0].dataOffset && entropy.corrupt.bytes.length < (layout.eoiOffset ?? 0));

    for (const kind of ['bit-flip-in-headers', 'bit-flip-in-entropy'] as const) {
      const flip = await sampleOf(kind, seed);
      assert.equal(flip.corrupt.bytes.length, flip.intact.length);
      const changed = flip.intact.map((b, i) => b ^ flip.corrupt.bytes[i]).reduce<number[]>((at, x, i) => (x ? [...at, i] : at), []);
      const l = walkJpeg(flip.intact);
      const [start, end] = kind === 'bit-flip-in-headers' ? [2, l.scans[0].dataOffset] : [l.scans[0].dataOffset, l.eoiOffset ?? 0];
      assert.ok(changed.every((i) => i >= start && i < end), `${kind} changed bytes ${changed} outside ${start}..${end}`);
      // Two flips on one bit cancel out, so a recipe with repeated flips may change nothing.
      if (flip.recipe.corruption.kind === kind && flip.recipe.corruption.flips.length === 1) assert.equal(changed.length, 1);
    }

    const sof = await sampleOf('tampered-sof', seed);
    const header = readFrameHeader(sof.corrupt.bytes);
    assert.deepEqual([header?.width, header?.height], [sof.corrupt.declaredWidth, sof.corrupt.declaredHeight]);
    assert.notDeepEqual([header?.width, header?.height], [sof.recipe.base.width, sof.recipe.base.height]);
    assert.deepEqual([sof.corrupt.width, sof.corrupt.height], [sof.recipe.base.width, sof.recipe.base.height]);

    const trailing = await sampleOf('trailing-garbage', seed);
    assert.deepEqual(trailing.corrupt.bytes.slice(0, trailing.intact.length), trailing.intact);
    assert.ok(trailing.corrupt.bytes.length > trailing.intact.length);

    const leading = await sampleOf('leading-garbage', seed);
    assert.deepEqual(leading.corrupt.bytes.slice(-leading.intact.length), leading.intact);
    assert.notEqual(leading.corrupt.bytes[0], 0xff);

    const random = await sampleOf('random-bytes', seed);
    assert.ok(random.corrupt.bytes.length >= 1);
    assert.notEqual(random.corrupt.bytes[0], 0xff);
  }
});

test("'maybe-decodable' is honest: trailing garbage, at least, still decodes in sharp", async () => {
  const recipes = fc.sample(corruptJpegRecipe({ kinds: ['trailing-garbage'] }), { numRuns: 10, seed: 303 });
  for (const recipe of recipes) {
    const corrupt = await materializeCorruptJpeg(recipe);
    assert.equal(corrupt.expectation, 'maybe-decodable');
    const decoded = await sharpDecode(corrupt.bytes);
    assert.deepEqual([decoded?.width, decoded?.height], [recipe.base.width, recipe.base.height]);
  }
});

test('expectation filter keeps only the matching kinds; every kind is reachable', () => {
  const maybe = fc.sample(corruptJpegRecipe({ expectation: 'maybe-decodable' }), { numRuns: 300, seed: 304 });
  assert.ok(maybe.every((r) => EXPECTATION_BY_KIND[r.corruption.kind] === 'maybe-decodable'));
  const all = fc.sample(corruptJpegRecipe(), { numRuns: 400, seed: 305 });
  assert.deepEqual(new Set(all.map((r) => r.corruption.kind)), new Set(CORRUPTION_KINDS));
});

test('bad constraints fail at once', () => {
  assert.throws(() => corruptJpegRecipe({ kinds: [] }), /corruptJpegRecipe: kinds must be a non-empty array/);
  assert.throws(() => corruptJpegRecipe({ kinds: ['melted' as CorruptionKind] }), /unknown kinds melted/);
  assert.throws(
    () => corruptJpegRecipe({ kinds: ['missing-eoi'], expectation: 'undecodable' }),
    /none of the kinds missing-eoi is 'undecodable'/,
  );
});
