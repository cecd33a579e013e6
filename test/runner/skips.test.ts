/**
 * Skips that explain, learned once (issue 12, point 6): a Runner's capabilities are learned
 * from the one `start` the CLI makes before any scenario, so a scenario the Runner cannot run
 * starts nothing; and every skip, writer or reader side, carries its cause and the target's
 * own words into results.json, junit.xml, report.html and the console.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import { describeSkip, junitWithSkipReasons, skipWeight } from '../../reports/skips.ts';
import { describeSkipCause, skipCause } from '../../kit/skipCause.ts';
import { esc } from '../../reports/html/escape.ts';
import { quote, tsxScript } from '../subprocess/helpers.ts';
import { catalog, report, scenario, tempDir } from '../reports/support/reports.ts';
import { exitCodeOf, type RunReport } from '../../reports/runReport.ts';

const root = tempDir('pv-skips-');
test.after(() => rmSync(root, { recursive: true, force: true }));

interface Run { code: number; out: string; dir: string; report: RunReport; junit: string; html: string }

function run(name: string, args: string[]): Run {
  const dir = join(root, name);
  const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', 'run', '--report-dir', dir, '--num-runs', '2', '--seed', '7', ...args],
    { cwd: kitRoot, encoding: 'utf8', timeout: 300_000 });
  const out = `${r.stdout}${r.stderr}`;
  const read = (f: string) => {
    try {
      return readFileSync(join(dir, f), 'utf8');
    } catch {
      assert.fail(`${f} was not written; the run said:\n${out.slice(-3000)}`);
    }
  };
  return { code: r.status ?? -1, out, dir, report: JSON.parse(read('results.json')) as RunReport, junit: read('junit.xml'), html: read('report.html') };
}

const escXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Every view names every skip: the cause's phrase and the target's own words. */
function assertSkipsExplained(r: Run): void {
  const skipped = r.report.scenarios.filter((s) => s.verdict === 'skipped');
  assert.ok(skipped.length > 0, 'the run skipped something');
  for (const s of skipped) {
    assert.ok(s.skipReason, `${s.location}: results.json has skipReason`);
    assert.ok(s.skipCause, `${s.location}: results.json has skipCause`);
    if (!s.skipReason || !s.skipCause) continue;
    const text = describeSkip(s);
    assert.ok(r.junit.includes(`<skipped message="${escXml(text)}"`), `${s.location}: junit.xml has <skipped message="${text}">`);
    // The skipped table's row: the cause, how it weighs, the target's words.
    const row = `${esc(describeSkipCause(s.skipCause))} <small>(${esc(skipWeight(s))})</small></td><td>${esc(s.skipReason)}</td>`;
    assert.ok(r.html.includes(row), `${s.location}: report.html has ${row}`);
  }
  assert.equal((r.junit.match(/<skipped\b/g) ?? []).length, skipped.length, 'one <skipped> per skipped scenario');
  assert.doesNotMatch(r.junit, /<skipped\s*\/>/, 'no bare <skipped/> left');
  // The console: one SKIP block per cause and reason, with the cause's phrase and the target's words.
  const skipLines = r.out.split('\n').filter((l) => l.startsWith('SKIP '));
  let counted = 0;
  for (const l of skipLines) counted += Number(/^SKIP (\d+) scenarios? — /.exec(l)?.[1] ?? 0);
  assert.equal(counted, skipped.length, `every skip is counted once on the console:\n${skipLines.join('\n')}`);
  for (const s of skipped) {
    assert.ok(skipLines.some((l) => l.includes(`— ${describeSkipCause(s.skipCause!)} (`) && l.includes(s.skipReason!.replace(/"[^"]*"/g, '').split(':').at(-1)!)),
      `${s.location}: the console names "${describeSkipCause(s.skipCause!)}" and its reason:\n${skipLines.join('\n')}`);
  }
}

/** The console prints every distinct writer reason as it is: they name no ids. */
function assertSkipLinesExact(r: Run): void {
  const skipped = r.report.scenarios.filter((s) => s.verdict === 'skipped');
  for (const text of new Set(skipped.map(describeSkip))) {
    const n = skipped.filter((s) => describeSkip(s) === text).length;
    assert.ok(r.out.includes(`SKIP ${n} scenario${n === 1 ? '' : 's'} — ${text}`), `console has SKIP ${n} — ${text}\n${r.out.slice(-3000)}`);
  }
}

test('writer: a v2+fs-only Runner is started once before the scenarios and once per executed scenario, never for a skip', () => {
  const starts = join(root, 'driver-starts');
  const driver = `${tsxScript('test', 'fixtures', 'serve-picky-runner.ts')} v2-fs-only ${quote(starts)}`;
  // WR-CLEAN-01: OK and NG over every generation and transport; WR-CLEAN-03: crash, hang, junk.
  const r = run('writer-v2-fs', ['--side', 'writer', '--runner', driver, '--tags', '@WR-CLEAN-01 or @WR-CLEAN-03']);
  assert.equal(r.code, 0, r.out.slice(-3000));
  const t = r.report.totals;
  const executed = t.passed + t.failed + t.errored;
  const started = readFileSync(starts, 'utf8').split('\n').filter(Boolean).length;
  assert.ok(started <= executed + 1, `the driver was started ${started} times for ${executed} executed scenarios`);
  assert.equal(executed, 2, 'v2 over fs, OK and NG');
  assert.equal(t.skipped, 18);

  const skipped = r.report.scenarios.filter((s) => s.verdict === 'skipped');
  const byKind = (k: string) => skipped.filter((s) => s.skipCause?.kind === k);
  // 6 of WR-CLEAN-01 and 9 of WR-CLEAN-03 ask for another generation or transport; 3 ask v2 over fs for an answer it does not declare.
  assert.equal(byKind('runner-config').length, 15);
  assert.equal(byKind('outcome').length, 3);
  assert.ok(skipped.every((s) => s.skipCause!.optional), 'neither cause is required of a Runner');
  for (const s of byKind('runner-config')) assert.match(s.skipReason!, /^picky-v2 0\.1\.0 declares generations \[v2\] and transports \[fs\]: not v[12] over (fs|posix)$/);
  for (const s of byKind('outcome')) assert.match(s.skipReason!, /^picky-v2 0\.1\.0 declares algorithm answers \[ok, ng, error-result, error-frame\]: not "(crash|hang|junk)"$/);
  // Skips judge nothing: WR-CLEAN-03, all skipped, is out of scope, with the reason.
  assert.deepEqual(r.report.scope?.clauses, ['WR-CLEAN-01']);
  assert.deepEqual(r.report.scope?.outOfScope.map((o) => o.clause), ['WR-CLEAN-03']);
  assertSkipsExplained(r);
  assertSkipLinesExact(r);
});

test('writer: generated sequences draw only the algorithm answers the Runner declares', () => {
  const driver = `${tsxScript('test', 'fixtures', 'serve-picky-runner.ts')} v2-fs-only`;
  // The fixture errors a step whose algorithm crashed, hung or babbled: answers it does not declare.
  const r = run('writer-leak-declared', ['--side', 'writer', '--runner', driver, '--tags', '@WR-LEAK-01']);
  assert.equal(r.code, 0, r.out.slice(-3000));
  const ran = r.report.scenarios.filter((s) => s.verdict !== 'skipped');
  assert.deepEqual(ran.map((s) => `${s.verdict} ${s.name}`), ['passed No segment remains after any sequence of outcomes (v2, fs)']);
  assert.deepEqual(r.report.scope?.clauses, ['WR-LEAK-01']);
});

test('reader: a target answering skipped has its words and the cause in every view', () => {
  const target = `${tsxScript('test', 'fixtures', 'serve-lazy-reader.ts')} skip-everything`;
  const r = run('reader-skip-everything', ['--target', target, '--tags', '@RD-OWN-01']);
  assert.equal(r.code, 1, r.out.slice(-3000));
  const skipped = r.report.scenarios.filter((s) => s.verdict === 'skipped');
  assert.ok(skipped.length > 0 && skipped.every((s) => /: not supported: (write-bytes|write-array|clear|read)$/.test(s.skipReason ?? '')),
    JSON.stringify(skipped.map((s) => s.skipReason)));
  assertSkipsExplained(r);
});

test('junit.xml: a file whose test cases do not line up with the results is left as it is', () => {
  const skippedOne = scenario(3, 'RD-OWN-01', 'skipped', { skipReason: 'no clear here' });
  const xml = '<testsuite>\n<testcase classname="f" name="scenario on line 3" time="0">\n<skipped/>\n</testcase>\n</testsuite>';
  assert.match(junitWithSkipReasons(xml, [skippedOne]), /<skipped message="no cause recorded \(required: its clauses stay unjudged\): no clear here"\/>/);
  assert.equal(junitWithSkipReasons(xml, [{ ...skippedOne, name: 'another scenario' }]), xml, 'another name: not this run\'s file');
  assert.equal(junitWithSkipReasons(xml, [skippedOne, skippedOne]), xml, 'another count: a partial file');
});

test('a Runner that declares nothing the scenarios ask for is never certified: every clause skipped is INCOMPLETE', () => {
  const all = catalog.clauses.filter((c) => c.side === 'writer').map((c, i) => scenario(i + 1, c.id, 'skipped', {
    skipReason: 'nothing 0 declares generations [] and transports []: not v2 over fs', skipCause: skipCause('writer', 'runner-config', 'v2 over fs'),
  }));
  const r = report(all, { side: 'writer', runner: 'nothing' });
  assert.equal(r.verdict, 'incomplete');
  assert.equal(exitCodeOf(r), 1);
});
