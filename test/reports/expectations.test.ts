/**
 * Baseline gating: only known failures -> 0, a new failure -> 1, a listed failure that now
 * passes (stale) -> 1; and a baseline written from a run gates that run to 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineFrom, gate, readExpectations, type Expectations } from '../../reports/expectations.ts';
import { assertValid } from '../../kit/schemas.ts';
import { kitRoot } from '../../kit/paths.ts';
import { cli, report, scenario, tempDir, writeJson } from './support/reports.ts';

const knownCs01: Expectations = { side: 'reader', deviations: [{ clause: 'RD-CS-01', expect: 'failed', reason: 'BGR is ignored for arrays' }] };

test('gate: only expected failures pass, a new failure or a stale entry fails', () => {
  const failing = report([scenario(16, 'RD-CS-01', 'failed'), scenario(20, 'RD-CS-02', 'passed')]);
  assert.equal(gate(failing, knownCs01).exitCode, 0);

  const g = gate(failing, { side: 'reader', deviations: [] });
  assert.equal(g.exitCode, 1);
  assert.deepEqual(g.unexpected.map((s) => s.location), ['features/reader/color-space.feature:16']);

  const fixed = report([scenario(16, 'RD-CS-01', 'passed')]);
  const stale = gate(fixed, knownCs01);
  assert.equal(stale.exitCode, 1);
  assert.equal(stale.stale[0]?.clause, 'RD-CS-01');

  const filtered = report([scenario(20, 'RD-CS-02', 'passed')]);
  const none = gate(filtered, knownCs01);
  assert.equal(none.exitCode, 0, 'a deviation whose scenarios did not run is neither met nor stale');
  assert.equal(none.notExercised.length, 1);
});

test('gate: a location narrows an entry to one scenario', () => {
  const r = report([scenario(16, 'RD-CS-01', 'failed'), scenario(17, 'RD-CS-01', 'failed')]);
  const g = gate(r, { side: 'reader', deviations: [{ clause: 'RD-CS-01', location: 'features/reader/color-space.feature:16', expect: 'failed', reason: 'known' }] });
  assert.equal(g.exitCode, 1);
  assert.deepEqual(g.unexpected.map((s) => s.line), [17]);
});

test('gate: a baseline for another side or profile is refused, not silently applied', () => {
  const r = report([scenario(16, 'RD-CS-01', 'failed')]);
  assert.equal(gate(r, { ...knownCs01, side: 'writer' }).exitCode, 2);
  assert.match(gate(r, { ...knownCs01, profile: 'permissive' }).mismatch ?? '', /profile "permissive"/);
});

test('baselineFrom: one entry per failing clause, or per scenario, valid against the schema', () => {
  const r = report([scenario(16, 'RD-CS-01', 'failed'), scenario(17, 'RD-CS-01', 'failed'), scenario(20, 'RD-CS-02', 'passed')]);
  const byClause = assertValid<Expectations>('expectations.schema.json', baselineFrom(r, 'clause'), 'baseline');
  assert.deepEqual(byClause.deviations.map((d) => d.clause), ['RD-CS-01']);
  assert.equal(gate(r, byClause).exitCode, 0);
  const byScenario = baselineFrom(r, 'scenario');
  assert.deepEqual(byScenario.deviations.map((d) => d.location), ['features/reader/color-space.feature:16', 'features/reader/color-space.feature:17']);
  assert.equal(gate(r, byScenario).exitCode, 0);
});

test('the shipped example baseline for mutant:bgr-unswapped is valid', () => {
  const e = readExpectations(join(kitRoot, 'expectations', 'mutant-bgr-unswapped.json'));
  assert.deepEqual(e.deviations.map((d) => d.clause), ['RD-CS-01']);
});

test('run --expectations: exit 0 on expected failures, 1 on a new failure, 1 on a stale entry', () => {
  const dir = tempDir('pv-gate-');
  const small = ['--tags', '@RD-CS-01', '--num-runs', '5', '--seed', '3', '--quiet'];
  const known = join(kitRoot, 'expectations', 'mutant-bgr-unswapped.json');

  const expected = cli(['run', '--target', 'mutant:bgr-unswapped', ...small, '--report-dir', join(dir, 'a'), '--expectations', known]);
  assert.equal(expected.code, 0, expected.out);
  assert.match(expected.out, /GATE PASSED/);

  const empty = writeJson(dir, 'empty.json', { side: 'reader', deviations: [] });
  const fresh = cli(['run', '--target', 'mutant:bgr-unswapped', ...small, '--report-dir', join(dir, 'b'), '--expectations', empty]);
  assert.equal(fresh.code, 1, fresh.out);
  assert.match(fresh.out, /NEW FAILURE RD-CS-01/);

  const stale = cli(['run', '--target', 'reference', ...small, '--report-dir', join(dir, 'c'), '--expectations', known]);
  assert.equal(stale.code, 1, stale.out);
  assert.match(stale.out, /STALE RD-CS-01/);

  const written = join(dir, 'baseline.json');
  const b = cli(['baseline', join(dir, 'a'), '-o', written]);
  assert.equal(b.code, 0, b.out);
  assert.equal(gate(JSON.parse(readFileSync(join(dir, 'a', 'results.json'), 'utf8')), readExpectations(written)).exitCode, 0);

  const broken = writeJson(dir, 'broken.json', { side: 'reader', deviations: [{ clause: 'RD-CS-01', expect: 'passed', reason: '' }] });
  const bad = cli(['run', '--target', 'reference', ...small, '--report-dir', join(dir, 'd'), '--expectations', broken]);
  assert.equal(bad.code, 2, 'a malformed baseline stops the run before it starts');
  assert.match(bad.out, /expectations\.schema\.json/);
});
