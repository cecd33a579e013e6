/**
 * Every outcome judged, and failures that name their cause (issue 12, points 4 and 5), shown on
 * small writer runs of the kit's own command against Runner mutants, read back from results.json:
 * - a Runner with no execute timeout, whose driver reports the step `blocked`, fails WR-CLEAN-03;
 * - a Runner that writes `<id>.npy` fails WR-WRITE-01 and WR-JPEG-01, naming the file it wrote,
 *   and nothing else: the clauses that need the segment are not judged, never failed or passed;
 * - a scenario credits every clause it checked, not only the one a failure blames.
 * The pure parts (format sniffing, the not-judged scope rule, the Runner's timing) are tested
 * directly below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listShmDir, sniffFormat } from '../../kit/transports/shm-listing.ts';
import { judgeScope, runVerdict, totalsOf } from '../../reports/scope.ts';
import type { ScenarioResult } from '../../reports/scenarioResults.ts';
import type { RunReport } from '../../reports/runReport.ts';
import { stepReturnedInTime, timingContradictions } from '../../steps/writer/checks.ts';
import { clauseVerdictsOf, recordClauseVerdict, withdrawPasses } from '../../steps/support/clauseVerdicts.ts';
import type { StepRecord } from '../../steps/writer/session.ts';
import { V2_FS, writerRun } from './writerRun.ts';

const clause = (report: RunReport, id: string) => report.clauses.find((c) => c.id === id)!;
const blamed = (report: RunReport) => [...new Set(report.scenarios.flatMap((s) => (s.verdict === 'failed' && s.failure ? [s.failure.clause] : [])))].sort();

test('a Runner with no execute timeout fails WR-CLEAN-03 as blocked, not errored', async () => {
  const { code, report, output } = await writerRun('mutant:no-execute-timeout', ['--tags', '@WR-CLEAN-03', ...V2_FS]);
  assert.equal(code, 1, output);
  assert.deepEqual(report.scenarios.filter((s) => s.verdict === 'errored').map((s) => `${s.location}: ${s.error}`), []);
  const hang = report.scenarios.find((s) => s.name.includes('hang'));
  assert.ok(hang, 'the hang scenario ran');
  assert.equal(hang.verdict, 'failed');
  assert.equal(hang.failure?.clause, 'WR-CLEAN-03');
  assert.match(hang.failure!.actual, /blocked/);
  assert.match(hang.failure!.input, /"kind":"blocked"/);
  assert.equal(clause(report, 'WR-CLEAN-03').verdict, 'failed');
  // The crash and junk rows are answered in time by the same Runner, and pass.
  assert.deepEqual(report.scenarios.filter((s) => s !== hang).map((s) => s.verdict), ['passed', 'passed']);
});

test('a Runner writing <id>.npy fails WR-WRITE-01 and WR-JPEG-01 naming the .npy files, and nothing else', async () => {
  const { code, report, output, html } = await writerRun('mutant:fs-writes-npy', V2_FS);
  assert.equal(code, 1, output);
  assert.equal(report.verdict, 'non-conformant');
  assert.deepEqual(report.scenarios.filter((s) => s.verdict === 'errored').map((s) => `${s.location}: ${s.error}`), []);
  assert.deepEqual(blamed(report), ['WR-JPEG-01', 'WR-WRITE-01']);
  for (const s of report.scenarios.filter((x) => x.verdict === 'failed')) {
    assert.match(s.failure!.actual, /PROC_SHM_DIR held \S+_cur\.npy \(\d+ bytes, \.npy\)/, `${s.location} does not name the .npy file`);
  }
  // No false alarm on WR-CLEAN-04 and no vacuous pass: what needs the segment is not judged.
  for (const id of ['WR-CLEAN-04', 'WR-META-01', 'WR-PIXEL-01']) {
    const c = clause(report, id);
    assert.equal(c.verdict, 'not judged', `${id}: ${JSON.stringify(c)}`);
    assert.equal(c.counts.passed + c.counts.failed, 0, id);
    assert.ok(report.unjudged?.includes(id), `${id} is not listed as unjudged`);
  }
  const clean04 = report.scenarios.find((s) => s.clauses.includes('WR-CLEAN-04'))!;
  assert.equal(clean04.verdict, 'skipped');
  assert.equal(clean04.skipCause?.kind, 'precondition');
  assert.match(clean04.clauseVerdicts?.['WR-CLEAN-04']?.reason ?? '', /its precondition WR-WRITE-01 failed: .*\.npy/);
  assert.match(output, /NOT JUDGED WR-CLEAN-04 MUST/);
  assert.match(html, /data-clause="WR-CLEAN-04"(?:(?!<\/tr>)[\s\S])*<span class="badge v-not-judged">not judged<\/span><\/td><\/tr>/);
  // Checks that need no segment still judge: the call, the meta's own fields, cleanup of what was written.
  for (const id of ['WR-FRAME-01', 'WR-META-02', 'WR-ID-01', 'WR-CLEAN-01', 'WR-LEAK-01']) assert.equal(clause(report, id).verdict, 'passed', id);
  // The property scenario credits all three of its clauses: one failed, two not judged.
  const property = report.scenarios.find((s) => s.clauses.length === 3)!;
  assert.deepEqual(Object.fromEntries(Object.entries(property.clauseVerdicts ?? {}).map(([k, v]) => [k, v.verdict])),
    { 'WR-JPEG-01': 'failed', 'WR-META-01': 'not judged', 'WR-PIXEL-01': 'not judged' });
});

test('a scenario that fails a later check credits the clause it passed', async () => {
  // WR-ID-01's scenario checks distinct ids, then pixels; this Runner swaps red and blue.
  const { report, output } = await writerRun('mutant:bgr-pixels-declared-rgb', ['--tags', '@WR-ID-01', ...V2_FS]);
  const s = report.scenarios[0]!;
  assert.equal(s.verdict, 'failed', output);
  assert.equal(s.failure?.clause, 'WR-PIXEL-01');
  assert.deepEqual(clause(report, 'WR-ID-01').counts, { passed: 1, failed: 0, skipped: 0, errored: 0 });
  assert.equal(clause(report, 'WR-ID-01').verdict, 'passed');
  assert.equal(clause(report, 'WR-PIXEL-01').verdict, 'failed');
});

test('the shm listing sniffs JPEG, PNG, .npy and raw from the first bytes', () => {
  assert.equal(sniffFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'JPEG');
  assert.equal(sniffFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), 'PNG');
  assert.equal(sniffFormat(Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0])), '.npy');
  assert.equal(sniffFormat(Buffer.from([0xff, 0xd8])), 'raw');
  assert.equal(sniffFormat(Buffer.alloc(0)), 'raw');
  const dir = mkdtempSync(join(tmpdir(), 'pv-shm-listing-'));
  try {
    writeFileSync(join(dir, 'b.npy'), Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0, 0, 0]));
    writeFileSync(join(dir, 'a.bin'), Buffer.from([1, 2, 3]));
    mkdirSync(join(dir, 'sub'));
    assert.deepEqual(listShmDir(dir), [{ name: 'a.bin', size: 3, format: 'raw' }, { name: 'b.npy', size: 10, format: '.npy' }]);
    assert.deepEqual(listShmDir(join(dir, 'absent')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('per-clause verdicts: a pass beside another clause\'s failure is credited, a not judged MUST clause is never a pass', () => {
  const musts = ['A', 'B', 'C'].map((id) => ({ id, level: 'MUST' }));
  const scenario = (tags: string[], verdict: ScenarioResult['verdict'], clauseVerdicts: ScenarioResult['clauseVerdicts'], failure?: string): ScenarioResult =>
    ({ location: `f:${tags.join('')}`, uri: 'f', line: 1, name: tags.join(' '), clauses: tags, tags: tags.map((c) => `@${c}`), verdict, durationMs: 1, clauseVerdicts,
      ...(failure ? { failure: { clause: failure, summary: 's', input: 'i', expected: 'e', actual: 'a' } } : {}) });
  // A property-like scenario: A held, B could not be judged, C failed and is blamed.
  const mixed = [scenario(['A', 'B', 'C'], 'failed', { A: { verdict: 'passed' }, B: { verdict: 'not judged', reason: 'its precondition C failed: …' }, C: { verdict: 'failed' } }, 'C')];
  const m = judgeScope({ side: 'writer', clauses: musts, scenarios: mixed, full: true });
  assert.deepEqual(m.judged, ['A', 'C']);
  assert.deepEqual(m.unjudged, ['B']);
  // A scenario whose own record says "not judged" does not pass the clause, whatever its status.
  const quiet = [scenario(['A'], 'passed', { A: { verdict: 'passed' } }), scenario(['B'], 'passed', { B: { verdict: 'not judged', reason: 'its precondition A failed: …' } }),
    scenario(['C'], 'passed', { C: { verdict: 'passed' } })];
  const q = judgeScope({ side: 'writer', clauses: musts, scenarios: quiet, full: true });
  assert.deepEqual(q.unjudged, ['B']);
  assert.equal(runVerdict({ complete: true, totals: totalsOf(quiet), scenarios: quiet.length, unjudged: q.unjudged, judged: q.judged }), 'incomplete');
});

function record(over: Partial<StepRecord> & { outcome: StepRecord['report']['outcome']; timing: StepRecord['report']['timing'] }): StepRecord {
  return {
    n: 1, behaviour: { reply: 'hang', delayMs: 0 }, frames: [], kitStartedAt: 1000, kitEndedAt: 3000, calls: [], rechecks: [],
    report: { outcome: over.outcome, timing: over.timing }, ...over,
  } as StepRecord;
}

test('the Runner\'s timing: read against the kit\'s clock, and a timeout honoured within the grace', () => {
  const inTime = record({ outcome: { kind: 'timeout' }, timing: { startedAtMs: 1001, callSentAtMs: 1010, answeredAtMs: 2010, endedAtMs: 2500 } });
  assert.deepEqual(timingContradictions(inTime), []);
  assert.deepEqual(stepReturnedInTime(inTime, 1000, 5000), []);
  const gaveUpLate = record({ outcome: { kind: 'timeout' }, kitEndedAt: 9000, timing: { startedAtMs: 1001, callSentAtMs: 1010, answeredAtMs: 8010, endedAtMs: 8500 } });
  assert.match(stepReturnedInTime(gaveUpLate, 1000, 5000).join(), /gave up on the algorithm 7000 ms after sending the call/);
  assert.match(stepReturnedInTime(record({ outcome: { kind: 'blocked' }, timing: { startedAtMs: 1001, endedAtMs: 2999 } }), 1000, 5000).join(), /blocked/);
  const impossible = record({ outcome: { kind: 'timeout' }, timing: { startedAtMs: 500, callSentAtMs: 1010, answeredAtMs: 900, endedAtMs: 4000 } });
  assert.deepEqual(timingContradictions(impossible).length, 3);
});

test('a clause keeps its worst record in a scenario, and a scenario cut short by a skip withdraws its passes', () => {
  const world = {};
  recordClauseVerdict(world, 'A', 'passed');
  recordClauseVerdict(world, 'B', 'passed');
  recordClauseVerdict(world, 'B', 'not judged', 'its precondition A failed: …');
  recordClauseVerdict(world, 'B', 'passed');
  recordClauseVerdict(world, 'C', 'failed');
  recordClauseVerdict(world, 'C', 'not judged', 'later');
  assert.deepEqual(clauseVerdictsOf(world), {
    A: { verdict: 'passed' }, B: { verdict: 'not judged', reason: 'its precondition A failed: …' }, C: { verdict: 'failed' },
  });
  // A pass recorded before the Runner refused a later step may have had more checks to come.
  withdrawPasses(world);
  assert.deepEqual(Object.keys(clauseVerdictsOf(world)), ['B', 'C']);
});
