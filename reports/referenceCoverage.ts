/**
 * Reads c8's istanbul output for the reference implementations: line and branch totals per
 * implementation, and every branch no scenario reached, with its source line, so a spec author
 * sees which behaviour of the reference the features never exercise.
 *
 * A branch no input through the adapter can reach (a guard for direct JavaScript callers of the
 * SDK, or against a mistake of the kit's) is a named exception: a comment in the reference says
 * so where it is, `// coverage exception: <why>` above its line (`, next N lines:` for several) or
 * at the end of it. Such a branch stays unreached and is listed apart, with its reason, and the
 * figure without the exceptions is printed beside c8's own (docs/inputs.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { kitRoot } from '../kit/paths.ts';

interface Range { start: { line: number; column: number | null }; end: { line: number; column: number | null } }
interface FileCoverage {
  path: string;
  branchMap: Record<string, { type: string; line: number; locations: Range[] }>;
  b: Record<string, number[]>;
}

export interface Totals { lines: { covered: number; total: number }; branches: { covered: number; total: number } }
export interface UncoveredBranch {
  file: string;
  line: number;
  column: number;
  source: string;
  /** Why no input through the adapter reaches it, from its `coverage exception` comment. */
  exception?: string;
}

/** A `coverage exception` comment: the lines it names (1-based) and the reason it gives. */
export interface CoverageException { file: string; line: number; lines: number[]; reason: string }

const MARKER = /\/\/ coverage exception(?:, next (\d+) lines)?: (.+)$/;

/** Every `coverage exception` comment in the files under `prefix` (kit-relative). */
export function coverageExceptions(prefix: string): CoverageException[] {
  const out: CoverageException[] = [];
  const walk = (dir: string): void => {
    for (const d of readdirSync(join(kitRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${d.name}`;
      if (d.isDirectory()) walk(rel);
      else if (d.name.endsWith('.ts')) out.push(...exceptionsIn(rel, readFileSync(join(kitRoot, rel), 'utf8').split('\n')));
    }
  };
  walk(prefix);
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function exceptionsIn(file: string, text: string[]): CoverageException[] {
  const out: CoverageException[] = [];
  text.forEach((lineText, i) => {
    const m = MARKER.exec(lineText);
    if (!m) return;
    const line = i + 1;
    // A comment alone on its line names the lines below it; one after code names its own line.
    const own = !/^\s*\/\//.test(lineText);
    const count = m[1] ? Number(m[1]) : 1;
    const lines = own ? [line] : Array.from({ length: count }, (_, k) => line + 1 + k);
    out.push({ file, line, lines, reason: m[2]!.trim() });
  });
  return out;
}

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
    const file = relative(kitRoot, f.path);
    const exceptionOf = new Map(exceptionsIn(file, text).flatMap((e) => e.lines.map((l) => [l, e.reason] as const)));
    for (const [id, counts] of Object.entries(f.b)) {
      counts.forEach((n, i) => {
        if (n > 0) return;
        const loc = f.branchMap[id]!.locations[i]!;
        const exception = exceptionOf.get(loc.start.line);
        out.push({ file, line: loc.start.line, column: (loc.start.column ?? 0) + 1, source: (text[loc.start.line - 1] ?? '').trim().slice(0, 110), ...(exception ? { exception } : {}) });
      });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

export function percent(p: { covered: number; total: number }): string {
  return p.total ? `${((100 * p.covered) / p.total).toFixed(1)}% (${p.covered}/${p.total})` : 'n/a';
}
