/** Runs the kit's CLI or the kill matrix as a child process, the way users and CI do. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import type { MatrixJudgement } from '../../implementations/mutants/matrix/judge.ts';

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

/**
 * Why a matrix run failed, most telling first: its problem and warning lines, the failed or
 * errored scenarios behind them with their summaries, then the end of its output (a crash's
 * stack). The mutant table is left out: thousands of characters that, cut short in a CI log,
 * were all that was left of a failure.
 */
export function matrixDiagnosis(r: CliRun<{ judgement: MatrixJudgement }>): string {
  const out = r.out.split('\n');
  const lines = [/^(PROBLEM|mutants:)/, /^(FAIL|reference |warning)/].flatMap((re) => out.filter((l) => re.test(l)));
  const j = r.json?.judgement;
  for (const ref of j?.references ?? []) {
    for (const f of ref.failed) lines.push(`  ${ref.side} reference failed ${f.location} blaming ${f.blamed}: ${f.summary ?? '(no summary)'}`);
    for (const e of ref.errored) lines.push(`  ${ref.side} reference errored in ${e}`);
  }
  for (const m of j?.mutants ?? []) {
    if (m.verdict === 'killed' && !m.undeclaredCollateral.length && !m.errored.length) continue;
    lines.push(`  ${m.side} mutant ${m.name} (breaks ${m.breaks.join(', ')}): ${m.verdict}, run ${m.scope}`);
    for (const [clause, failed] of Object.entries(m.blamed)) {
      for (const f of failed) lines.push(`    failed ${f.location} blaming ${clause}: ${f.summary ?? '(no summary)'}`);
    }
    for (const e of m.errored) lines.push(`    errored in ${e}`);
  }
  return `${lines.join('\n')}\n--- the end of the matrix's output (exit ${r.code}) ---\n${r.out.slice(-1500)}`;
}

export const blamedClauses = (r: ResultsJson | undefined): string[] =>
  [...new Set((r?.scenarios ?? []).filter((s) => s.verdict === 'failed').map((s) => s.failure!.clause))].sort();
