/**
 * (g) The reference Runner's full writer suite through the CLI, wall clock: `pv-conform run
 * --side writer --runner reference` with default options, as a Runner vendor runs it. Issue 12
 * sets the target at 30 s on the 2-core reference machine (it was about 120 s); the ratio is the
 * wall time over that target, so <= 1 meets it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../kit/paths.ts';
import type { RunReport } from '../reports/runReport.ts';
import { nowMs } from './timing.ts';

export const WRITER_SUITE_TARGET_MS = 30_000;

export interface WriterSuiteWall {
  ms: number;
  ratio: number;
  scenarios: number;
  counts: Record<string, number>;
  verdict: string;
}

export function writerSuiteBench(): WriterSuiteWall {
  const dir = mkdtempSync(join(tmpdir(), 'pv-bench-writer-'));
  try {
    const t0 = nowMs();
    const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', 'run', '--side', 'writer', '--runner', 'reference', '--quiet', '--report-dir', dir], {
      cwd: kitRoot, encoding: 'utf8', timeout: 600_000,
    });
    const ms = nowMs() - t0;
    // A timing of a run that did not pass is no figure of the suite: say why instead.
    if (r.status !== 0) throw new Error(`the reference writer run exited ${r.status}: ${r.stdout}${r.stderr}`);
    const report = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunReport;
    const counts: Record<string, number> = {};
    for (const s of report.scenarios) counts[s.verdict] = (counts[s.verdict] ?? 0) + 1;
    return { ms, ratio: ms / WRITER_SUITE_TARGET_MS, scenarios: report.scenarios.length, counts, verdict: report.verdict };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
