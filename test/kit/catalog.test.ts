/**
 * The catalog is the single source of clause ids: every clause tag in the features exists in
 * it, every clause has a scenario, and every reading has a check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUSE_TAG, loadCatalog, resolveReadings, CatalogError } from '../../kit/catalog.ts';
import { kitRoot } from '../../kit/paths.ts';
import { readingChecks } from '../../steps/reader/readings.ts';

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? featureFiles(join(dir, d.name)) : d.name.endsWith('.feature') ? [join(dir, d.name)] : []);
}

/** Clause tags per scenario, with tags inherited from the feature line. */
function scenarioTags(): Array<{ where: string; tags: string[] }> {
  const out: Array<{ where: string; tags: string[] }> = [];
  for (const file of featureFiles(join(kitRoot, 'features'))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    let pending: string[] = [];
    let featureTags: string[] = [];
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line.startsWith('@')) pending.push(...line.split(/\s+/));
      else if (line.startsWith('Feature:')) { featureTags = pending; pending = []; }
      else if (/^(Scenario|Scenario Outline|Example):/.test(line)) {
        out.push({ where: `${file.slice(kitRoot.length + 1)}:${i + 1}`, tags: [...featureTags, ...pending] });
        pending = [];
      } else if (line && !line.startsWith('#')) pending = line.startsWith('Examples') ? pending : [];
    });
  }
  return out;
}

test('the catalog validates against its schema and cross-checks', () => {
  const c = loadCatalog();
  assert.ok(c.clauses.length >= 30, `only ${c.clauses.length} clauses`);
  assert.match(c.hash, /^[0-9a-f]{64}$/);
});

test('every scenario carries at least one clause tag, and every clause tag is in the catalog', () => {
  const c = loadCatalog();
  const scenarios = scenarioTags();
  assert.ok(scenarios.length > 0);
  for (const s of scenarios) {
    const clauseTags = s.tags.filter((t) => CLAUSE_TAG.test(t));
    assert.ok(clauseTags.length > 0, `${s.where} has no clause tag`);
    for (const t of clauseTags) assert.ok(c.byId.has(t.slice(1)), `${s.where}: ${t} is not in the catalog`);
    for (const t of s.tags.filter((t) => /\d/.test(t))) assert.match(t, CLAUSE_TAG, `${s.where}: ${t} looks like a clause id but is malformed`);
  }
});

test('every catalog clause has at least one scenario', () => {
  const c = loadCatalog();
  const tagged = new Set(scenarioTags().flatMap((s) => s.tags).map((t) => t.slice(1)));
  const missing = c.clauses.filter((cl) => !tagged.has(cl.id)).map((cl) => cl.id);
  assert.deepEqual(missing, [], `clauses without a scenario: ${missing.join(', ')}`);
});

test('every reading of every ambiguous reader clause has a check, and no check is orphaned', () => {
  const c = loadCatalog();
  for (const cl of c.clauses.filter((x) => x.side === 'reader' && x.readings)) {
    const checks = readingChecks[cl.id];
    assert.ok(checks, `${cl.id} has no reading checks`);
    assert.deepEqual(Object.keys(checks).sort(), cl.readings!.map((r) => r.id).sort(), `${cl.id} readings`);
  }
  for (const id of Object.keys(readingChecks)) assert.ok(c.byId.get(id)?.readings, `${id} has checks but no readings`);
});

test('profiles resolve, and overrides are checked', () => {
  const c = loadCatalog();
  for (const p of c.profiles) assert.ok(Object.keys(resolveReadings(c, p.id)).length > 0);
  assert.throws(() => resolveReadings(c, 'nope'), CatalogError);
  assert.throws(() => resolveReadings(c, 'default', { 'RD-ARR-01': 'x' }), /not an ambiguous clause/);
  assert.throws(() => resolveReadings(c, 'default', { 'RD-CS-02': 'x' }), /known readings/);
  assert.equal(resolveReadings(c, 'default', { 'RD-CS-02': 'either' })['RD-CS-02'], 'either');
});
