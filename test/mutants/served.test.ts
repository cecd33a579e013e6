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
  const r = conform(['--target', 'node kit/bundle/startEntry.mjs serve-mutant bgr-unswapped',
    '--tags', '@RD-CS-01 or @RD-XPROC-01', '--seed', '1', '--num-runs', '5']);
  assert.equal(r.code, 1, r.out.slice(-2000));
  assert.deepEqual(blamedClauses(r.json), ['RD-CS-01']);
  assert.equal(r.json!.scenarios.filter((s) => s.verdict === 'skipped').length, 0, 'read-other-process must be declared');
});

test('a wrapped Runner mutant served over the driver protocol fails WR-PROTO-03 only', () => {
  const r = conform(['--side', 'writer', '--runner', 'node kit/bundle/startEntry.mjs serve-runner-mutant junk-read-as-result',
    '--tags', '@WR-PROTO-03 or @WR-META-03', '--name', '\\(v2, fs\\)$', '--seed', '1', '--num-runs', '2']);
  assert.equal(r.code, 1, r.out.slice(-2000));
  assert.deepEqual(blamedClauses(r.json), ['WR-PROTO-03']);
});

test('the serve commands refuse an unknown mutant with the list of known ones, through tsx and through startEntry.mjs', () => {
  for (const [entry, script] of [['serve-mutant', 'implementations/mutants/serveMutant.ts'], ['serve-runner-mutant', 'implementations/mutants/writer/serveRunnerMutant.ts']]) {
    for (const argv of [['--import', 'tsx', script], ['kit/bundle/startEntry.mjs', entry!]]) {
      const r = spawnSync(process.execPath, [...argv, 'no-such-mutant'], { cwd: kitRoot, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 2, argv.join(' '));
      assert.match(r.stderr, /unknown .*mutant "no-such-mutant"; known: /, argv.join(' '));
    }
  }
});

test('startEntry.mjs refuses a name that is not one of its scripts, with the list', () => {
  for (const name of [[], ['no-such-script'], ['constructor']]) {
    const r = spawnSync(process.execPath, ['kit/bundle/startEntry.mjs', ...name], { cwd: kitRoot, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, name.join(' '));
    assert.match(r.stderr, /^usage: node kit\/bundle\/startEntry\.mjs <reference-runner-driver\|serve-runner-mutant\|/, name.join(' '));
  }
});
