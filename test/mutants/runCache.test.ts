/** The matrix's cache of runs: what changes a key, what is never kept. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { kitFingerprints, ONLY_READER, ONLY_WRITER, RunCache, runInputs } from '../../implementations/mutants/matrix/runCache.ts';
import { kitRoot } from '../../kit/paths.ts';
import type { PlannedRun } from '../../implementations/mutants/matrix/plan.ts';
import type { RunSettings } from '../../implementations/mutants/matrix/runOne.ts';
import type { RunRecord } from '../../implementations/mutants/matrix/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'pv-run-cache-test-'));
const fp = (k: string) => ({ reader: `reader-${k}`, writer: `writer-${k}` });
after(() => rmSync(dir, { recursive: true, force: true }));

const plan: PlannedRun = { side: 'reader', mutant: 'bgr-unswapped', args: ['--target', 'mutant:bgr-unswapped', '--tags', '@RD-CS-01'], scope: 'families cs', scopeClauses: ['RD-CS-01'], cost: 4 };
const settings: RunSettings = { seed: 1, numRuns: { reader: 10, writer: 3 }, timeoutMs: 600_000, profile: 'default' };
const record: RunRecord = {
  side: 'reader', mutant: 'bgr-unswapped', scope: 'families cs', scopeClauses: ['RD-CS-01'], exitCode: 1, durationMs: 1234,
  scenarios: [{ location: 'features/reader/x.feature:3', name: 'x', verdict: 'failed', clauses: ['RD-CS-01'], blamed: 'RD-CS-01' }],
};

test('a kept run comes back, marked cached, for the same kit and the same run only', () => {
  const cache = new RunCache(fp('a'), dir);
  assert.equal(cache.get(plan, settings), undefined);
  cache.put(plan, settings, record);
  assert.deepEqual(cache.get(plan, settings), { ...record, cached: true });
  // Where the reports go and how long a run may take change nothing about its outcome.
  assert.ok(cache.get(plan, { ...settings, timeoutMs: 1, keepReports: '/elsewhere' }));
  assert.equal(new RunCache(fp('b'), dir).get(plan, settings), undefined, 'another kit');
  assert.ok(new RunCache({ ...fp('a'), writer: 'changed' }, dir).get(plan, settings), 'a change only the writer side sees');
  assert.equal(cache.get(plan, { ...settings, seed: 2 }), undefined, 'another seed');
  assert.equal(cache.get(plan, { ...settings, profile: 'strict' }), undefined, 'another profile');
  assert.equal(cache.get({ ...plan, args: [...plan.args, '--reading', 'RD-CS-01=x'] }, settings), undefined, 'other arguments');
});

test('a broken run is never kept', () => {
  const cache = new RunCache(fp('c'), dir);
  const before = readdirSync(dir).length;
  cache.put(plan, settings, { ...record, scenarios: [], brokenRun: 'timed out' });
  assert.equal(readdirSync(dir).length, before);
  assert.equal(cache.get(plan, settings), undefined);
});

test('the fingerprints are stable while nothing changes, and differ by side', () => {
  const a = kitFingerprints();
  assert.deepEqual(kitFingerprints(), a);
  assert.notEqual(a.reader, a.writer);
});

test('a side\'s runs depend on every file of the kit but the other side\'s own; no file of one side imports the other\'s', () => {
  for (const [side, mine, other] of [['reader', ONLY_READER, ONLY_WRITER], ['writer', ONLY_WRITER, ONLY_READER]] as const) {
    const inputs = runInputs(side);
    assert.ok(inputs.includes('cli/run.ts') && inputs.includes('kit/catalog.ts') && inputs.includes('package-lock.json'), `${side}: the shared code`);
    for (const prefix of mine) assert.ok(inputs.some((f) => f.startsWith(prefix)), `${side}: ${prefix} is among its inputs`);
    assert.deepEqual(inputs.filter((f) => other.some((p) => f.startsWith(p))), [], `${side}: none of the other side's own files`);
    // The separation the key relies on: what a side loads never imports the other side's own
    // files. Dynamic imports are where the side is chosen (the Runner resolver, the probe
    // command, the writer's probe bundle), so only static ones are followed.
    const crossing: string[] = [];
    // The matrix's own code (planning, judging) is in the key, but no run loads it.
    for (const file of inputs.filter((f) => /\.(ts|mjs)$/.test(f) && !f.startsWith('implementations/mutants/matrix/'))) {
      for (const m of readFileSync(join(kitRoot, file), 'utf8').matchAll(/(?:\bfrom\s+|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)) {
        const target = relative(kitRoot, resolve(dirname(join(kitRoot, file)), m[1]!)).split('\\').join('/');
        if (other.some((p) => target.startsWith(p))) crossing.push(`${file} -> ${target}`);
      }
    }
    assert.deepEqual(crossing, [], `${side}: imports of the other side's own files`);
  }
});

test('the cache keeps the records used most recently and removes the rest', () => {
  const own = mkdtempSync(join(tmpdir(), 'pv-run-cache-prune-'));
  try {
    const cache = new RunCache(fp('prune'), own);
    const seeds = [1, 2, 3, 4, 5];
    seeds.forEach((seed, i) => {
      cache.put(plan, { ...settings, seed }, record);
      // Written a minute apart, oldest first: mtimes, not the order of a directory listing, decide.
      const t = new Date(Date.now() - (seeds.length - i) * 60_000);
      utimesSync(join(own, `${cache.key(plan, { ...settings, seed })}.json`), t, t);
    });
    writeFileSync(join(own, 'notes.txt'), 'not a record');
    assert.ok(cache.get(plan, { ...settings, seed: 1 }), 'the oldest, read now: used most recently');
    assert.equal(cache.prune(3), 2);
    assert.deepEqual(seeds.filter((seed) => cache.get(plan, { ...settings, seed })), [1, 4, 5]);
    assert.ok(readdirSync(own).includes('notes.txt'), 'only records are pruned');
    assert.equal(cache.prune(3), 0);
    assert.equal(new RunCache(fp('prune'), join(own, 'missing')).prune(), 0, 'no cache directory: nothing to do');
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
});
