/**
 * The reader suite through the subprocess protocol: the Python fixture SDK passes it through
 * the shim, its broken variants fail the right clause, and the reference served over the
 * protocol gives the same verdict as in-process, scenario by scenario.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';

const PYTHON = process.env.PV_CONFORM_PYTHON ?? '/usr/bin/python3';
const SHIM = `${PYTHON} adapters/python/pv_conform_shim.py --sdk-path implementations/python-fixture-sdk`;
const SEED = '424242';

function run(target: string, extra: string[] = [], env: Record<string, string> = {}): { code: number; out: string; report: RunReport } {
  const dir = mkdtempSync(join(tmpdir(), 'pv-e2e-'));
  try {
    const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', 'run', '--target', target, '--report-dir', dir, '--quiet',
      '--seed', SEED, '--num-runs', '25', ...extra], { cwd: kitRoot, encoding: 'utf8', timeout: 600_000, env: { ...process.env, ...env } });
    const out = `${r.stdout}${r.stderr}`;
    assert.ok(existsSync(join(dir, 'results.json')), `no results.json:\n${out.slice(-3000)}`);
    return { code: r.status ?? -1, out, report: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunReport };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const blamed = (r: RunReport) => [...new Set(r.scenarios.filter((s) => s.verdict === 'failed').map((s) => s.failure!.clause))].sort();
const python = existsSync(PYTHON) ? false : `${PYTHON} is missing`;

test('the full reader suite passes against the Python fixture SDK through the shim', { skip: python }, () => {
  const r = run(SHIM);
  assert.equal(r.code, 0, r.out.slice(-3000));
  assert.equal(r.report.verdict, 'conformant');
  assert.equal(r.report.totals.skipped, 0);
  assert.equal((r.report.implementation as { language?: string }).language, 'python');
});

test('a Python SDK that leaves BGR arrays unswapped fails RD-CS-01', { skip: python }, () => {
  const r = run(SHIM, [], { PV_FIXTURE_MUTANT: 'bgr-unswapped' });
  assert.equal(r.code, 1, r.out.slice(-3000));
  assert.deepEqual(blamed(r.report), ['RD-CS-01']);
});

test('a Python SDK that returns None for a missing segment passes default (the seed lists both) and fails RD-FALL-01 under strict', { skip: python }, () => {
  const byDefault = run(SHIM, ['--tags', '@RD-FALL-01'], { PV_FIXTURE_MUTANT: 'missing-none' });
  assert.equal(byDefault.code, 0, byDefault.out.slice(-3000));
  assert.ok(byDefault.report.clauses.find((c) => c.id === 'RD-FALL-01')!.readingsSatisfied!.includes('none'));
  // The fallback scenarios only: what strict demands of the rest of the suite (zeros for
  // non-uint8 arrays, which the fixture casts as the seed does) is reading-variants.test.ts's.
  const r = run(SHIM, ['--profile', 'strict', '--tags', '@RD-FALL-01'], { PV_FIXTURE_MUTANT: 'missing-none' });
  assert.equal(r.code, 1, r.out.slice(-3000));
  assert.deepEqual(blamed(r.report), ['RD-FALL-01']);
});

test('the reference over the protocol equals the reference in-process, scenario by scenario', () => {
  const inProcess = run('reference');
  const served = run(`${process.execPath} bin/pv-conform.mjs serve-reference`);
  const verdicts = (r: RunReport) => r.scenarios.map((s) => `${s.location} ${s.verdict}`);
  assert.ok(inProcess.report.scenarios.length > 100);
  assert.deepEqual(verdicts(served.report), verdicts(inProcess.report));
  assert.equal(served.code, 0, served.out.slice(-3000));
});
