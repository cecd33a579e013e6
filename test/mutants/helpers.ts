/** Runs the kit's CLI or the kill matrix as a child process, the way users and CI do. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';

export interface CliRun<T> {
  code: number;
  out: string;
  json?: T;
}

function runIn<T>(args: string[], jsonFile: string, timeoutMs: number): CliRun<T> {
  const dir = mkdtempSync(join(tmpdir(), 'pv-mutants-test-'));
  try {
    const r = spawnSync(process.execPath, args.map((a) => a.replace('{dir}', dir)), { cwd: kitRoot, encoding: 'utf8', timeout: timeoutMs });
    let json: T | undefined;
    try {
      json = JSON.parse(readFileSync(join(dir, jsonFile), 'utf8')) as T;
    } catch { /* no report: the run stopped before writing one */ }
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}`, ...(json ? { json } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ResultsJson {
  scenarios: Array<{ location: string; verdict: string; failure?: { clause: string } }>;
}

/** `pv-conform run ... --report-dir <tmp> --quiet`, with its results.json. */
export function conform(args: string[], timeoutMs = 300_000): CliRun<ResultsJson> {
  return runIn(['bin/pv-conform.mjs', 'run', ...args, '--report-dir', '{dir}', '--quiet'], 'results.json', timeoutMs);
}

/** The kill matrix (what `npm run mutants` runs), with its mutants.json. */
export function matrix<T>(args: string[], timeoutMs: number): CliRun<T> {
  // test:loaded sets it: runs taken from the cache would show nothing about the machine's load.
  const noCache = process.env.PV_MUTANTS_NO_CACHE === '1' && !args.includes('--cache-dir') ? ['--no-cache'] : [];
  return runIn(['--import', 'tsx', 'implementations/mutants/matrix/main.ts', ...args, ...noCache, '--report-dir', '{dir}'], 'mutants.json', timeoutMs);
}

export const blamedClauses = (r: ResultsJson | undefined): string[] =>
  [...new Set((r?.scenarios ?? []).filter((s) => s.verdict === 'failed').map((s) => s.failure!.clause))].sort();
