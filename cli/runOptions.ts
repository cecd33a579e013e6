/**
 * The numeric options of `pv-conform run`, each checked against its range before anything runs:
 * one line and exit 2 for a value out of range, never a silent clamp or overflow.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_MEMORY_LIMIT_MB } from '../adapter/subprocess/memoryLimit.ts';
import { intOption, UsageError } from './args.ts';

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

/** I/N, shard I of N counted from 1. */
function checkShard(shard: string): void {
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!(n >= 1 && n <= MAX_SHARDS && i >= 1 && i <= n)) {
    throw new UsageError(`--shard must be I/N with 1 <= I <= N <= ${MAX_SHARDS} (shard I of N), got "${shard}"`);
  }
}
