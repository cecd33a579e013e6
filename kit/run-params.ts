/**
 * What the CLI hands to a cucumber run as world parameters. Plain JSON: cucumber passes it
 * through its own configuration, and parallel workers receive a copy.
 */
import type { RunnerInfo } from '../adapter/runner/types.ts';

export interface RunParams {
  side: 'reader' | 'writer';
  /** Reader target: "reference", "mutant:<name>", or a command line for the subprocess protocol. */
  target: string;
  /** Writer side: "reference", "mutant:<name>", or a Runner driver command line. */
  runner: string;
  profile: string;
  /** Clause id -> reading id, already resolved from the profile plus --reading overrides. */
  readings: Record<string, string>;
  /** fast-check seed shared by every property of the run, so one number replays a run. */
  seed: number;
  numRuns: number;
  /** fast-check replay path, only set when replaying one property. */
  path?: string;
  /**
   * false (`--no-shrink`): a property stops at its first failing case, unminimized. The verdict
   * and the blamed clause are those of a failing case either way; only the counterexample shown
   * is larger. For gates and the kill matrix, where shrinking (each step a replay) costs most.
   */
  shrink?: boolean;
  /** Kit-owned scratch root for this run (segments, payload files); removed at the end. */
  scratchDir: string;
  requestTimeoutMs: number;
  /** Memory an out-of-process target may allocate, in MiB; 0: no limit; absent: the kit's default. */
  memoryLimitMb?: number;
  /**
   * Writer side: what the Runner declared in the one `start` the CLI makes before any scenario
   * (cli/preflight.ts); absent when it refused that start or the Runner is embedded. Scenarios
   * needing what it does not declare are skipped without starting it (steps/writer/capabilities.ts).
   */
  runnerCapabilities?: RunnerInfo;
  /**
   * The user's working directory. cucumber and its workers run in the kit's, so targets and
   * drivers are started here instead, and relative paths in their command lines (and `python:`
   * SDK directories) mean what they meant to the user. Absent: the kit's.
   */
  cwd?: string;
  /** The interpreter for `python:` targets (--python); absent: /usr/bin/python3. */
  python?: string;
  /** The command prefix printed in replay hints, e.g. "pv-conform run --target reference". */
  replayBase: string;
  /** Writer side: how long after a step's outcome its segments may remain, ms; absent: the kit's default. */
  cleanupDeadlineMs?: number;
  /** Writer side: mean absolute error per 8-bit sample that JPEG loss may cost; absent: the kit's default. */
  pixelTolerance?: number;
  /** Writer side: the execute timeout of scenarios that set none, ms; absent: the kit's default. */
  executeTimeoutMs?: number;
}

/**
 * The kit's own numbers for writer checks, where the sources give none (docs/runner-driver.md).
 * Other values are for investigating a Runner: a run with any of them issues no certificate.
 */
export const WRITER_PARAMETER_DEFAULTS = { cleanupDeadlineMs: 1000, pixelTolerance: 6, executeTimeoutMs: 3000 } as const;

export type WriterParameters = { -readonly [K in keyof typeof WRITER_PARAMETER_DEFAULTS]: number };

/** The option that sets each writer parameter, for messages. */
export const WRITER_PARAMETER_OPTIONS: Record<keyof WriterParameters, string> = {
  cleanupDeadlineMs: '--cleanup-deadline-ms', pixelTolerance: '--pixel-tolerance', executeTimeoutMs: '--execute-timeout-ms',
};

export function writerParameters(p: Partial<WriterParameters>): WriterParameters {
  return {
    cleanupDeadlineMs: p.cleanupDeadlineMs ?? WRITER_PARAMETER_DEFAULTS.cleanupDeadlineMs,
    pixelTolerance: p.pixelTolerance ?? WRITER_PARAMETER_DEFAULTS.pixelTolerance,
    executeTimeoutMs: p.executeTimeoutMs ?? WRITER_PARAMETER_DEFAULTS.executeTimeoutMs,
  };
}

/** The writer parameters of a run that differ from the defaults; undefined when none does. */
export function nonDefaultWriterParameters(p: Partial<WriterParameters>): Partial<WriterParameters> | undefined {
  const all = writerParameters(p);
  const out: Partial<WriterParameters> = {};
  for (const k of Object.keys(all) as Array<keyof WriterParameters>) if (all[k] !== WRITER_PARAMETER_DEFAULTS[k]) out[k] = all[k];
  return Object.keys(out).length ? out : undefined;
}

export function isRunParams(v: unknown): v is RunParams {
  const p = v as RunParams;
  return !!p && typeof p.side === 'string' && typeof p.seed === 'number' && typeof p.scratchDir === 'string';
}
