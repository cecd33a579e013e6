/**
 * `coverage-reference`'s named exceptions (reports/referenceCoverage.ts): a `coverage exception`
 * comment names the branches of the lines it covers, an unreached branch there is listed apart
 * with the comment's reason, and docs/inputs.md names every such comment of the reference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import { coverageExceptions, uncoveredBranches } from '../../reports/referenceCoverage.ts';

const REFERENCES = ['implementations/reference-sdk', 'implementations/reference-runner'];

test('an unreached branch under a coverage exception comment carries its reason; others do not', (t) => {
  // Inside the kit, as the reference is: the listing names files relative to it.
  const dir = mkdtempSync(join(kitRoot, '.cache', 'coverage-exceptions-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'sample.ts');
  writeFileSync(file, [
    'export function f(a: unknown, b: unknown) {',               // 1
    '  // coverage exception: a guard for direct callers',       // 2
    '  if (a === null) return 0;',                               // 3
    '  if (b === null) return 1;',                               // 4
    '  // coverage exception, next 2 lines: two guarded lines',  // 5
    '  if (a === 1) return 2;',                                  // 6
    '  if (a === 2) return 3;',                                  // 7
    '  if (a === 3) return 4;',                                  // 8
    '  if (a === 4) return 5; // coverage exception: its own line', // 9
    '  return 6;',                                               // 10
    '}',
  ].join('\n'));
  const at = (line: number) => ({ start: { line, column: 18 }, end: { line, column: 30 } });
  const coverage = [{
    path: file,
    branchMap: Object.fromEntries([3, 4, 6, 7, 8, 9, 10].map((l, i) => [String(i), { type: 'branch', line: l, locations: [at(l)] }])),
    // Line 10's branch ran; every other one did not.
    b: Object.fromEntries([3, 4, 6, 7, 8, 9, 10].map((l, i) => [String(i), [l === 10 ? 1 : 0]])),
  }];
  const prefix = relative(kitRoot, dir);
  const listed = uncoveredBranches(coverage, prefix).map((u) => [u.line, u.exception ?? null]);
  assert.deepEqual(listed, [
    [3, 'a guard for direct callers'],
    [4, null],
    [6, 'two guarded lines'],
    [7, 'two guarded lines'],
    [8, null],
    [9, 'its own line'],
  ]);
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'other.ts'), 'const x = 1; // coverage exception: nested files count too\n');
  assert.deepEqual(coverageExceptions(prefix).map((e) => [relative(prefix, e.file), e.line, e.lines]), [
    ['sample.ts', 2, [3]], ['sample.ts', 5, [6, 7]], ['sample.ts', 9, [9]], ['sub/other.ts', 1, [1]],
  ]);
});

test('docs/inputs.md names every coverage exception comment of the references, and no other', () => {
  const inCode = REFERENCES.flatMap((r) => coverageExceptions(r)).map((e) => `${relative('implementations', e.file)}:${e.line}`).sort();
  assert.ok(inCode.length > 0);
  const doc = readFileSync(join(kitRoot, 'docs', 'inputs.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Named exceptions'));
  assert.ok(section.length < doc.length, 'docs/inputs.md has a "### Named exceptions" section');
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|')));
  const inDoc = [...table.matchAll(/^\| `([^`]+:\d+)`/gm)].map((m) => m[1]!).sort();
  assert.deepEqual(inDoc, inCode);
});
