/** Which scenarios each matrix run covers: the mutant's own part of the suite plus a witness. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planRuns, type PlanOptions } from '../../implementations/mutants/matrix/plan.ts';
import type { ClauseInfo, MutantInfo } from '../../implementations/mutants/matrix/types.ts';

const clause = (id: string, side: 'reader' | 'writer', family: string): ClauseInfo => ({ id, side, family, level: 'MUST', title: id });
const clauses = [
  clause('RD-A-01', 'reader', 'a'), clause('RD-A-02', 'reader', 'a'), clause('RD-B-01', 'reader', 'b'), clause('RD-C-01', 'reader', 'c'),
  clause('WR-X-01', 'writer', 'x'), clause('WR-Y-01', 'writer', 'y'), clause('WR-Z-01', 'writer', 'z'),
];
const m = (side: 'reader' | 'writer', name: string, breaks: string[], mayAlsoBlame: Record<string, string> = {}): MutantInfo => ({
  side, name, breaks, mayAlsoBlame, description: name, targetArgs: side === 'reader' ? ['--target', `mutant:${name}`] : ['--side', 'writer', '--runner', `mutant:${name}`],
});
const options: PlanOptions = { sides: ['reader', 'writer'], full: false, rotation: 0, referenceShards: { writer: 2 }, writerVariant: 'v2, fs' };

test('references run the full suite; the writer reference in shards and in the chosen variant', () => {
  const runs = planRuns(clauses, [], options).filter((r) => r.mutant === null);
  assert.deepEqual(runs.map((r) => [r.side, r.scope]), [
    ['reader', 'full suite'], ['writer', 'full suite [v2, fs], shard 1/2'], ['writer', 'full suite [v2, fs], shard 2/2'],
  ]);
  assert.deepEqual(runs[1]!.args.slice(-4), ['--name', '\\(v2, fs\\)$', '--shard', '1/2']);
});

test('a reader mutant runs its families, declared collateral included, plus one witness family', () => {
  const [run] = planRuns(clauses, [m('reader', 'r1', ['RD-A-01'], { 'RD-B-01': 'why' })], { ...options, sides: ['reader'] }).filter((r) => r.mutant);
  assert.equal(run!.scope, 'families a, b + witness c');
  assert.deepEqual(run!.scopeClauses, ['RD-A-01', 'RD-A-02', 'RD-B-01', 'RD-C-01']);
  assert.deepEqual(run!.args.slice(-2), ['--tags', '@RD-A-01 or @RD-A-02 or @RD-B-01 or @RD-C-01']);
});

test('witnesses rotate over the other families, and --rotation shifts them', () => {
  const ms = [m('reader', 'a1', ['RD-A-01']), m('reader', 'a2', ['RD-A-02'])];
  const witnesses = (rotation: number) => planRuns(clauses, ms, { ...options, sides: ['reader'], rotation })
    .filter((r) => r.mutant).map((r) => r.scope.replace(/.*witness /, ''));
  assert.deepEqual(witnesses(0), ['b', 'c']);
  assert.deepEqual(witnesses(1), ['c', 'b']);
});

test('a writer mutant runs the clauses it breaks plus one witness clause, in the chosen variant', () => {
  const [run] = planRuns(clauses, [m('writer', 'w1', ['WR-X-01'], { 'WR-Y-01': 'why' })], { ...options, sides: ['writer'] }).filter((r) => r.mutant);
  assert.equal(run!.scope, 'clauses WR-X-01 + witness WR-Z-01 [v2, fs]');
  assert.deepEqual(run!.args.slice(-4), ['--tags', '@WR-X-01 or @WR-Z-01', '--name', '\\(v2, fs\\)$']);
});

test('--full runs every mutant on the whole suite; --only keeps each mutant\'s own witness', () => {
  const ms = [m('reader', 'a1', ['RD-A-01']), m('reader', 'a2', ['RD-A-02'])];
  const full = planRuns(clauses, ms, { ...options, sides: ['reader'], full: true }).filter((r) => r.mutant);
  assert.deepEqual(full.map((r) => [r.scope, r.args.includes('--tags')]), [['full suite', false], ['full suite', false]]);
  const only = planRuns(clauses, ms, { ...options, sides: ['reader'], only: ['a2'] }).filter((r) => r.mutant);
  assert.deepEqual(only.map((r) => [r.mutant, r.scope]), [['a2', 'families a + witness c']]);
});
