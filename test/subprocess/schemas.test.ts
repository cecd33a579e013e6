import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSchema } from '../../kit/schemas.ts';
import { COMMANDS, replySchema, requestSchema } from '../../adapter/subprocess/protocol.ts';
import { kitPath } from './helpers.ts';

const schemaFile = (cmd: string) => JSON.parse(readFileSync(kitPath(`schemas/adapter-protocol/${cmd}.schema.json`), 'utf8'));
const valid = (ref: string, value: unknown) => compileSchema(ref)(value) as boolean;

test('one schema per command, with a stable $id, the request at the root and the reply under $defs', () => {
  for (const cmd of COMMANDS) {
    const schema = schemaFile(cmd);
    assert.equal(schema.$id, `https://pv-conform.dev/schemas/adapter-protocol/${cmd}.schema.json`);
    assert.equal(schema.properties.cmd.const, cmd);
    assert.ok(schema.$defs.reply, `${cmd} has $defs.reply`);
  }
});

test('the documented examples are valid messages', () => {
  for (const cmd of COMMANDS) {
    const schema = schemaFile(cmd);
    for (const example of schema.examples) assert.ok(valid(requestSchema(cmd), example), `${cmd} request example`);
    for (const example of schema.$defs.reply.examples) assert.ok(valid(replySchema(cmd), example), `${cmd} reply example`);
  }
});

test('a reply is exactly one of result, skipped or errored', () => {
  const ref = replySchema('clear');
  assert.ok(valid(ref, { id: 4, status: 'result', result: {} }));
  assert.ok(valid(ref, { id: 4, status: 'skipped', message: 'no clear', issue: 'https://example.invalid/1' }));
  assert.ok(valid(ref, { id: 4, status: 'errored', message: 'boom', traceback: 'at x' }));
  assert.ok(!valid(ref, { id: 4, status: 'failed', message: 'boom' }));
  assert.ok(!valid(ref, { id: 4, status: 'result', result: {}, message: 'both' }));
  assert.ok(!valid(ref, { id: 4, status: 'skipped' }), 'skipped needs a message');
  assert.ok(!valid(ref, { status: 'result', result: {} }), 'the id is required');
});

test('payloads: small inline base64, large as a file with its length, nothing else', () => {
  const ref = requestSchema('write-bytes');
  const base = { id: 2, cmd: 'write-bytes', segment: 'a', transport: 'fs' };
  assert.ok(valid(ref, { ...base, bytes: { inline: Buffer.alloc(65536).toString('base64') } }));
  // The 64 KiB limit is in decoded bytes, which a schema cannot count: the receiver checks it
  // (test/subprocess/payload.test.ts), so a vendor reads it in the unit the docs use.
  assert.ok(valid(ref, { ...base, bytes: { inline: Buffer.alloc(70000).toString('base64') } }), 'the size is not the schema\'s to judge');
  assert.ok(!valid(ref, { ...base, bytes: { inline: 'not base64!' } }));
  assert.ok(valid(ref, { ...base, bytes: { file: '/dev/shm/x/2.request.bin', length: 10 } }));
  assert.ok(!valid(ref, { ...base, bytes: { file: '/dev/shm/x/2.request.bin' } }), 'a file needs its length');
  assert.ok(!valid(ref, { ...base, transport: 'smb', bytes: { inline: '' } }));
});

test('read values: none, an image, or the exception the implementation raised', () => {
  const ref = replySchema('read');
  const reply = (value: unknown) => ({ id: 5, status: 'result', result: { value } });
  assert.ok(valid(ref, reply({ kind: 'none' })));
  assert.ok(valid(ref, reply({ kind: 'exception', type: 'ValueError', message: 'x' })));
  assert.ok(valid(ref, reply({ kind: 'image', image: { dtype: 'uint8', shape: [1, 1, 3], data: { inline: 'AAAA' } } })));
  assert.ok(!valid(ref, reply({ kind: 'image', image: { dtype: 'int64', shape: [1], data: { inline: '' } } })));
  assert.ok(!valid(ref, reply({ kind: 'none', image: {} })));
  assert.ok(!valid(requestSchema('read'), { id: 5, cmd: 'read', segment: 'a', process: 'same', scribble: false, replyFile: '/x' }), 'meta is required (null when absent)');
});
