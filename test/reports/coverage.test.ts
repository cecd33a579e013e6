/** coverage: clause tags read from features, ambiguous clauses listed, reading probes judged honestly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCoverage } from '../../reports/clauseCoverage.ts';
import { indexFeatures, scanFeature } from '../../reports/featureIndex.ts';
import { judgeProbe } from '../../reports/readingProbe.ts';
import { catalog, cli, report, scenario } from './support/reports.ts';

test('scanFeature inherits Feature and Rule tags and takes Examples tags', () => {
  const s = scanFeature(['@RD-CS-01', 'Feature: f', '  Rule: r', '  @RD-CS-02', '  Scenario Outline: o', '    Given x', '    @RD-CS-03', '    Examples:', '      | a |', '  Scenario: plain', '    Given y'].join('\n'), 'f.feature');
  assert.deepEqual(s.map((x) => [x.location, x.clauses]), [['f.feature:5', ['RD-CS-01', 'RD-CS-02', 'RD-CS-03']], ['f.feature:10', ['RD-CS-01']]]);
});

test('every catalog clause has a scenario in the features, and the listing names the ambiguous ones', () => {
  const text = formatCoverage({ catalog, index: indexFeatures(), sides: ['reader', 'writer'], results: [], probes: [] });
  assert.match(text, /Clauses without scenarios: 0 of \d+/);
  for (const c of catalog.clauses.filter((x) => x.clarity !== 'clear')) assert.match(text, new RegExp(`${c.id} ${c.level} ${c.clarity}`));
  assert.match(text, /cast .*\[selected by default\]/);
  assert.match(text, /zeros .*\[selected by strict\]/);
});

test('a probe passes only when its own clause was judged, and says why when nothing judged it', () => {
  const passes = report([scenario(1, 'RD-CS-02', 'passed')]);
  assert.equal(judgeProbe('RD-CS-02', 'case-sensitive', passes).outcome, 'passes');
  const fails = report([scenario(1, 'RD-CS-02', 'failed')]);
  assert.equal(judgeProbe('RD-CS-02', 'case-insensitive', fails).outcome, 'fails');
  const other = report([scenario(1, 'RD-CS-01', 'failed', { clauses: ['RD-CS-01', 'RD-CS-02'] })]);
  assert.equal(judgeProbe('RD-CS-02', 'case-sensitive', other).outcome, 'inconclusive');
  const skipped = report([scenario(1, 'RD-CS-02', 'skipped', { skipReason: 'no capability' })]);
  assert.match(judgeProbe('RD-CS-02', 'case-sensitive', skipped).note ?? '', /all skipped: no capability/);
});

test('coverage --probe-readings shows which readings the reference satisfies', () => {
  const r = cli(['coverage', '--probe-readings', '--target', 'reference', '--clause', 'RD-CS-02', '--num-runs', '3', '--seed', '5',
    '--report-dir', join(tmpdir(), `pv-probe-test-${process.pid}`)]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /RD-CS-02\s+case-sensitive\s+yes/);
  assert.match(r.out, /Compatible readings per implementation/);
});
