/**
 * The kit bundle's precompiled validators (kit/bundle/schemaModule.ts) answer exactly as the
 * validators kit/schemas.ts compiles from the sources, and the kit's own errorsText is ajv's.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import { kitRoot } from '../../kit/paths.ts';
import { AJV_OPTIONS, ajvErrorsText, compileSchema } from '../../kit/schemas.ts';
import { precompiledSchemaFiles, precompiledSchemaModule, precompiledSchemaRefs } from '../../kit/bundle/schemaModule.ts';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };

// Inside the kit's tree, where the generated module's require() finds ajv's runtime helpers.
const dir = join(kitRoot, '.cache', `schemas-test-${process.pid}`);
after(() => rmSync(dir, { recursive: true, force: true }));

const read = (rel: string) => JSON.parse(readFileSync(join(kitRoot, rel), 'utf8')) as unknown;
const samples: Array<[string, unknown]> = [
  ['catalog.schema.json', read('catalog/reader.json')],
  ['catalog.schema.json', read('catalog/writer.json')],
  ['catalog.schema.json', { clauses: [{ id: 'nope' }] }],
  ['expectations.schema.json', read('expectations/mutant-bgr-unswapped.json')],
  ['expectations.schema.json', { expected: 'everything' }],
  ['results.schema.json', { kit: 'x', verdict: 'maybe' }],
  ['certificate.schema.json', {}],
  ['report-manifest.schema.json', { files: ['../x'] }],
  // The protocols' fragments, as the adapter client and the Runner driver check each message.
  ['adapter-protocol/read.schema.json#/$defs/reply', { id: 1, status: 'ok', result: { kind: 'none' } }],
  ['adapter-protocol/read.schema.json#/$defs/reply', { id: 1, status: 'ok', result: { kind: 'image', dtype: 'uint8', shape: [1, 1, 3] } }],
  ['adapter-protocol/hello.schema.json#/$defs/reply', { id: 1, status: 'nope' }],
  ['adapter-protocol/write-bytes.schema.json', { id: 1, cmd: 'write-bytes', segmentId: 'a', bytes: { inline: 'AA==' } }],
  ['runner-driver/step.schema.json#/$defs/reply', { id: 1, status: 'ok' }],
  ['runner-driver/start.schema.json#/$defs/runnerInfo', { generations: ['v2'] }],
  ['frames/call-v2.schema.json', { type: 'call', request_id: 'r', data: {} }],
];

test('every schema and each of its $defs precompiles, and each precompiled validator gives the compiled one\'s verdict and errors', async () => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'precompiled.mjs');
  writeFileSync(file, precompiledSchemaModule(kitRoot));
  const { precompiledValidator } = (await import(pathToFileURL(file).href)) as { precompiledValidator(ref: string): ValidateFunction | undefined };
  for (const f of precompiledSchemaFiles(kitRoot)) assert.ok(precompiledValidator(f.slice('schemas/'.length)), `${f} was not precompiled`);
  for (const ref of precompiledSchemaRefs(kitRoot)) assert.ok(precompiledValidator(ref), `${ref} was not precompiled`);
  assert.ok(precompiledValidator('adapter-protocol/read.schema.json#/$defs/reply'), 'the fragments the protocol checks name are precompiled');
  assert.ok(precompiledSchemaFiles(kitRoot).includes('schemas/runner-driver/step.schema.json'), 'schema families in subfolders are precompiled');
  assert.equal(precompiledValidator('adapter-protocol/read.schema.json#/$defs/nope'), undefined);
  for (const [ref, value] of samples) {
    const pre = precompiledValidator(ref)!;
    const compiled = compileSchema(ref);
    assert.equal(pre(value), compiled(value), `${ref}: verdict`);
    assert.equal(ajvErrorsText(pre.errors), ajvErrorsText(compiled.errors), `${ref}: errors`);
  }
  assert.ok(samples.some(([ref, v]) => !compileSchema(ref)(v)), 'some samples are invalid');
  assert.ok(samples.some(([ref, v]) => compileSchema(ref)(v)), 'some samples are valid');
});

test('the kit\'s errorsText is ajv\'s, with and without a name for the value', () => {
  const ajv = new Ajv(AJV_OPTIONS);
  const v = ajv.compile({ type: 'object', required: ['a', 'b'], properties: { c: { type: 'integer', minimum: 3 } } });
  assert.equal(v({ c: 1.5 }), false);
  assert.ok(v.errors!.length >= 3);
  assert.equal(ajvErrorsText(v.errors), ajv.errorsText(v.errors));
  assert.equal(ajvErrorsText(v.errors, 'frame'), ajv.errorsText(v.errors, { dataVar: 'frame' }));
  assert.equal(ajvErrorsText(null), ajv.errorsText(null));
  assert.equal(ajvErrorsText([]), ajv.errorsText([]));
});
