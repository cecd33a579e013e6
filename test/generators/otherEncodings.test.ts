import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import sharp from 'sharp';
import {
  describeOtherEncoding, materializeOtherEncoding, OTHER_ENCODINGS, otherEncodingRecipe, type OtherEncoding,
} from '../../generators/otherEncodings.ts';
import { encodeBmp24 } from '../../generators/bmp.ts';
import { pillowDecodeAll } from './support/decoders.ts';
import { maxAbsDiff } from './support/checks.ts';

const SHARP_FORMAT: Record<Exclude<OtherEncoding, 'bmp'>, string> = {
  'png': 'png', 'png16': 'png', 'png-rgba': 'png', 'gif': 'gif', 'webp': 'webp', 'tiff': 'tiff',
};
const PILLOW_FORMAT: Record<OtherEncoding, string> = {
  'png': 'PNG', 'png16': 'PNG', 'png-rgba': 'PNG', 'gif': 'GIF', 'webp': 'WEBP', 'tiff': 'TIFF', 'bmp': 'BMP',
};

test('each encoding is what it says, at its size, with its source pixels (sharp and Pillow)', async () => {
  const recipes = OTHER_ENCODINGS.flatMap((encoding) =>
    fc.sample(otherEncodingRecipe({ encodings: [encoding] }), { numRuns: 4, seed: 401 }),
  );
  const encoded = await Promise.all(recipes.map(materializeOtherEncoding));
  const pillow = await pillowDecodeAll(encoded.map((e) => e.bytes), { pixels: true });
  for (let i = 0; i < recipes.length; i++) {
    const [recipe, e, p] = [recipes[i], encoded[i], pillow[i]];
    const what = describeOtherEncoding(recipe);
    assert.deepEqual(e.source.shape, [recipe.height, recipe.width, e.channels], what);
    assert.equal(e.source.data.length, recipe.width * recipe.height * e.channels * (e.bitDepth / 8), what);
    assert.ok(p.ok, `Pillow failed on ${what}: ${p.error}`);
    assert.equal(p.format, PILLOW_FORMAT[recipe.encoding], what);
    assert.deepEqual([p.width, p.height], [recipe.width, recipe.height], what);
    if (recipe.encoding !== 'bmp') {
      const meta = await sharp(e.bytes).metadata();
      assert.equal(meta.format, SHARP_FORMAT[recipe.encoding], what);
      assert.deepEqual([meta.width, meta.height], [recipe.width, recipe.height], what);
      // libvips always loads GIF with an alpha band, so its channel count says nothing here.
      if (recipe.encoding !== 'gif') assert.equal(meta.channels, e.channels, what);
      if (recipe.encoding === 'png16') assert.equal(meta.depth, 'ushort', what);
    }
    const rgb = new Uint8Array(Buffer.from(p.rgb ?? '', 'base64'));
    if (recipe.encoding === 'png' || recipe.encoding === 'webp' || recipe.encoding === 'tiff' || recipe.encoding === 'bmp') {
      assert.deepEqual(rgb, e.source.data, `${what}: lossless pixels differ`);
    }
    if (recipe.encoding === 'gif') assert.ok(maxAbsDiff(rgb, e.source.data) <= 48, `${what}: palette too far off`);
  }
});

test('the 16-bit PNG keeps 16-bit values and the RGBA PNG keeps its alpha', async () => {
  const [wide] = fc.sample(otherEncodingRecipe({ encodings: ['png16'] }), { numRuns: 1, seed: 402 });
  const e16 = await materializeOtherEncoding(wide);
  // Without rgb16 sharp would squeeze the decoded image to 8 bits before handing it out.
  const raw16 = await sharp(e16.bytes).toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer();
  assert.deepEqual(new Uint8Array(raw16), e16.source.data);
  assert.equal(e16.source.dtype, 'uint16');

  const [alpha] = fc.sample(otherEncodingRecipe({ encodings: ['png-rgba'] }), { numRuns: 1, seed: 403 });
  const e4 = await materializeOtherEncoding(alpha);
  const raw4 = await sharp(e4.bytes).ensureAlpha().raw().toBuffer();
  assert.deepEqual(new Uint8Array(raw4), e4.source.data);
});

test('the BMP encoder pads rows to 4 bytes and stores them bottom-up in BGR order', async () => {
  // 1x2: top pixel red, bottom pixel blue; each 3-byte row padded to 4.
  const bmp = encodeBmp24(1, 2, new Uint8Array([255, 0, 0, 0, 0, 255]));
  assert.equal(bmp.length, 54 + 8);
  assert.deepEqual([...bmp.subarray(54)], [255, 0, 0, 0, 0, 0, 255, 0]);
  const [decoded] = await pillowDecodeAll([bmp], { pixels: true });
  assert.deepEqual([...Buffer.from(decoded.rgb ?? '', 'base64')], [255, 0, 0, 0, 0, 255]);
  assert.throws(() => encodeBmp24(2, 2, new Uint8Array(3)), /encodeBmp24/);
});

test('bad constraints fail at once', () => {
  assert.throws(() => otherEncodingRecipe({ encodings: ['jpeg' as OtherEncoding] }), /unknown encodings jpeg/);
  assert.throws(() => otherEncodingRecipe({ maxSide: 0 }), /maxSide/);
});
