/**
 * The documents decide (catalog notes; test/kit/profiles.test.ts for the catalog side): every
 * implementation that takes a reading the default profile accepts is CONFORMANT under default,
 * and the readings only strict demands fail it under strict. Each variant of the reference
 * declares the readings it takes (`takes` in implementations/mutants/*Mutants.ts); the run's
 * readingsSatisfied must show them, so a declaration cannot drift from the behaviour.
 *
 * Also here: the Python fixture read as the seed states it, and a reader that follows the fs
 * layout alone (colliding ids share a file), both through the shim; and a Runner that issues
 * colliding live ids (WR-ID-03).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigOptions } from '../../cli/config.ts';
import { loadCatalog, profileAccepts } from '../../kit/catalog.ts';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';
import { runTargets } from '../support/configRuns.ts';
import { readerMutantCatalog } from '../../implementations/mutants/readerMutants.ts';
import { writerMutantCatalog } from '../../implementations/mutants/writerMutants.ts';

const catalog = loadCatalog();
const PYTHON = process.env.PV_CONFORM_PYTHON ?? '/usr/bin/python3';
// Absolute: a target in a config starts in the config's directory (test/support/configRuns.ts).
const SHIM = [PYTHON, join(kitRoot, 'adapters/python/pv_conform_shim.py'), '--sdk-path', join(kitRoot, 'implementations/python-fixture-sdk')].map((w) => JSON.stringify(w)).join(' ');
const noPython = existsSync(PYTHON) ? false : `${PYTHON} is missing`;

/** The options every run here shares: a fixed seed, so that a failure replays. */
const COMMON = { quiet: true, seed: 20261202, numRuns: 10 };

const satisfied = (r: RunReport, clause: string) => r.clauses.find((c) => c.id === clause)?.readingsSatisfied ?? [];
const blamed = (r: RunReport) => [...new Set(r.scenarios.filter((s) => s.verdict === 'failed').map((s) => s.failure!.clause))].sort();
const tags = (clauses: string[]) => clauses.map((c) => `@${c}`).join(' or ');

interface Variant { side: 'reader' | 'writer'; name: string; target: ConfigOptions; takes: Record<string, string>; extra: ConfigOptions }

const variants: Variant[] = [
  ...Object.entries(readerMutantCatalog).filter(([, m]) => m.takes)
    .map(([name, m]): Variant => ({ side: 'reader', name, target: { target: `mutant:${name}` }, takes: m.takes!, extra: {} })),
  ...Object.entries(writerMutantCatalog).filter(([, m]) => m.takes)
    .map(([name, m]): Variant => ({
      side: 'writer', name, target: { side: 'writer', runner: m.runner }, takes: m.takes!,
      // One (generation, transport) pair per writer scenario keeps this in seconds; v1 where the reading is about v1 calls.
      extra: { name: Object.keys(m.takes!).includes('WR-FRAME-01') ? '\\(v1, fs\\)$' : '\\(v2, fs\\)$' },
    })),
];

test('every reading a document states, and default accepts, is taken by the reference or by a declared variant', async () => {
  const [reader, writer] = await runTargets([
    { target: 'reference' },
    { side: 'writer', name: '\\((v1|v2), fs\\)$', tags: tags(catalog.clauses.filter((c) => c.side === 'writer' && c.readings).map((c) => c.id)) },
  ], COMMON);
  assert.equal(reader.code, 0, reader.out.slice(-2000));
  assert.equal(writer.code, 0, writer.out.slice(-2000));
  const missing: string[] = [];
  for (const c of catalog.clauses.filter((x) => x.readings)) {
    const ref = c.side === 'reader' ? reader.report : writer.report;
    for (const r of c.readings!.filter((x) => x.statedBy && profileAccepts(catalog, c.id, 'default', x.id))) {
      if (satisfied(ref, c.id).includes(r.id)) continue;
      if (variants.some((v) => v.takes[c.id] === r.id)) continue;
      missing.push(`${c.id} "${r.id}" (stated by ${r.statedBy!.join(', ')})`);
    }
  }
  assert.deepEqual(missing, [], 'stated readings no implementation here takes');
});

test('each variant is CONFORMANT under default and under the readings it takes, and shows them; strict fails exactly the readings it alone demands', { timeout: 900_000 }, async () => {
  assert.ok(variants.length >= 12, `only ${variants.length} variants declare the readings they take`);
  // 'taken': default with --reading for each reading the variant declares, so that a variant that
  // takes its reading on some inputs only (and falls back elsewhere, which default also accepts)
  // fails. Where default accepts every reading taken, a pass under 'taken' is a pass under default
  // too (same clauses, narrower readings), so default is not run again.
  const readingArgs = (v: Variant) => Object.entries(v.takes).flatMap(([c, reading]) => ['--reading', `${c}=${reading}`]);
  const defaultAccepts = (v: Variant) => Object.entries(v.takes).every(([c, reading]) => profileAccepts(catalog, c, 'default', reading));
  const planned = variants.flatMap((v) => ([defaultAccepts(v) ? 'taken' : 'default', 'strict'] as const).map((profile) => ({ v, profile })));
  // What the references themselves fail under strict (RD-ARR-04: they cast, as the seed states),
  // scenario by scenario: a variant's run under strict fails those too where its selection holds
  // them (a property tagged with several clauses), unless the variant takes that clause itself.
  const takenOn = (side: Variant['side']) => tags([...new Set(variants.filter((v) => v.side === side).flatMap((v) => Object.keys(v.takes)))]);
  // One list of runs, so that they share two invocations of the CLI (test/support/configRuns.ts).
  const results = await runTargets([
    ...planned.map(({ v, profile }): ConfigOptions => ({
      ...v.target, ...(profile === 'taken' ? { readings: v.takes } : { profile }), tags: tags(Object.keys(v.takes)), ...v.extra,
    })),
    { target: 'reference', profile: 'strict', tags: takenOn('reader') },
    { side: 'writer', profile: 'strict', name: '\\((v1|v2), fs\\)$', tags: takenOn('writer') },
  ], COMMON);
  const runs = planned.map((p, i) => ({ ...p, r: results[i]! }));
  const [readerRef, writerRef] = results.slice(planned.length);
  const referenceFails = new Map([...readerRef!.report.scenarios, ...writerRef!.report.scenarios]
    .filter((x) => x.verdict === 'failed').map((x) => [x.location, x.failure!.clause]));
  const problems: string[] = [];
  for (const { v, profile, r } of runs) {
    // A property fails once, on its first failing case, so an inherited failure may or may not
    // show: it is allowed, not required.
    const inherited = new Set(profile === 'strict'
      ? r.report.scenarios.map((x) => referenceFails.get(x.location)).filter((c): c is string => !!c && !(c in v.takes)) : []);
    const refused = profile === 'taken' ? [] : Object.entries(v.takes).filter(([c, reading]) => !profileAccepts(catalog, c, profile, reading)).map(([c]) => c).sort();
    const label = `${v.name} under ${profile === 'taken' ? readingArgs(v).join(' ') : profile}`;
    const got = blamed(r.report);
    if (r.report.scenarios.some((s) => s.verdict === 'errored' || s.verdict === 'skipped')) problems.push(`${label}: errored or skipped scenarios\n${r.out.slice(-800)}`);
    if (!refused.length) {
      const conformant = r.report.verdict === 'conformant' && r.code === 0;
      if (!conformant && !(got.length && got.every((c) => inherited.has(c)))) problems.push(`${label}: ${r.report.verdict} (exit ${r.code}), blamed ${got.join(', ')}`);
    } else if (r.report.verdict !== 'non-conformant' || !refused.every((c) => got.includes(c)) || !got.every((c) => refused.includes(c) || inherited.has(c))) {
      problems.push(`${label}: expected a failure of ${refused.join(', ')}${inherited.size ? ` (and maybe ${[...inherited].join(', ')}, as the reference)` : ''}, got ${r.report.verdict} blaming ${got.join(', ') || 'nothing'}`);
    }
    for (const [c, reading] of Object.entries(v.takes)) {
      if (!satisfied(r.report, c).includes(reading)) problems.push(`${label}: ${c} readingsSatisfied ${JSON.stringify(satisfied(r.report, c))} lacks "${reading}"`);
    }
  }
  assert.deepEqual(problems, []);
});

const STRICT_ONLY = ['RD-ARR-04', 'RD-META-01', 'RD-SHAPE-02'];

test('the Python fixture read as the seed states it is CONFORMANT under default through the shim, and not under strict', { skip: noPython, timeout: 600_000 }, async () => {
  // Default over the whole suite; strict over the clauses where the seed's readings and strict's differ.
  const [byDefault, byStrict] = await runTargets([
    { target: `PV_FIXTURE_VARIANT=seed ${SHIM}`, profile: 'default' },
    { target: `PV_FIXTURE_VARIANT=seed ${SHIM}`, profile: 'strict', tags: tags(STRICT_ONLY) },
  ], COMMON);
  assert.equal(byDefault!.code, 0, byDefault!.out.slice(-3000));
  assert.equal(byDefault!.report.verdict, 'conformant');
  assert.equal(byDefault!.report.totals.skipped + byDefault!.report.totals.errored, 0);
  // What the seed states, seen in what the implementation did.
  for (const [clause, reading] of [['RD-ARR-04', 'cast'], ['RD-CS-04', 'arrays-only'], ['RD-SHAPE-02', 'stored-size'], ['RD-META-01', 'zeros'], ['RD-OWN-02', 'view-allowed']] as const) {
    assert.ok(satisfied(byDefault!.report, clause).includes(reading), `${clause}: ${JSON.stringify(satisfied(byDefault!.report, clause))}`);
  }
  assert.equal(byStrict!.report.verdict, 'non-conformant');
  assert.deepEqual(blamed(byStrict!.report), STRICT_ONLY);
});

test('over fs, a reader that follows the layout passes default on colliding ids and fails strict', { skip: noPython, timeout: 300_000 }, async () => {
  const [byDefault, byStrict] = await runTargets(['default', 'strict'].map((profile) =>
    ({ target: `PV_FIXTURE_VARIANT=bare-layout ${SHIM}`, profile, tags: '@RD-ISO-01' })), COMMON);
  assert.equal(byDefault!.code, 0, byDefault!.out.slice(-3000));
  assert.deepEqual(satisfied(byDefault!.report, 'RD-ISO-01'), ['fs-layout'], 'the layout-following reader shares colliding fs files');
  assert.deepEqual(blamed(byStrict!.report), ['RD-ISO-01']);
  const failed = byStrict!.report.scenarios.filter((s) => s.verdict === 'failed').map((s) => s.name);
  // The property draws pairs of colliding ids (generator "colliding-ids").
  assert.ok(failed.every((n) => /collide|any two ids/.test(n)), `only colliding ids fail under strict: ${failed.join('; ')}`);
  assert.ok(!failed.some((n) => /do not collide/.test(n)));
});

test('a Runner that issues colliding live ids fails WR-ID-03; the reference passes it', { timeout: 300_000 }, async () => {
  const [mutant, reference] = await runTargets(['mutant:colliding-live-ids', 'reference'].map((runner) =>
    ({ side: 'writer' as const, runner, tags: '@WR-ID-03' })), COMMON);
  assert.equal(reference!.code, 0, reference!.out.slice(-2000));
  assert.equal(mutant!.code, 1, mutant!.out.slice(-2000));
  assert.deepEqual(blamed(mutant!.report), ['WR-ID-03']);
  assert.match(mutant!.report.scenarios.find((s) => s.verdict === 'failed')!.failure!.actual, /map to the same file name/);
});
