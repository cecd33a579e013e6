/** diff: a scenario passing in A and failing in B is a regression (exit 1); the reverse is a fix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { diffRuns } from '../../reports/runDiff.ts';
import { writeRunReport } from '../../reports/runReport.ts';
import { cli, report, scenario, tempDir } from './support/reports.ts';

const good = report([scenario(16, 'RD-CS-01', 'passed'), scenario(20, 'RD-CS-02', 'passed')]);
const bad = report([scenario(16, 'RD-CS-01', 'failed'), scenario(20, 'RD-CS-02', 'passed')]);

test('diffRuns finds the regression at clause and scenario level', () => {
  const d = diffRuns(good, bad);
  assert.deepEqual(d.regressions.clauses.map((c) => `${c.id} ${c.from}->${c.to}`), ['RD-CS-01 passed->failed']);
  assert.deepEqual(d.regressions.scenarios.map((s) => s.id), ['features/reader/color-space.feature:16']);
  assert.equal(d.fixes.scenarios.length, 0);
  const back = diffRuns(bad, good);
  assert.equal(back.regressions.scenarios.length, 0);
  assert.deepEqual(back.fixes.clauses.map((c) => c.id), ['RD-CS-01']);
});

test('diffRuns reports readings of ambiguous clauses that changed', () => {
  const permissive = report([scenario(20, 'RD-CS-02', 'passed')], { readings: { ...good.readings, 'RD-CS-02': 'case-insensitive' } });
  const d = diffRuns(good, permissive);
  assert.deepEqual(d.readings.map((r) => `${r.clause} ${r.from}->${r.to}`), ['RD-CS-02 either->case-insensitive']);
});

test('pv-conform diff exits 1 on a regression and 0 on a fix', () => {
  const dir = tempDir('pv-diff-');
  writeRunReport(dir, good);
  const b = join(dir, 'b');
  mkdirSync(b);
  writeRunReport(b, bad);
  const forward = cli(['diff', join(dir, 'results.json'), b]);
  assert.equal(forward.code, 1, forward.out);
  assert.match(forward.out, /REGRESSIONS .*: 1 clause, 1 scenario/);
  assert.match(forward.out, /RD-CS-01 passed -> failed/);
  const backward = cli(['diff', b, dir]);
  assert.equal(backward.code, 0, backward.out);
  assert.match(backward.out, /FIXES .*: 1 clause, 1 scenario/);
  assert.equal(cli(['diff', dir]).code, 2, 'one file is a usage error');
});
