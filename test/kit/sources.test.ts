/**
 * Every clause cites only the normative documents that docs/sources.md lists, with a paraphrase,
 * and every cited section is a real heading of its document. docs/sources.md is parsed here, so
 * the list there and the catalog cannot drift apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../kit/catalog.ts';
import { kitRoot } from '../../kit/paths.ts';

const SOURCES_MD = join(kitRoot, 'docs', 'sources.md');
/** Where the documents live beside a checkout; an installed package may not have them. */
const SHARED = join(kitRoot, '..', 'shared');

/** The cell text of a markdown table row, without the surrounding backticks of code spans. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|')
    .map((c) => c.trim().replace(/^`(.*)`$/, '$1'));
}

/**
 * The documents table (its first column is "File") and, per document, the cited sections with
 * the clause ids listed for each (the last column).
 */
function parseSourcesMd(): { documents: string[]; sections: Map<string, Map<string, Set<string>>> } {
  const lines = readFileSync(SOURCES_MD, 'utf8').split('\n');
  const documents: string[] = [];
  const sections = new Map<string, Map<string, Set<string>>>();
  let current: string | null = null;
  let inDocumentTable = false;
  for (const line of lines) {
    const heading = /^###\s+`([^`]+)`\s*$/.exec(line);
    if (heading) { current = heading[1]!; sections.set(current, new Map()); continue; }
    if (/^#/.test(line)) { current = null; inDocumentTable = false; continue; }
    if (!line.trim().startsWith('|')) { inDocumentTable = false; continue; }
    const row = cells(line);
    if (row.every((c) => /^:?-+:?$/.test(c))) continue;
    if (row[0] === 'File') { inDocumentTable = true; continue; }
    if (row[0] === 'Section') continue;
    if (inDocumentTable) documents.push(row[0]!);
    else if (current) sections.get(current)!.set(row[0]!, new Set(row.at(-1)!.split(/[\s,]+/).filter(Boolean)));
  }
  return { documents, sections };
}

test('docs/sources.md lists the six normative documents, and BRIEF.md is not one of them', () => {
  const { documents, sections } = parseSourcesMd();
  assert.deepEqual(documents, [
    'seed/000_c1f6ac0e34b4924a.txt',
    'spec/v2/spec.md',
    'spec/v2/runner_spec.md',
    'spec/v2/protocol_adapter_spec.md',
    'spec/v1/spec.md',
    'spec/v1/runner_spec.md',
  ]);
  for (const d of sections.keys()) assert.ok(documents.includes(d), `section table for unlisted document ${d}`);
});

test('every clause cites only listed documents, never BRIEF.md, each with a paraphrase', () => {
  const { documents } = parseSourcesMd();
  const problems: string[] = [];
  for (const c of loadCatalog().clauses) {
    if (c.sources.length === 0) problems.push(`${c.id}: no source`);
    for (const s of c.sources) {
      if (/brief/i.test(s.file)) problems.push(`${c.id}: cites ${s.file}`);
      else if (!documents.includes(s.file)) problems.push(`${c.id}: cites ${s.file}, which docs/sources.md does not list`);
      if (!s.says?.trim()) problems.push(`${c.id}: ${s.file} "${s.section}" has no "says"`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every cited (document, section) pair appears in docs/sources.md with the clauses that cite it, and nothing else does', () => {
  const { sections } = parseSourcesMd();
  const cited = new Map<string, Map<string, Set<string>>>();
  const problems: string[] = [];
  for (const c of loadCatalog().clauses) {
    for (const s of c.sources) {
      if (!cited.has(s.file)) cited.set(s.file, new Map());
      const bySection = cited.get(s.file)!;
      if (!bySection.has(s.section)) bySection.set(s.section, new Set());
      bySection.get(s.section)!.add(c.id);
      if (!sections.get(s.file)?.has(s.section)) problems.push(`${c.id}: ${s.file} "${s.section}" is not in docs/sources.md`);
    }
  }
  for (const [file, listed] of sections) {
    for (const [section, ids] of listed) {
      const citing = cited.get(file)?.get(section);
      if (!citing) { problems.push(`docs/sources.md lists ${file} "${section}", which no clause cites`); continue; }
      const sort = (x: Iterable<string>) => [...x].sort().join(', ');
      if (sort(ids) !== sort(citing)) problems.push(`docs/sources.md: ${file} "${section}" lists ${sort(ids)}; the catalog has ${sort(citing)}`);
    }
  }
  assert.deepEqual(problems, []);
});

// An installed kit has no documents beside it; CI and a checkout do, and check every heading.
const noDocuments = existsSync(SHARED) ? false : `the documents are not beside the kit (${SHARED}); heading check skipped`;

test('every cited section is a heading of the cited document', { skip: noDocuments }, () => {
  const headings = new Map<string, Set<string>>();
  const problems: string[] = [];
  for (const c of loadCatalog().clauses) {
    for (const s of c.sources) {
      if (/brief/i.test(s.file)) continue;
      if (!headings.has(s.file)) {
        const path = join(SHARED, s.file);
        const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
        headings.set(s.file, new Set(text.split('\n').flatMap((l) => {
          const m = /^#{1,6}\s+(.*?)\s*$/.exec(l);
          return m ? [m[1]!] : [];
        })));
      }
      if (!headings.get(s.file)!.has(s.section)) problems.push(`${c.id}: "${s.section}" is not a heading of ${s.file}`);
    }
  }
  assert.deepEqual(problems, []);
});
