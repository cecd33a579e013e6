import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCommandLine } from '../../adapter/subprocess/commandLine.ts';

test('words split like a shell, without one', () => {
  assert.deepEqual(splitCommandLine(`python3  shim.py --sdk-path '/a b/c' "--module" x\\ y`).argv,
    ['python3', 'shim.py', '--sdk-path', '/a b/c', '--module', 'x y']);
  assert.deepEqual(splitCommandLine(`echo "a \\"q\\" \\$HOME" 'it'\\''s' $HOME; rm`).argv,
    ['echo', 'a "q" $HOME', "it's", '$HOME;', 'rm']);
});

test('leading NAME=value words become the child environment', () => {
  assert.deepEqual(splitCommandLine(`PV_FIXTURE_MUTANT=missing-none A="1 2" python3 x.py B=3`),
    { env: { PV_FIXTURE_MUTANT: 'missing-none', A: '1 2' }, argv: ['python3', 'x.py', 'B=3'] });
  assert.deepEqual(splitCommandLine(`'A=1' prog`).argv, ['A=1', 'prog']);
});

test('unbalanced quotes and empty commands are refused', () => {
  assert.throws(() => splitCommandLine(`python3 'shim.py`), /unterminated/);
  assert.throws(() => splitCommandLine(`X=1   `), /no program/);
});
