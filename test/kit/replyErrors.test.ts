/**
 * A reply that does not match its schema is told apart by its own `status`: the error names the
 * one reply shape that status selects, with a hint listing that shape's fields, not every
 * alternative shape's complaints (issue 13: the relevant line was the 3rd of 19).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertReply } from '../../adapter/subprocess/protocol.ts';
import { compileSchema, errorsText, replyErrorsText } from '../../kit/schemas.ts';

const complaints = (text: string) => text.replace(/ \(hint: .*\)$/, '').split(', ');

test('a "result" reply with a wrong field names that field and the "result" shape only', () => {
  const reply = { id: 4, status: 'result', result: {}, resutl: {} };
  // What ajv alone says: every branch's complaints, most about shapes the reply never meant.
  const v = compileSchema('adapter-protocol/clear.schema.json#/$defs/reply');
  assert.equal(v(reply), false);
  assert.ok(errorsText(v).split(', ').length >= 5, errorsText(v));

  const text = replyErrorsText('adapter-protocol/clear.schema.json#/$defs/reply', reply);
  assert.deepEqual(complaints(text), ['data must NOT have the property "resutl"']);
  assert.match(text, /\(hint: a reply with status "result" has the fields id, status, result; see docs\/adapter-protocol\.md\)$/);
  assert.doesNotMatch(text, /message|skipped|errored|oneOf/);
});

test('a reply whose status no shape has gets one line naming the statuses there are', () => {
  const text = replyErrorsText('adapter-protocol/clear.schema.json#/$defs/reply', { id: 4, status: 'ok', result: {}, extra: 1 }, 'reply');
  assert.equal(text, 'reply/status must be one of "result", "skipped", "errored", got "ok" ' +
    '(hint: a reply\'s status names its shape; the shapes are in docs/adapter-protocol.md)');
});

test('the shared skipped shape, reached through a $ref, is named with its own fields', () => {
  const text = replyErrorsText('adapter-protocol/read.schema.json#/$defs/reply', { id: 4, status: 'skipped' });
  assert.equal(text, 'data must have required property \'message\' (hint: a reply with status "skipped" has the fields id, status, message, issue?; see docs/adapter-protocol.md)');
});

test('the subprocess client throws that one line for an adapter reply', () => {
  assert.throws(() => assertReply('clear', { id: 4, status: 'result', result: {}, resutl: {} }),
    (e: Error) => e.message === 'clear reply does not match adapter-protocol/clear.schema.json#/$defs/reply: data must NOT have the property "resutl" ' +
      '(hint: a reply with status "result" has the fields id, status, result; see docs/adapter-protocol.md)');
});

test('Runner driver replies are told apart the same way, pointing to the Runner guide', () => {
  const text = replyErrorsText('runner-driver/stop.schema.json#/$defs/reply', { seq: 3, status: 'errored', message: 'x', trace: 'y' }, 'frame');
  assert.deepEqual(complaints(text), ['frame must NOT have the property "trace"']);
  assert.match(text, /a reply with status "errored" has the fields seq, status, message, traceback\?; see docs\/runner-driver\.md\)$/);
});

test('a value that is not an object keeps ajv\'s own text', () => {
  const ref = 'adapter-protocol/clear.schema.json#/$defs/reply';
  const v = compileSchema(ref);
  v([1]);
  assert.equal(replyErrorsText(ref, [1]), errorsText(v));
});
