/** The writer catalog loads, and it and the writer features agree in both directions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUSE_TAG, loadCatalog } from '../../kit/catalog.ts';
import { kitRoot } from '../../kit/paths.ts';

const dir = join(kitRoot, 'features', 'writer');
const features = readdirSync(dir).filter((f) => f.endsWith('.feature'));
const tagsIn = (text: string) => [...text.matchAll(/(?:^|\s)(@\S+)/g)].map((m) => m[1]!);

test('the catalog, writer clauses included, passes loadCatalog()', () => {
  const catalog = loadCatalog();
  const writer = catalog.clauses.filter((c) => c.side === 'writer');
  assert.ok(writer.length >= 11);
  for (const c of writer) assert.match(c.id, /^WR-/);
});

test('every tag in features/writer is a writer clause in the catalog', () => {
  const catalog = loadCatalog();
  for (const f of features) {
    for (const tag of tagsIn(readFileSync(join(dir, f), 'utf8'))) {
      const m = CLAUSE_TAG.exec(tag);
      assert.ok(m, `${f}: tag ${tag} is not a clause id`);
      assert.equal(catalog.byId.get(m[1]!)?.side, 'writer', `${f}: ${tag} is not a writer clause`);
    }
  }
});

test('every writer clause has a scenario, and every scenario a clause tag', () => {
  const catalog = loadCatalog();
  const used = new Set<string>();
  for (const f of features) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/^\s*Scenario( Outline)?:/.test(line)) return;
      const tags = tagsIn(lines[i - 1] ?? '');
      assert.ok(tags.length, `${f}:${i + 1}: scenario without a clause tag`);
      tags.forEach((t) => used.add(t.slice(1)));
    });
  }
  const missing = catalog.clauses.filter((c) => c.side === 'writer' && !used.has(c.id)).map((c) => c.id);
  assert.deepEqual(missing, []);
});
