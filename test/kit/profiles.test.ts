/**
 * The default profile follows the documents (docs/sources.md gives their rank: the seed, then
 * v2, then v1). For every ambiguous or conflicting clause:
 * - a reading a document states is accepted by default, unless a higher-ranked document states
 *   the reading default selects (then it is overruled, and the note says so);
 * - where no document states any reading, default accepts every reading;
 * - strict is opt-in: it narrows a clause to the reading a careful buyer may demand; where that
 *   reading is one no document states (zeros for non-uint8 arrays), it is strict's alone.
 * Whether an implementation that takes a reading really passes is test/e2e/reading-variants.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { loadCatalog, profileAccepts, type Clause } from '../../kit/catalog.ts';
import { kitRoot } from '../../kit/paths.ts';

const RANK: Array<[RegExp, number]> = [[/^seed\//, 1], [/^spec\/v2\//, 2], [/^spec\/v1\//, 3]];
const rankOf = (doc: string) => RANK.find(([re]) => re.test(doc))?.[1] ?? Infinity;
const bestRank = (docs: string[] | undefined) => Math.min(...(docs ?? []).map(rankOf));

const catalog = loadCatalog();
const withReadings = catalog.clauses.filter((c): c is Clause & { readings: NonNullable<Clause['readings']> } => !!c.readings);

test('there are default, strict and permissive profiles, and no other', () => {
  assert.deepEqual(catalog.profiles.map((p) => p.id).sort(), ['default', 'permissive', 'strict']);
});

test('a reading a document states is accepted by default unless a higher-ranked document overrules it', () => {
  const problems: string[] = [];
  for (const c of withReadings) {
    const selected = c.readings.find((r) => r.id === c.profileReadings!.default)!;
    const selectedRank = Math.min(bestRank(selected.statedBy), ...(selected.includes ?? []).map((i) => bestRank(c.readings.find((r) => r.id === i)!.statedBy)));
    for (const r of c.readings.filter((x) => x.statedBy)) {
      if (profileAccepts(catalog, c.id, 'default', r.id)) continue;
      const rank = bestRank(r.statedBy);
      if (selectedRank < rank && /overrule|ranks first/.test(c.note ?? '')) continue;
      problems.push(`${c.id}: "${r.id}" is stated by ${r.statedBy!.join(', ')} but default selects "${selected.id}"`);
    }
  }
  assert.deepEqual(problems, []);
});

test('where no document states a reading, default accepts every reading', () => {
  const problems: string[] = [];
  for (const c of withReadings.filter((x) => !x.readings.some((r) => r.statedBy))) {
    for (const r of c.readings) {
      if (!profileAccepts(catalog, c.id, 'default', r.id)) problems.push(`${c.id}: no document speaks, yet default refuses "${r.id}"`);
    }
  }
  assert.deepEqual(problems, []);
});

test('strict accepts a reading default refuses only when no document states it, and narrows where documents leave room', () => {
  const problems: string[] = [];
  let narrowed = 0;
  for (const c of withReadings) {
    for (const r of c.readings) {
      const s = profileAccepts(catalog, c.id, 'strict', r.id);
      const d = profileAccepts(catalog, c.id, 'default', r.id);
      if (s && !d && r.statedBy) problems.push(`${c.id}: strict accepts "${r.id}", which default refuses although ${r.statedBy.join(', ')} states it`);
      if (d && !s) narrowed += 1;
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(narrowed >= 10, `strict narrows only ${narrowed} readings`);
});

test('permissive accepts whatever default accepts', () => {
  for (const c of withReadings) {
    for (const r of c.readings) {
      if (profileAccepts(catalog, c.id, 'default', r.id)) assert.ok(profileAccepts(catalog, c.id, 'permissive', r.id), `${c.id} ${r.id}`);
    }
  }
});

test('every ambiguous or conflicting clause records its decision and its source reasoning in a note', () => {
  for (const c of withReadings) {
    assert.ok((c.note ?? '').length > 60, `${c.id}: note too short to give the reasoning`);
    assert.doesNotMatch(c.note ?? '', /\bbrief\b/i, `${c.id}: a note cites the brief`);
  }
});

test('an unknown profile or reading is one line and exit 2, naming what is known (seed-sdk is gone)', () => {
  for (const [args, said] of [
    [['--profile', 'seed-sdk'], /^pv-conform run: unknown profile "seed-sdk"; known: default, strict, permissive$/],
    [['--reading', 'RD-CS-02=bogus'], /^pv-conform run: --reading RD-CS-02=bogus: known readings are case-sensitive, case-insensitive, either$/],
  ] as const) {
    const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', 'run', ...args, '--quiet'], { cwd: kitRoot, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr.trim(), said);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
