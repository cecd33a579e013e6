/**
 * The numeric options of `pv-conform run`, each checked against its range before anything runs:
 * one line and exit 2 for a value out of range, never a silent clamp or overflow.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_MEMORY_LIMIT_MB } from '../adapter/subprocess/memoryLimit.ts';
import { intOption, UsageError } from './args.ts';
import { WRITER_PARAMETER_DEFAULTS, WRITER_PARAMETER_OPTIONS, type WriterParameters } from '../kit/run-params.ts';

/** The largest delay node's timers take; one more and setTimeout fires after 1 ms. */
export const MAX_TIMEOUT_MS = 2_147_483_647;
/** Far beyond any useful property run, short of a run that never ends. */
export const MAX_NUM_RUNS = 100_000;
/** 16 TiB: more than any machine the kit runs on, and well inside what prlimit takes in bytes. */
export const MAX_MEMORY_LIMIT_MB = 16 * 1024 * 1024;
/** Workers with --force-parallel: each is a node process holding a target. */
export const MAX_FORCED_PARALLEL = 256;
export const MAX_SHARDS = 1_000_000;

export interface RunNumbers {
  seed: number;
  numRuns: number;
  parallel: number;
  requestTimeoutMs: number;
  memoryLimitMb: number;
}

export interface RawRunNumbers {
  seed?: string | undefined;
  'num-runs'?: string | undefined;
  parallel?: string | undefined;
  'force-parallel'?: boolean | undefined;
  timeout?: string | undefined;
  'memory-limit-mb'?: string | undefined;
  shard?: string | undefined;
}

export function runNumbers(values: RawRunNumbers, cores = availableParallelism()): RunNumbers {
  if (values.shard !== undefined) checkShard(values.shard);
  const forced = values['force-parallel'] === true;
  return {
    // 32 bits, signed or unsigned: what fast-check replays exactly.
    seed: intOption(values.seed, 'seed', Math.floor(Math.random() * 2 ** 31), -(2 ** 31), 2 ** 32 - 1),
    numRuns: intOption(values['num-runs'], 'num-runs', 50, 1, MAX_NUM_RUNS),
    parallel: intOption(values.parallel, 'parallel', 1, 1, forced ? MAX_FORCED_PARALLEL : cores,
      forced ? 'the most --force-parallel allows' : `the cores here; --force-parallel allows up to ${MAX_FORCED_PARALLEL}`),
    requestTimeoutMs: intOption(values.timeout, 'timeout', 30_000, 1, MAX_TIMEOUT_MS, 'milliseconds'),
    memoryLimitMb: intOption(values['memory-limit-mb'], 'memory-limit-mb', DEFAULT_MEMORY_LIMIT_MB, 0, MAX_MEMORY_LIMIT_MB, 'MiB; 0: no limit'),
  };
}

/**
 * Writer runs of at least this many scenarios get two workers unless --parallel says otherwise.
 * A writer scenario spends most of its time waiting on the Runner (execute timeouts, algorithm
 * restarts, cleanup deadlines), so a second worker nearly halves the wall time of a whole suite;
 * for a handful of scenarios the second worker's start costs more than it saves.
 */
export const WRITER_PARALLEL_FROM = 16;

/** Workers when --parallel is not given: one, or two for a writer run large enough to share. */
export function defaultWorkers(side: 'reader' | 'writer', selectedCount: number, cores = availableParallelism()): number {
  return side === 'writer' && selectedCount >= WRITER_PARALLEL_FROM ? Math.min(2, cores) : 1;
}

/** The probe's hang (session.ts) must outlast the Runner's execute timeout, or a hang reads as a crash. */
export const MAX_EXECUTE_TIMEOUT_MS = 30_000;
/** Each step may wait this long for cleanup; beyond a minute a property run would take hours. */
export const MAX_CLEANUP_DEADLINE_MS = 60_000;

/** The environment variables that set these before they were options. */
const RETIRED_ENV: Record<keyof WriterParameters, string> = {
  cleanupDeadlineMs: 'PV_CLEANUP_DEADLINE_MS', pixelTolerance: 'PV_PIXEL_TOLERANCE', executeTimeoutMs: 'PV_EXECUTE_TIMEOUT_MS',
};

export interface RawWriterNumbers {
  'cleanup-deadline-ms'?: string | undefined;
  'pixel-tolerance'?: string | undefined;
  'execute-timeout-ms'?: string | undefined;
}

/**
 * The writer side's kit parameters (kit/run-params.ts), each in its range; only the ones given.
 * A retired environment variable still set is refused rather than ignored: a script that relied
 * on it would otherwise be judged, silently, with the defaults.
 */
export function writerNumbers(values: RawWriterNumbers, side: 'reader' | 'writer', env: NodeJS.ProcessEnv = process.env): Partial<WriterParameters> {
  for (const [key, name] of Object.entries(RETIRED_ENV)) {
    if (env[name] !== undefined && env[name] !== '') {
      throw new UsageError(`${name} is no longer read: unset it and give ${WRITER_PARAMETER_OPTIONS[key as keyof WriterParameters]} instead`);
    }
  }
  const given = (['cleanup-deadline-ms', 'pixel-tolerance', 'execute-timeout-ms'] as const).filter((k) => values[k] !== undefined);
  if (given.length && side !== 'writer') throw new UsageError(`--${given[0]} applies to --side writer only`);
  const out: Partial<WriterParameters> = {};
  const d = WRITER_PARAMETER_DEFAULTS;
  if (values['cleanup-deadline-ms'] !== undefined) {
    out.cleanupDeadlineMs = intOption(values['cleanup-deadline-ms'], 'cleanup-deadline-ms', d.cleanupDeadlineMs, 0, MAX_CLEANUP_DEADLINE_MS, 'milliseconds');
  }
  if (values['pixel-tolerance'] !== undefined) {
    out.pixelTolerance = intOption(values['pixel-tolerance'], 'pixel-tolerance', d.pixelTolerance, 0, 255, 'mean absolute error per 8-bit sample');
  }
  if (values['execute-timeout-ms'] !== undefined) {
    out.executeTimeoutMs = intOption(values['execute-timeout-ms'], 'execute-timeout-ms', d.executeTimeoutMs, 1, MAX_EXECUTE_TIMEOUT_MS,
      'milliseconds; the probe gives up a hang after 60 s');
  }
  return out;
}

/** I/N, shard I of N counted from 1. */
function checkShard(shard: string): void {
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!(n >= 1 && n <= MAX_SHARDS && i >= 1 && i <= n)) {
    throw new UsageError(`--shard must be I/N with 1 <= I <= N <= ${MAX_SHARDS} (shard I of N), got "${shard}"`);
  }
}
