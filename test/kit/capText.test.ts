/** Implementation-supplied text is capped with the cut marked, once, never splitting a character. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capStrings, capTail, capText, MAX_IMPLEMENTATION_TEXT } from '../../kit/capText.ts';

test('text within the limit is unchanged; longer text keeps its head and says how much was cut', () => {
  assert.equal(capText('a'.repeat(MAX_IMPLEMENTATION_TEXT)), 'a'.repeat(MAX_IMPLEMENTATION_TEXT));
  assert.equal(capText('abcdef', 4), 'abcd… [truncated, 2 more characters]');
  assert.equal(capText('a'.repeat(10_000)), `${'a'.repeat(4096)}… [truncated, 5904 more characters]`);
});

test('capping twice keeps the first marker, with the real length', () => {
  const once = capText('b'.repeat(9000), 10);
  assert.equal(capText(once, 10), once);
  assert.equal(capText(`${'c'.repeat(50)}… [truncated, 1 more characters]`, 10), 'cccccccccc… [truncated, 72 more characters]');
});

test('a surrogate pair is never split', () => {
  assert.equal(capText('ab😀cd', 3), 'ab… [truncated, 4 more characters]');
  assert.equal(capTail('ab😀cd', 3), '[truncated, 4 earlier characters] …cd');
});

test('tails keep their end, and a marked tail is not cut again', () => {
  assert.equal(capTail('0123456789', 4), '[truncated, 6 earlier characters] …6789');
  assert.equal(capTail('[truncated, 99 earlier bytes] …6789', 4), '[truncated, 99 earlier bytes] …6789');
});

test('capStrings caps every string of a JSON value, keys included', () => {
  assert.deepEqual(capStrings({ a: ['xxxxxx', 1, null], yyyyyy: { b: true } }, 3),
    { a: ['xxx… [truncated, 3 more characters]', 1, null], 'yyy… [truncated, 3 more characters]': { b: true } });
});
