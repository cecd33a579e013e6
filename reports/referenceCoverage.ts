/**
 * Reads c8's istanbul output for the reference implementations: line and branch totals per
 * implementation, and every branch no scenario reached, with its source line, so a spec author
 * sees which behaviour of the reference the features never exercise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { kitRoot } from '../kit/paths.ts';

interface Range { start: { line: number; column: number | null }; end: { line: number; column: number | null } }
interface FileCoverage {
  path: string;
  branchMap: Record<string, { type: string; line: number; locations: Range[] }>;
  b: Record<string, number[]>;
}

export interface Totals { lines: { covered: number; total: number }; branches: { covered: number; total: number } }
export interface UncoveredBranch { file: string; line: number; column: number; source: string }

export function readCoverage(finalJson: string): FileCoverage[] {
  if (!existsSync(finalJson)) throw new Error(`${finalJson}: no coverage written (did the runs start?)`);
  return Object.values(JSON.parse(readFileSync(finalJson, 'utf8')) as Record<string, FileCoverage>);
}

type Summary = Record<string, { lines: { covered: number; total: number }; branches: { covered: number; total: number } }>;

/** Totals from c8's json-summary, so the figures are the ones its own table prints. */
export function totalsFor(summaryJson: string, prefix: string): Totals {
  const summary = JSON.parse(readFileSync(summaryJson, 'utf8')) as Summary;
  const t: Totals = { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 } };
  for (const [path, f] of Object.entries(summary)) {
    if (path === 'total' || !relative(kitRoot, path).startsWith(prefix)) continue;
    t.lines.covered += f.lines.covered; t.lines.total += f.lines.total;
    t.branches.covered += f.branches.covered; t.branches.total += f.branches.total;
  }
  return t;
}

/** c8 --all gives a file no process loaded one empty branch at 1:1; type-only modules look like that too. */
function neverLoaded(f: FileCoverage): boolean {
  const counts = Object.values(f.b).flat();
  return counts.every((n) => n === 0) && Object.values(f.branchMap).every((b) => b.locations.every((l) => l.start.line === 1));
}

export function filesNeverLoaded(files: FileCoverage[], prefix: string): string[] {
  return files.filter((x) => relative(kitRoot, x.path).startsWith(prefix) && neverLoaded(x)).map((x) => relative(kitRoot, x.path)).sort();
}

export function uncoveredBranches(files: FileCoverage[], prefix: string): UncoveredBranch[] {
  const out: UncoveredBranch[] = [];
  for (const f of files.filter((x) => relative(kitRoot, x.path).startsWith(prefix) && !neverLoaded(x))) {
    const text = existsSync(f.path) ? readFileSync(f.path, 'utf8').split('\n') : [];
    for (const [id, counts] of Object.entries(f.b)) {
      counts.forEach((n, i) => {
        if (n > 0) return;
        const loc = f.branchMap[id]!.locations[i]!;
        out.push({ file: relative(kitRoot, f.path), line: loc.start.line, column: (loc.start.column ?? 0) + 1, source: (text[loc.start.line - 1] ?? '').trim().slice(0, 110) });
      });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

export function percent(p: { covered: number; total: number }): string {
  return p.total ? `${((100 * p.covered) / p.total).toFixed(1)}% (${p.covered}/${p.total})` : 'n/a';
}
