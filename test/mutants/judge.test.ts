/**
 * The kill matrix's judgement on synthetic results: what counts as killed, survived, wrong
 * blame, a broken reference, an unproven clause, and collateral.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeMatrix } from '../../implementations/mutants/matrix/judge.ts';
import type { ClauseInfo, MutantInfo, RunRecord, ScenarioOutcome } from '../../implementations/mutants/matrix/types.ts';

const clauses: ClauseInfo[] = [
  { id: 'RD-A-01', side: 'reader', family: 'a', level: 'MUST', title: 'A' },
  { id: 'RD-B-01', side: 'reader', family: 'b', level: 'SHOULD', title: 'B' },
  { id: 'RD-C-01', side: 'reader', family: 'c', level: 'MAY', title: 'C, not gated' },
];

const mutant = (name: string, breaks: string[], mayAlsoBlame: Record<string, string> = {}): MutantInfo => ({
  side: 'reader', name, breaks, mayAlsoBlame, description: name, targetArgs: ['--target', `mutant:${name}`],
});

const passed = (location: string, clause: string): ScenarioOutcome => ({ location, name: location, verdict: 'passed', clauses: [clause] });
const failed = (location: string, clause: string, blamed = clause): ScenarioOutcome => ({ location, name: location, verdict: 'failed', clauses: [clause], blamed });

const run = (mutantName: string | null, scenarios: ScenarioOutcome[], extra: Partial<RunRecord> = {}): RunRecord => ({
  side: 'reader', mutant: mutantName, scope: 'test', scopeClauses: [], exitCode: scenarios.some((s) => s.verdict === 'failed') ? 1 : 0,
  durationMs: 1, scenarios, ...extra,
});

const reference = run(null, [passed('a:1', 'RD-A-01'), passed('a:2', 'RD-A-01'), passed('b:1', 'RD-B-01')]);
const mutants = [mutant('breaks-a', ['RD-A-01']), mutant('breaks-b', ['RD-B-01'])];
const killingBoth = [run('breaks-a', [failed('a:1', 'RD-A-01'), passed('b:1', 'RD-B-01')]), run('breaks-b', [failed('b:1', 'RD-B-01')])];

test('every mutant killed by its own clause, reference clean: the matrix passes', () => {
  const j = judgeMatrix(clauses, mutants, [reference, ...killingBoth]);
  assert.deepEqual(j.problems, []);
  assert.equal(j.ok, true);
  assert.deepEqual(j.mutants.map((m) => m.verdict), ['killed', 'killed']);
  assert.deepEqual(j.clauses.map((c) => [c.id, c.status, c.killedBy]), [['RD-A-01', 'proven', ['breaks-a']], ['RD-B-01', 'proven', ['breaks-b']]]);
});

test('a mutant no scenario fails survives, and its clause is unproven', () => {
  const j = judgeMatrix(clauses, mutants, [reference, killingBoth[0]!, run('breaks-b', [passed('b:1', 'RD-B-01')])]);
  assert.equal(j.ok, false);
  assert.equal(j.mutants.find((m) => m.name === 'breaks-b')!.verdict, 'survived');
  assert.ok(j.problems.some((p) => /breaks-b .*survived/.test(p)), j.problems.join('\n'));
  assert.ok(j.problems.some((p) => /RD-B-01: none of its mutants \(breaks-b\)/.test(p)));
});

test('killed only by scenarios blaming another clause is wrong blame, and fails the matrix', () => {
  const wrong = run('breaks-b', [failed('b:1', 'RD-B-01', 'RD-A-01')]);
  const j = judgeMatrix(clauses, mutants, [reference, killingBoth[0]!, wrong]);
  const r = j.mutants.find((m) => m.name === 'breaks-b')!;
  assert.equal(r.verdict, 'misblamed');
  assert.deepEqual(Object.keys(r.blamed), ['RD-A-01']);
  assert.equal(j.ok, false);
  assert.ok(j.problems.some((p) => /killed only by scenarios blaming RD-A-01: the blame is wrong/.test(p)));
});

test('a failed scenario without a blamed clause is not a kill', () => {
  const unblamed: ScenarioOutcome = { location: 'b:1', name: 'b', verdict: 'failed', clauses: ['RD-B-01'] };
  const j = judgeMatrix(clauses, mutants, [reference, killingBoth[0]!, run('breaks-b', [unblamed])]);
  assert.equal(j.mutants.find((m) => m.name === 'breaks-b')!.verdict, 'misblamed');
  assert.equal(j.ok, false);
});

test('a reference that fails or errors anywhere fails the matrix, even when every mutant is killed', () => {
  const badRef = run(null, [failed('a:1', 'RD-A-01'), { ...passed('b:1', 'RD-B-01'), verdict: 'errored' }]);
  const j = judgeMatrix(clauses, mutants, [badRef, ...killingBoth]);
  assert.equal(j.ok, false);
  assert.ok(j.problems.some((p) => /reference fails a:1 .*blaming RD-A-01/.test(p)), j.problems.join('\n'));
  assert.ok(j.problems.some((p) => /reference errored in b:1/.test(p)));
  assert.equal(j.references[0]!.ok, false);
});

test('a missing reference run fails the matrix', () => {
  const j = judgeMatrix(clauses, mutants, killingBoth);
  assert.ok(j.problems.includes('the reader reference was not run'));
});

test('a MUST or SHOULD clause without a mutant fails the matrix; a MAY clause does not', () => {
  const j = judgeMatrix(clauses, [mutants[0]!], [reference, killingBoth[0]!]);
  assert.ok(j.problems.includes('SHOULD clause RD-B-01 has no mutant that breaks it'));
  assert.ok(!j.problems.some((p) => p.includes('RD-C-01')));
});

test('a mutant declaring two clauses must be blamed on both', () => {
  const both = mutant('breaks-both', ['RD-A-01', 'RD-B-01']);
  const j = judgeMatrix(clauses, [both], [reference, run('breaks-both', [failed('a:1', 'RD-A-01'), passed('b:1', 'RD-B-01')])]);
  const r = j.mutants[0]!;
  assert.equal(r.verdict, 'partly-blamed');
  assert.deepEqual(r.unblamedBreaks, ['RD-B-01']);
  assert.ok(j.problems.some((p) => /no failure blamed RD-B-01/.test(p)));
});

test('collateral blame is reported; undeclared collateral fails only in strict mode', () => {
  const collateral = run('breaks-a', [failed('a:1', 'RD-A-01'), failed('b:1', 'RD-B-01')]);
  const loose = judgeMatrix(clauses, mutants, [reference, collateral, killingBoth[1]!]);
  assert.equal(loose.ok, true);
  assert.deepEqual(loose.mutants[0]!.undeclaredCollateral, ['RD-B-01']);
  assert.ok(loose.warnings.some((w) => /breaks-a is also blamed on RD-B-01/.test(w)));
  const strict = judgeMatrix(clauses, mutants, [reference, collateral, killingBoth[1]!], { strict: true });
  assert.equal(strict.ok, false);

  const declared = [mutant('breaks-a', ['RD-A-01'], { 'RD-B-01': 'shares a check' }), mutants[1]!];
  const j = judgeMatrix(clauses, declared, [reference, collateral, killingBoth[1]!], { strict: true });
  assert.equal(j.ok, true);
  assert.deepEqual(j.mutants[0]!.declaredCollateral, ['RD-B-01']);
});

test('a run without results, or a mutant never run, fails the matrix', () => {
  const broken = run('breaks-b', [], { brokenRun: 'no results.json' });
  const j = judgeMatrix(clauses, mutants, [reference, broken]);
  assert.deepEqual(j.mutants.map((m) => m.verdict), ['not-run', 'broken-run']);
  assert.equal(j.ok, false);
});

test('errored and skipped scenarios in a mutant run are warnings, not kills', () => {
  const r = run('breaks-a', [failed('a:1', 'RD-A-01'), { ...passed('a:2', 'RD-A-01'), verdict: 'errored' }, { ...passed('b:1', 'RD-B-01'), verdict: 'skipped' }]);
  const j = judgeMatrix(clauses, mutants, [reference, r, killingBoth[1]!]);
  assert.equal(j.ok, true);
  assert.deepEqual(j.mutants[0]!.errored, ['a:2']);
  assert.ok(j.warnings.some((w) => /1 scenario\(s\) errored/.test(w)));
  assert.ok(j.warnings.some((w) => /1 scenario\(s\) skipped/.test(w)));
});

test('scenario coverage lists the reference scenarios no mutant failed', () => {
  const j = judgeMatrix(clauses, mutants, [reference, ...killingBoth]);
  assert.deepEqual(j.coverage, [{ side: 'reader', total: 3, killed: 2, neverFailed: [{ location: 'a:2', name: 'a:2', clauses: ['RD-A-01'] }] }]);
});

test('a partial matrix (--only) judges its mutants but does not ask every clause for one', () => {
  const j = judgeMatrix(clauses, [mutants[0]!], [reference, killingBoth[0]!], { partial: true });
  assert.equal(j.ok, true, j.problems.join('\n'));
  assert.equal(j.clauses.find((c) => c.id === 'RD-B-01')!.status, 'no-mutant');
});
