/**
 * Sharding: `run --shard i/n` splits the suite the same way every time, the shards partition
 * it, and `merge` of the shards gives what the unsharded run gives, scenario by scenario and
 * clause by clause, exit code included. Against a broken variant, so that failures (with the
 * clause they blame) have to survive the round trip too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';

const root = mkdtempSync(join(tmpdir(), 'pv-shard-'));
const COMMON = ['--target', 'mutant:bgr-unswapped', '--seed', '77', '--num-runs', '15', '--quiet'];

function cli(args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', ...args], { cwd: kitRoot, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function run(name: string, extra: string[] = []): { code: number; dir: string; report: RunReport } {
  const dir = join(root, name);
  const r = cli(['run', ...COMMON, '--report-dir', dir, ...extra]);
  assert.ok(existsSync(join(dir, 'results.json')), r.out.slice(-2000));
  return { code: r.code, dir, report: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunReport };
}

// The failure's summary too: an example's input is the same whatever ran before it in the worker.
const scenarioVerdicts = (r: RunReport) => r.scenarios.map((s) => `${s.location} ${s.verdict} ${s.failure?.clause ?? ''} ${s.failure?.summary ?? ''}`);
const clauseVerdicts = (r: RunReport) => r.clauses.map((c) => `${c.id} ${c.verdict} ${JSON.stringify(c.counts)}`);

test('three shards merged equal the unsharded run, scenario by scenario', async (t) => {
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const whole = run('whole');
  const shards = [1, 2, 3].map((i) => run(`shard-${i}`, ['--shard', `${i}/3`]));

  await t.test('the shards partition the suite', () => {
    const locations = shards.flatMap((s) => s.report.scenarios.map((x) => x.location));
    assert.equal(new Set(locations).size, locations.length, 'no scenario runs in two shards');
    assert.deepEqual([...locations].sort(), whole.report.scenarios.map((s) => s.location).sort());
    for (const s of shards) assert.ok(s.report.scenarios.length > 30, 'the split is even-handed');
  });

  await t.test('a shard is the same scenarios every time', () => {
    const again = run('shard-2-again', ['--shard', '2/3']);
    assert.deepEqual(again.report.scenarios.map((s) => s.location), shards[1]!.report.scenarios.map((s) => s.location));
  });

  await t.test('merge gives the unsharded verdicts, clause verdicts, totals and exit code', () => {
    const out = join(root, 'merged');
    const m = cli(['merge', ...shards.map((s) => s.dir), '-o', out, '--quiet']);
    const merged = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunReport;
    assert.equal(whole.code, 1, 'the broken variant is non-conformant');
    assert.equal(m.code, whole.code, m.out);
    assert.deepEqual(scenarioVerdicts(merged), scenarioVerdicts(whole.report));
    assert.deepEqual(clauseVerdicts(merged), clauseVerdicts(whole.report));
    assert.deepEqual(merged.totals, whole.report.totals);
    // Defects are recomputed over the union: one defect split across shards is still one.
    assert.ok(whole.report.defects?.length, 'the broken variant has a defect');
    assert.deepEqual(merged.defects, whole.report.defects);
    assert.equal(merged.verdict, whole.report.verdict);
    // Scope and unjudged clauses are recomputed over the union too, by the code a run uses.
    assert.deepEqual(merged.scope, whole.report.scope);
    assert.deepEqual(merged.unjudged, whole.report.unjudged);
    assert.equal(merged.complete, true);
    assert.deepEqual(merged.selection, whole.report.selection);
    assert.match(readFileSync(join(out, 'junit.xml'), 'utf8'), /^<\?xml version="1.0"\?>\n<testsuites>\n<testsuite[\s\S]*<testsuite[\s\S]*<testsuite[\s\S]*<\/testsuites>\n$/);
    const verify = cli(['verify-certificate', out]);
    assert.equal(verify.code, 1, 'intact, but a non-conformant run is no conformance certificate');
    assert.match(verify.out, /VALID: [\s\S]*not a conformance certificate: verdict non-conformant/);
    assert.doesNotMatch(verify.out, /MISMATCH/);
  });

  await t.test('a missing shard makes the merge incomplete; mixed runs are refused', () => {
    const partial = cli(['merge', shards[0]!.dir, shards[2]!.dir, '-o', join(root, 'partial'), '--quiet']);
    assert.match(partial.out, /shard 2\/3 missing: the merged run is incomplete/);
    const report = JSON.parse(readFileSync(join(root, 'partial', 'results.json'), 'utf8')) as RunReport;
    assert.equal(report.complete, false);
    assert.equal(report.selection?.full, false);
    assert.equal(partial.code, 1, 'the shards that ran still fail RD-CS-01: non-conformant beats incomplete');

    const overlap = cli(['merge', shards[1]!.dir, join(root, 'shard-2-again'), '-o', join(root, 'bad')]);
    assert.equal(overlap.code, 2);
    assert.match(overlap.out, /both shard 2\/3/);

    const otherSeed = run('other-seed', ['--shard', '3/3', '--seed', '78', '--tags', 'not @property']);
    const mixed = cli(['merge', shards[0]!.dir, otherSeed.dir, '-o', join(root, 'bad')]);
    assert.equal(mixed.code, 2);
    assert.match(mixed.out, /differ in seed/);
  });
});
