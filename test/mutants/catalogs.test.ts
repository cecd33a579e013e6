/**
 * The mutant catalogs against the clause catalog: every declared clause exists, every MUST and
 * SHOULD clause has a mutant, and every mutant is reachable the way the matrix reaches it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../kit/catalog.ts';
import { kitRoot } from '../../kit/paths.ts';
import { brokenClauses, readerMutantCatalog, readerMutants } from '../../implementations/mutants/readerMutants.ts';
import { createReferenceTarget } from '../../implementations/reference-sdk/binding.ts';
import { runnerMutantFactories, writerMutantCatalog } from '../../implementations/mutants/writerMutants.ts';
import { runnerVariant } from '../../implementations/reference-runner/index.ts';
import { SCRIPT_ENTRIES } from '../../kit/bundle/importEntry.mjs';

const catalog = loadCatalog();
const gated = (side: string) => catalog.clauses.filter((c) => c.side === side && (c.level === 'MUST' || c.level === 'SHOULD')).map((c) => c.id);
const asList = (b: string | string[]) => (typeof b === 'string' ? [b] : b);

for (const [side, mutants] of [['reader', readerMutantCatalog], ['writer', writerMutantCatalog]] as const) {
  test(`every ${side} mutant names clauses of the ${side} catalog`, () => {
    for (const [name, m] of Object.entries(mutants)) {
      for (const id of [...asList(m.breaks), ...Object.keys(m.mayAlsoBlame ?? {})]) {
        assert.equal(catalog.byId.get(id)?.side, side, `${name} names ${id}`);
      }
      assert.ok(!asList(m.breaks).some((id) => Object.hasOwn(m.mayAlsoBlame ?? {}, id)), `${name} declares a clause both ways`);
    }
  });

  test(`every MUST and SHOULD ${side} clause has a mutant that breaks it`, () => {
    const declared = new Set(Object.values(mutants).flatMap((m) => asList(m.breaks)));
    assert.deepEqual(gated(side).filter((id) => !declared.has(id)), []);
  });
}

test('the reader factories are the catalog\'s, by name', () => {
  assert.deepEqual(Object.keys(readerMutants).sort(), Object.keys(readerMutantCatalog).sort());
  assert.deepEqual(brokenClauses({ breaks: 'RD-CS-01' }), ['RD-CS-01']);
});

test('every reader mutant declares the reference\'s capabilities, read-other-process included, so nothing is skipped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-mutant-hello-'));
  try {
    const ctx = { shmDir: join(dir, 'shm'), scratchDir: dir, requestTimeoutMs: 30_000 };
    const reference = await createReferenceTarget(ctx);
    const expected = (await reference.hello()).capabilities;
    await reference.close();
    for (const [name, m] of Object.entries(readerMutantCatalog)) {
      const adapter = await m.factory(ctx);
      assert.deepEqual((await adapter.hello()).capabilities, expected, name);
      await adapter.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a mutant read in another process is the mutant, not the reference', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-mutant-xproc-'));
  try {
    const adapter = await readerMutantCatalog['bgr-unswapped']!.factory({ shmDir: join(dir, 'shm'), scratchDir: dir, requestTimeoutMs: 30_000 });
    const data = Uint8Array.from([10, 20, 30]);
    assert.equal((await adapter.writeArray('x', { dtype: 'uint8', shape: [1, 1, 3], data }, { transport: 'fs' })).status, 'ok');
    const read = await adapter.read('x', { width: 1, height: 1, color_space: 'BGR' }, { process: 'other' });
    await adapter.close();
    assert.equal(read.status, 'ok');
    const value = (read as { value: { kind: string; image?: { data: Uint8Array } } }).value;
    assert.deepEqual([...value.image!.data], [10, 20, 30], 'the other process swapped: it ran the reference');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writer mutants are reachable: part mutants through the registry, wrapped ones through the driver command', () => {
  assert.equal(SCRIPT_ENTRIES['serve-runner-mutant'], 'implementations/mutants/writer/serveRunnerMutant.ts');
  for (const [name, m] of Object.entries(writerMutantCatalog)) {
    if (m.runner.startsWith('mutant:')) {
      assert.doesNotThrow(() => runnerVariant(m.runner), name);
    } else {
      assert.match(m.runner, new RegExp(`^node kit/bundle/startEntry\\.mjs serve-runner-mutant ${name}$`));
      assert.ok(runnerMutantFactories[name], `${name} is not served`);
    }
  }
});

test('docs/mutants.md lists every mutant with the clause it breaks', () => {
  const doc = readFileSync(join(kitRoot, 'docs', 'mutants.md'), 'utf8');
  for (const [name, m] of [...Object.entries(readerMutantCatalog), ...Object.entries(writerMutantCatalog)]) {
    assert.ok(doc.includes(`| \`${name}\` | ${asList(m.breaks).join(', ')} |`), `${name} is not listed in docs/mutants.md`);
  }
});
