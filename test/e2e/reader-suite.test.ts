/**
 * The reader suite end to end through the CLI: conformant on the reference, non-conformant on
 * a broken variant with the right clause blamed, exit 2 on bad usage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';

function run(args: string[]): { code: number; out: string; report?: RunReport } {
  const dir = mkdtempSync(join(tmpdir(), 'pv-e2e-'));
  try {
    const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', 'run', '--report-dir', dir, '--quiet', ...args], {
      cwd: kitRoot, encoding: 'utf8', timeout: 300_000,
    });
    let report: RunReport | undefined;
    try {
      report = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunReport;
    } catch { /* no report: usage errors stop before the run */ }
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}`, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the full reader suite passes against the reference SDK', () => {
  const r = run(['--seed', '20261128', '--num-runs', '30']);
  assert.equal(r.code, 0, r.out.slice(-3000));
  assert.equal(r.report?.verdict, 'conformant');
  assert.ok(r.report!.totals.passed >= 130, `only ${r.report!.totals.passed} scenarios passed`);
  assert.equal(r.report!.totals.skipped, 0, 'the reference declares every capability: nothing may be skipped');
  const uncovered = r.report!.clauses.filter((c) => c.verdict !== 'passed').map((c) => `${c.id}:${c.verdict}`);
  assert.deepEqual(uncovered, []);
});

test('a reference with BGR left unswapped fails RD-CS-01 and only RD-CS-01', () => {
  const r = run(['--target', 'mutant:bgr-unswapped', '--seed', '1', '--num-runs', '20']);
  assert.equal(r.code, 1, r.out.slice(-3000));
  const blamed = new Set(r.report!.scenarios.filter((s) => s.verdict === 'failed').map((s) => s.failure!.clause));
  assert.deepEqual([...blamed], ['RD-CS-01']);
  assert.match(r.out, /NON-CONFORMANT/);
});

test('a reference that raises on a non-numeric width fails RD-META-02 with the exception shown', () => {
  const r = run(['--target', 'mutant:raise-on-non-numeric-width', '--tags', '@RD-META-02', '--seed', '1', '--num-runs', '20']);
  assert.equal(r.code, 1, r.out.slice(-3000));
  const failed = r.report!.scenarios.filter((s) => s.verdict === 'failed');
  assert.ok(failed.length > 0);
  for (const s of failed) {
    assert.equal(s.failure!.clause, 'RD-META-02');
    assert.match(s.failure!.implementationError ?? '', /TypeError/);
  }
});

test('bad usage exits 2 with a message that says what was expected', () => {
  for (const [args, msg] of [
    [['--profile', 'nope'], /unknown profile "nope"/],
    [['--reading', 'RD-CS-02=sideways'], /known readings are/],
    [['--reading', 'garbage'], /CLAUSE=READING/],
    [['--num-runs', 'many'], /whole number/],
    [['--target', 'mutant:nope'], /unknown reader mutant "nope"/],
    [['--side', 'middle'], /reader or writer/],
  ] as const) {
    const r = run([...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out.slice(-1500)}`);
    assert.match(r.out, msg, args.join(' '));
  }
});

test('--no-shrink: the same verdicts and blamed clauses, the failing property stopped at its first case', () => {
  const args = ['--target', 'mutant:bgr-unswapped', '--tags', '@RD-CS-01', '--seed', '7', '--num-runs', '10'];
  const shrunk = run(args);
  const unshrunk = run([...args, '--no-shrink']);
  assert.equal(unshrunk.code, shrunk.code, unshrunk.out.slice(-2000));
  const outcome = (r: typeof shrunk) => r.report!.scenarios.map((s) => [s.location, s.verdict, s.failure?.clause]);
  assert.deepEqual(outcome(unshrunk), outcome(shrunk));
  const summaries = (r: typeof shrunk) => r.report!.scenarios.map((s) => s.failure?.summary ?? '').filter((t) => /shrunk \d+ times/.test(t));
  assert.ok(summaries(shrunk).some((t) => !/shrunk 0 times/.test(t)), 'the property shrinks by default');
  assert.ok(summaries(unshrunk).length > 0 && summaries(unshrunk).every((t) => /shrunk 0 times/.test(t)), 'and not under --no-shrink');
});
