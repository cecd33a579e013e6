import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generatorNamed, generatorsByName } from '../../generators/index.ts';
import { assertJsonPrintable } from './support/checks.ts';

const REQUIRED = [
  'odd-size-jpeg', 'jpeg-variant', 'large-jpeg', 'undecodable-bytes', 'maybe-decodable-bytes', 'non-jpeg-encoding',
  'unsupported-array', 'gray-array', 'rgb-array', 'invalid-meta', 'odd-id',
];

const SAMPLE_KIND: Record<string, string> = {
  'odd-size-jpeg': 'encoded', 'jpeg-variant': 'encoded', 'large-jpeg': 'encoded', 'cmyk-jpeg': 'encoded',
  'undecodable-bytes': 'encoded', 'maybe-decodable-bytes': 'encoded', 'non-jpeg-encoding': 'encoded',
  'unsupported-array': 'array', 'gray-array': 'array', 'rgb-array': 'array', 'array-layout': 'array',
  'invalid-meta': 'meta', 'coercible-meta': 'meta', 'huge-meta': 'meta', 'valid-meta': 'meta', 'color-space-meta': 'meta',
  'odd-id': 'id', 'colliding-ids': 'id-pair',
  'any-stored-content': 'encoded|array', 'hostile-read': 'read-case',
  'tiff-gif-webp': 'encoded', 'mislabelled-bytes': 'encoded',
  'png-mode': 'encoded', 'bmp-mode': 'encoded',
  'jpeg-mode': 'encoded', 'cmyk-jpeg-mode': 'encoded', 'jpeg-orientation': 'encoded',
};

test('the registry has every required name, each documented', () => {
  for (const name of REQUIRED) assert.ok(name in generatorsByName, `missing generator "${name}"`);
  assert.deepEqual(Object.keys(generatorsByName).sort(), Object.keys(SAMPLE_KIND).sort());
  for (const [name, entry] of Object.entries(generatorsByName)) {
    assert.ok(entry.description.length > 40, `${name} needs a real description`);
  }
});

test('every entry draws JSON-printable recipes, describes them in one line and materializes the right kind', async () => {
  for (const [name, entry] of Object.entries(generatorsByName)) {
    const runs = name === 'large-jpeg' ? 1 : 3;
    for (const recipe of fc.sample(entry.arbitrary, { numRuns: runs, seed: 801 })) {
      assertJsonPrintable(recipe);
      const line = entry.describe(recipe);
      assert.ok(line.length > 0 && !line.includes('\n'), `${name}: ${line}`);
      const sample = await entry.materialize(recipe);
      assert.ok(SAMPLE_KIND[name]!.split('|').includes(sample.kind), `${name} gave a ${sample.kind} sample`);
      if (name === 'hostile-read' && sample.kind === 'read-case') assert.equal(typeof sample.id, 'string');
      if (sample.kind === 'encoded' && name !== 'any-stored-content') {
        assert.ok(Number.isInteger(sample.width) && sample.width > 0 && Number.isInteger(sample.height) && sample.height > 0);
        const expected = name === 'undecodable-bytes' || name === 'mislabelled-bytes' ? 'undecodable' : name === 'maybe-decodable-bytes' ? 'maybe-decodable' : 'decodable';
        assert.equal(sample.expectation, expected, name);
        assert.equal(sample.mayBeRefused, name === 'non-jpeg-encoding' || name === 'cmyk-jpeg' || name === 'cmyk-jpeg-mode' || name === 'tiff-gif-webp' || name === 'mislabelled-bytes' || name === 'png-mode' || name === 'bmp-mode', name);
      }
      if (name === 'large-jpeg' && sample.kind === 'encoded') assert.ok(Math.max(sample.width, sample.height) >= 1024);
      if (name === 'odd-id' && sample.kind === 'id') assert.notEqual(sample.label, 'ordinary');
      if (name === 'invalid-meta' && sample.kind === 'meta') assert.equal(sample.group, 'invalid');
    }
  }
});

test('large-jpeg asks for few runs', () => {
  assert.ok((generatorNamed('large-jpeg').suggestedNumRuns ?? Infinity) <= 5);
});

test('an unknown name fails with the list of known ones', () => {
  assert.throws(() => generatorNamed('odd-sized-jpeg'), /unknown generator "odd-sized-jpeg"; known: odd-size-jpeg, jpeg-variant/);
  assert.throws(() => generatorNamed('toString'), /unknown generator "toString"/);
});
