/**
 * The whole kill matrix, as `npm run mutants` runs it: the way CI proves that every scenario the
 * references pass can fail and blames the right clause. Minutes, not seconds (docs/mutants.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MatrixJudgement } from '../../implementations/mutants/matrix/judge.ts';
import { matrix, matrixDiagnosis } from './helpers.ts';

test('the full kill matrix passes: every mutant killed with the right blame, every MUST/SHOULD clause proven', () => {
  // --strict: a mutant blamed on a clause its defect does not explain fails the matrix as well.
  const r = matrix<{ judgement: MatrixJudgement }>(['--strict'], 20 * 60_000);
  assert.equal(r.code, 0, matrixDiagnosis(r));
  const j = r.json!.judgement;
  assert.deepEqual(j.problems, []);
  // A mutant's scenarios judge it: one that errors instead, or fails naming no clause, hides
  // whether the kit would have caught the defect.
  assert.deepEqual(j.mutants.filter((m) => m.errored.length).map((m) => `${m.side} ${m.name}: ${m.errored.join(', ')}`), []);
  assert.deepEqual(j.mutants.filter((m) => m.blamed.UNBLAMED).map((m) => `${m.side} ${m.name}`), []);
  assert.deepEqual(j.clauses.filter((c) => c.status !== 'proven').map((c) => c.id), []);
  assert.deepEqual([...new Set(j.mutants.map((m) => m.side))].sort(), ['reader', 'writer']);
});
