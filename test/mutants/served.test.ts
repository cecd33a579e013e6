/**
 * Mutants behind the language-neutral protocols fail and blame exactly as in-process ones: a
 * reader mutant over the subprocess adapter protocol, a wrapped Runner over the driver protocol.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { kitRoot } from '../../kit/paths.ts';
import { blamedClauses, conform } from './helpers.ts';

test('a reader mutant served over the subprocess protocol fails RD-CS-01 only, cross-process scenarios included', () => {
  const r = conform(['--target', 'node --import tsx implementations/mutants/serveMutant.ts bgr-unswapped',
    '--tags', '@RD-CS-01 or @RD-XPROC-01', '--seed', '1', '--num-runs', '5']);
  assert.equal(r.code, 1, r.out.slice(-2000));
  assert.deepEqual(blamedClauses(r.json), ['RD-CS-01']);
  assert.equal(r.json!.scenarios.filter((s) => s.verdict === 'skipped').length, 0, 'read-other-process must be declared');
});

test('a wrapped Runner mutant served over the driver protocol fails WR-PROTO-03 only', () => {
  const r = conform(['--side', 'writer', '--runner', 'node --import tsx implementations/mutants/writer/serveRunnerMutant.ts junk-read-as-result',
    '--tags', '@WR-PROTO-03 or @WR-META-03', '--name', '\\(v2, fs\\)$', '--seed', '1', '--num-runs', '2']);
  assert.equal(r.code, 1, r.out.slice(-2000));
  assert.deepEqual(blamedClauses(r.json), ['WR-PROTO-03']);
});

test('the serve commands refuse an unknown mutant with the list of known ones', () => {
  for (const script of ['implementations/mutants/serveMutant.ts', 'implementations/mutants/writer/serveRunnerMutant.ts']) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, 'no-such-mutant'], { cwd: kitRoot, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, script);
    assert.match(r.stderr, /unknown .*mutant "no-such-mutant"; known: /, script);
  }
});
