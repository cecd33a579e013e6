/**
 * `pv-conform matrix`: several runs side by side on one page. Real runs of the reference and two
 * mutants (one fails a clear clause, one reads RD-CS-02's colour-space case the other way) through
 * the CLI, and synthetic runs for the rules that decide which clauses are disagreements.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMatrix, columnLabel, renderMatrixPage, type MatrixRun } from '../../reports/matrixPage.ts';
import type { RunReport } from '../../reports/runReport.ts';
import { ensureReadingsSatisfied, runInto } from './support/matrixRuns.ts';
import { catalog, cli, report, scenario, tempDir, writeJson } from './support/reports.ts';

const readerIds = catalog.clauses.filter((c) => c.side === 'reader').map((c) => c.id);

/** The rows of one section of the page, in order. */
function rowsOf(html: string, section: string): string[] {
  const body = new RegExp(`<section id="${section}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr [^>]*data-clause="([^"]+)"/g)].map((m) => m[1]!);
}

test('matrix of the reference and two mutants: a row per clause, a column per run, the disagreements first', { timeout: 400_000 }, (t) => {
  const root = tempDir('pv-matrix-');
  try {
    const targets: Array<[string, string, Record<string, string[]>]> = [
      ['reference', 'reference', { 'RD-CS-02': ['case-insensitive'] }],
      ['bgr', 'mutant:bgr-unswapped', { 'RD-CS-02': ['case-insensitive'] }],
      ['case', 'mutant:bgr-case-insensitive', { 'RD-CS-02': ['case-sensitive'] }],
    ];
    const dirs = targets.map(([name, target, known]) => {
      const dir = join(root, name);
      runInto(dir, target);
      if (ensureReadingsSatisfied(dir, known)) t.diagnostic(`${name}: results.json had no readingsSatisfied; the test wrote them in`);
      return dir;
    });
    const out = join(root, 'out', 'matrix.html');
    // A directory and a results.json are both accepted, as by diff and merge.
    const m = cli(['matrix', dirs[0]!, join(dirs[1]!, 'results.json'), dirs[2]!, '-o', out]);
    assert.equal(m.code, 0, m.out);
    assert.match(m.out, /\d+ clauses x 3 implementations; \d+ ambiguous or conflicting clauses? on which they disagree: .*RD-CS-02/);
    const html = readFileSync(out, 'utf8');

    // Every reader clause exactly once, disagreements in their own section before the families.
    const disagreements = rowsOf(html, 'disagreements');
    const others = rowsOf(html, 'by-family');
    assert.deepEqual([...disagreements, ...others].sort(), [...readerIds].sort());
    assert.ok(html.indexOf('<section id="disagreements">') < html.indexOf('<section id="by-family">'));
    assert.match(html, /<section id="disagreements"><h2>Where the implementations disagree[\s\S]*?what the spec should settle next/);
    assert.ok(disagreements.includes('RD-CS-02'), `RD-CS-02 is disputed: ${disagreements.join(', ')}`);
    for (const id of disagreements) assert.notEqual(catalog.byId.get(id)!.clarity, 'clear', `${id} is ambiguous or conflicting`);
    // A clear clause the runs disagree on stays with its family, marked.
    assert.ok(others.includes('RD-CS-01'));
    assert.match(html, /<tr class="clear verdicts-differ" data-clause="RD-CS-01"/);
    assert.match(html, /<tr class="family"><th colspan="4">/);

    // One column per input, named after the implementation's hello, with the profile.
    for (const table of html.match(/<table class="impl-matrix">[\s\S]*?<\/table>/g)!) {
      assert.equal(table.match(/<th scope="col" class="impl"/g)?.length, 3);
    }
    const heads = [...html.matchAll(/<div class="name">([^<]*)<\/div>/g)].map((x) => x[1]).slice(0, 3);
    assert.deepEqual(heads.map((h) => h!.replace(/ .*/, '')), ['pv-reference-sdk', 'mutant:bgr-unswapped', 'mutant:bgr-case-insensitive']);
    assert.match(html, /profile <b>default<\/b>/);

    // The disputed row: a cell per run, coloured by verdict, the readings satisfied, counts in the title.
    const row = /<tr [^>]*data-clause="RD-CS-02"[\s\S]*?<\/tr>/.exec(html)![0];
    const cells = [...row.matchAll(/<td class="cell c-(\w+)" data-run="(\d)" data-verdict="\w+" title="([^"]*)">([\s\S]*?)<\/td>/g)];
    assert.equal(cells.length, 3);
    assert.match(cells[0]![3]!, /\d+ scenarios?: \d+ passed, \d+ failed, \d+ errored, \d+ skipped/);
    assert.match(cells[0]![4]!, /<span class="rid">case-sensitive<\/span>/);
    assert.doesNotMatch(cells[0]![4]!, /case-insensitive/);
    assert.match(cells[2]![4]!, /<span class="rid">case-insensitive<\/span>/);
    // The catalog's readings with their descriptions under the clause, open where disputed.
    assert.match(row, /<details class="readings" open><summary>3 readings<\/summary><ul><li><span class="rid">case-sensitive<\/span> [^<]+<\/li>/);

    // Self-contained: nothing from outside, no script at all.
    assert.doesNotMatch(html, /(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    assert.doesNotMatch(html, /<link\b|@import|<script/i);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('matrix refuses unreadable and invalid inputs, a mix of reader and writer runs, and a missing -o, in one line with exit 2', () => {
  const dir = tempDir('pv-matrix-bad-');
  try {
    const reader = writeJson(dir, 'reader.json', report([scenario(20, 'RD-CS-02', 'passed')]));
    const writer = writeJson(dir, 'writer.json', report([], { side: 'writer', runner: 'reference' }));
    const invalid = writeJson(dir, 'invalid.json', { hello: 'world' });
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    const out = join(dir, 'm.html');
    const cases: Array<[string[], RegExp]> = [
      [[reader, writer, '-o', out], /mixes reader results \(.*reader\.json\) and writer results \(.*writer\.json\)/],
      [[reader, join(dir, 'missing.json'), '-o', out], /missing\.json: cannot read a results\.json/],
      [[reader, join(dir, 'broken.json'), '-o', out], /broken\.json: cannot read a results\.json/],
      [[reader, invalid, '-o', out], /invalid\.json does not match results\.schema\.json/],
      [[reader], /wants -o/],
      [['-o', out], /wants one or more results\.json/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['matrix', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
      assert.match(r.out, message);
      assert.equal(r.out.trim().split('\n').length, 1, `one line: ${r.out}`);
      assert.match(r.out, /^pv-conform matrix: /);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A synthetic run with the given per-clause verdict scenarios and readings satisfied. */
function run(name: string, over: { implementation?: Record<string, unknown>; failing?: string[]; satisfied?: Record<string, string[]>; profile?: string } = {}): MatrixRun {
  const results = ['RD-CS-01', 'RD-CS-02', 'RD-CS-03', 'RD-META-03'].map((id, i) =>
    scenario(10 + i, id, over.failing?.includes(id) ? 'failed' : 'passed'));
  const r: RunReport = report(results, { target: `mutant:${name}`, ...(over.profile ? { profile: over.profile } : {}) });
  r.implementation = over.implementation ?? null;
  for (const c of r.clauses) {
    const s = over.satisfied?.[c.id];
    if (s) Object.assign(c, { readingsSatisfied: s, readingsObserved: 4 });
  }
  return { name: `${name}/results.json`, report: r };
}

test('a disagreement is an ambiguous or conflicting clause whose satisfied readings (as sets) or verdicts differ', () => {
  const a = run('a', { satisfied: { 'RD-CS-02': ['case-sensitive', 'either'], 'RD-CS-03': ['as-rgb', 'any-valid'], 'RD-META-03': ['reject', 'either'] } });
  const b = run('b', {
    failing: ['RD-CS-01', 'RD-CS-03'],
    // Same set, other order: no disagreement. RD-META-03 has no observation in b: nothing to compare.
    satisfied: { 'RD-CS-02': ['either', 'case-sensitive'], 'RD-CS-03': ['as-rgb', 'any-valid'] },
  });
  const c = run('c', { satisfied: { 'RD-CS-02': ['case-insensitive', 'either'], 'RD-CS-03': ['as-rgb', 'any-valid'], 'RD-META-03': ['reject', 'either'] } });

  assert.deepEqual(buildMatrix([a, b], catalog).disagreements.map((r) => r.id), ['RD-CS-03'], 'verdicts differ on RD-CS-03; RD-CS-01 is clear');
  const abc = buildMatrix([a, b, c], catalog);
  assert.deepEqual(abc.disagreements.map((r) => [r.id, r.readingsDiffer, r.verdictsDiffer]), [['RD-CS-02', true, false], ['RD-CS-03', false, true]]);
  assert.ok(abc.families.flatMap(([, rows]) => rows).find((r) => r.id === 'RD-CS-01')!.verdictsDiffer);
  assert.equal(buildMatrix([a], catalog).disagreements.length, 0, 'one run disagrees with nobody');
  assert.equal(buildMatrix([a, a], catalog).disagreements.length, 0);

  const html = renderMatrixPage(abc, catalog);
  assert.match(html, /<tr class="unclear readings-differ" data-clause="RD-CS-02"/);
  // An empty set is shown as such, not as missing.
  const none = run('none', { satisfied: { 'RD-CS-02': [] } });
  assert.match(renderMatrixPage(buildMatrix([a, none], catalog), catalog), /data-clause="RD-CS-02"[\s\S]*?satisfies no reading/);
  // Satisfied readings in the catalog's order whatever the file's order.
  assert.match(renderMatrixPage(buildMatrix([b], catalog), catalog), /<span class="rid">case-sensitive<\/span> · <span class="rid">either<\/span>/);
});

test('column headers: the implementation as it introduced itself, else the target; everything escaped', () => {
  const named = run('named', { implementation: { name: 'acme-sdk', version: '2.1', language: 'python' } });
  const bare = run('bare');
  const hostile = run('hostile', { implementation: { name: '<script>alert(1)</script>', version: '"1"' }, profile: 'permissive' });
  assert.equal(columnLabel(named.report), 'acme-sdk 2.1');
  assert.equal(columnLabel(bare.report), 'mutant:bare');
  const html = renderMatrixPage(buildMatrix([named, bare, hostile], catalog), catalog);
  assert.match(html, /<div class="name">acme-sdk 2\.1<\/div><div class="sub">profile <b>default<\/b> · python<\/div>/);
  assert.match(html, /<div class="name">mutant:bare<\/div>/);
  assert.match(html, /<div class="name">&lt;script&gt;alert\(1\)&lt;\/script&gt; &quot;1&quot;<\/div><div class="sub">profile <b>permissive<\/b>/);
  assert.doesNotMatch(html, /<script/);
});
