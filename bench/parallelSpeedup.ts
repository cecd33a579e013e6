/**
 * (e) `pv-conform run --parallel 2` against `--parallel 1`: the full default reader suite
 * through the CLI, wall clock, same seed. On a 2-core machine the ceiling is 2; start-up
 * (both workers load the kit) and the slowest scenario bound what is left.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../kit/paths.ts';
import type { Envelope } from '@cucumber/messages';
import type { RunReport } from '../reports/runReport.ts';
import { nowMs } from './timing.ts';

export interface ParallelSpeedup {
  numRuns: number;
  serialMs: number;
  parallelMs: number;
  speedup: number;
  sameVerdicts: boolean;
  serial: RunShape;
  parallel: RunShape;
}

/** Where a run's time went, from its message stream. */
export interface RunShape {
  /** Cucumber's run, first to last message. */
  runMs: number;
  /** From the start of cucumber's run to the first scenario: loading the steps in every worker. */
  startupMs: number;
  /** Scenarios per worker. */
  casesPerWorker: number[];
}

function shapeOf(dir: string): RunShape {
  const ms = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + t.nanos / 1e6;
  const lines = readFileSync(join(dir, 'messages.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Envelope);
  const started = ms(lines.find((l) => l.testRunStarted)!.testRunStarted!.timestamp);
  const finished = ms(lines.find((l) => l.testRunFinished)!.testRunFinished!.timestamp);
  const cases = lines.filter((l) => l.testCaseStarted).map((l) => l.testCaseStarted!);
  const perWorker = new Map<string, number>();
  for (const c of cases) perWorker.set(c.workerId ?? '0', (perWorker.get(c.workerId ?? '0') ?? 0) + 1);
  return {
    runMs: finished - started,
    startupMs: Math.min(...cases.map((c) => ms(c.timestamp))) - started,
    casesPerWorker: [...perWorker.values()],
  };
}

function cliRun(seed: number, parallel: number, numRuns: number): { ms: number; report: RunReport; shape: RunShape } {
  const dir = mkdtempSync(join(tmpdir(), 'pv-bench-par-'));
  try {
    const t0 = nowMs();
    const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', 'run', '--quiet', '--seed', String(seed), '--num-runs', String(numRuns), '--parallel', String(parallel), '--report-dir', dir], {
      cwd: kitRoot, encoding: 'utf8', timeout: 600_000,
    });
    const ms = nowMs() - t0;
    if (r.status !== 0) throw new Error(`--parallel ${parallel} run exited ${r.status}: ${r.stdout}${r.stderr}`);
    return { ms, report: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunReport, shape: shapeOf(dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `numRuns` cases per property: the default 50, or more to see start-up amortised. */
export function parallelBench(seed: number, numRuns = 50): ParallelSpeedup {
  const serial = cliRun(seed, 1, numRuns);
  const parallel = cliRun(seed, 2, numRuns);
  const verdicts = (r: RunReport) => r.scenarios.map((s) => `${s.location} ${s.verdict}`).join('\n');
  return {
    numRuns,
    serialMs: serial.ms, parallelMs: parallel.ms, speedup: serial.ms / parallel.ms,
    sameVerdicts: verdicts(serial.report) === verdicts(parallel.report), serial: serial.shape, parallel: parallel.shape,
  };
}
