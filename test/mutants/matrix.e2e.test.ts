/**
 * The kill matrix end to end on three reader mutants (a replaced part, an entry-point wrapper, a
 * property-only defect), and the exit code of a matrix with a surviving mutant.
 */
import { after, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { MatrixJudgement } from '../../implementations/mutants/matrix/judge.ts';
import { matrix, matrixDiagnosis } from './helpers.ts';

type MatrixJson = { judgement: MatrixJudgement };
const three = 'bgr-unswapped,clear-ignored,raise-on-id-not-starting-alphanumeric';

test('three reader mutants: each killed by its own clause, reference clean, exit 0; run again, every run comes from the cache', () => {
  const cache = mkdtempSync(join(tmpdir(), 'pv-mutant-cache-test-'));
  after(() => rmSync(cache, { recursive: true, force: true }));
  const r = matrix<MatrixJson>(['--side', 'reader', '--only', three, '--cache-dir', cache], 600_000);
  assert.equal(r.code, 0, matrixDiagnosis(r));
  const j = r.json!.judgement;
  assert.deepEqual(j.problems, []);
  assert.deepEqual(j.mutants.map((m) => [m.name, m.verdict, Object.keys(m.blamed).includes(m.breaks[0]!)]), [
    ['bgr-unswapped', 'killed', true], ['clear-ignored', 'killed', true], ['raise-on-id-not-starting-alphanumeric', 'killed', true],
  ]);
  assert.ok(j.references.every((x) => x.ok && x.scenarios > 100));
  assert.match(r.out, /PASS: 3 of 3 mutants killed with the right blame/);
  assert.doesNotMatch(r.out, /taken from the cache/);

  const again = matrix<MatrixJson>(['--side', 'reader', '--only', three, '--cache-dir', cache], 600_000);
  assert.equal(again.code, 0, matrixDiagnosis(again));
  const runs = r.json!.judgement.references.length + 3;
  assert.match(again.out, new RegExp(`${runs} of ${runs} runs taken from the cache`));
  assert.deepEqual(again.json!.judgement.mutants, j.mutants);
  assert.deepEqual(again.json!.judgement.clauses, j.clauses);
});

test('a mutant that breaks only the default reading survives another profile: the matrix exits 1 and says why', () => {
  const r = matrix<MatrixJson>(['--side', 'reader', '--only', 'non-uint8-array-zeros', '--profile', 'permissive'], 600_000);
  assert.equal(r.code, 1, matrixDiagnosis(r));
  assert.equal(r.json!.judgement.mutants[0]!.verdict, 'survived');
  assert.match(r.out, /PROBLEM: reader mutant non-uint8-array-zeros \(breaks RD-ARR-04\) survived/);
  // What a failing full matrix puts in its assertion message: the problem, then the mutant's run.
  const diagnosis = matrixDiagnosis(r);
  assert.match(diagnosis, /^PROBLEM: reader mutant non-uint8-array-zeros \(breaks RD-ARR-04\) survived/);
  assert.match(diagnosis, /\n {2}reader mutant non-uint8-array-zeros \(breaks RD-ARR-04\): survived, run /);
  assert.doesNotMatch(diagnosis.split("--- the end of the matrix's output")[0]!, /^side +mutant +breaks/m);
});
