/**
 * docs/clauses.md is generated from the catalog, the feature files and the mutant catalogs
 * (scripts/clausesDoc.ts). An implementer reads it instead of the JSON, so a page that lags the
 * catalog would state rules the kit no longer judges: the committed page must be exactly what
 * the script writes now.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import { CLAUSES_DOC, kitInputs, prose, renderClausesDoc } from '../../scripts/clausesDoc.ts';

test('docs/clauses.md is what `npm run docs:clauses` writes from the current catalog, features and mutants', () => {
  const committed = readFileSync(CLAUSES_DOC, 'utf8');
  const generated = renderClausesDoc(kitInputs());
  // Not assert.equal on 100 KB: the first differing line says what to do.
  if (committed !== generated) {
    const a = committed.split('\n');
    const b = generated.split('\n');
    const i = a.findIndex((line, n) => line !== b[n]);
    assert.fail(`docs/clauses.md is out of date (first difference at line ${i + 1}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])}); run \`npm run docs:clauses\``);
  }
});

test('the check fails when the catalog changes and the page is not regenerated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-clauses-doc-'));
  try {
    cpSync(join(kitRoot, 'catalog'), dir, { recursive: true });
    const file = join(dir, 'reader.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { clauses: Array<{ id: string; rule: string }> };
    const clause = doc.clauses.find((c) => c.id === 'RD-CS-01')!;
    clause.rule = `${clause.rule} (an edit the page has not seen)`;
    writeFileSync(file, JSON.stringify(doc));
    const generated = renderClausesDoc(kitInputs(dir));
    assert.notEqual(generated, readFileSync(CLAUSES_DOC, 'utf8'));
    assert.match(generated, /\(an edit the page has not seen\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every clause has its entry: level, rule, every source with its paraphrase, every reading with the profiles that select it', () => {
  const inputs = kitInputs();
  const page = readFileSync(CLAUSES_DOC, 'utf8');
  for (const c of inputs.catalog.clauses) {
    const start = page.indexOf(`\n### ${c.id}\n`);
    assert.ok(start >= 0, `${c.id}: no entry`);
    const next = page.indexOf('\n### ', start + 1);
    const entry = page.slice(start, next < 0 ? undefined : next);
    assert.ok(entry.includes(`**${c.level}**`) && entry.includes(prose(c.rule)), `${c.id}: level or rule`);
    for (const s of c.sources) assert.ok(entry.includes(s.section) && entry.includes(prose(s.says ?? '')), `${c.id}: source ${s.section}`);
    for (const r of c.readings ?? []) {
      const row = entry.split('\n').find((l) => l.startsWith(`| \`${r.id}\` |`));
      assert.ok(row, `${c.id}: reading ${r.id}`);
      const selectedBy = Object.entries(c.profileReadings ?? {}).filter(([, v]) => v === r.id).map(([p]) => p);
      for (const p of selectedBy) assert.ok(row.split('|')[4]!.includes(p), `${c.id}: ${p} selects ${r.id}`);
    }
    for (const m of inputs.mutants.filter((m) => m.breaks.includes(c.id))) assert.ok(entry.includes(`\`${m.name}\``), `${c.id}: mutant ${m.name}`);
  }
});
