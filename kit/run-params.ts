/**
 * What the CLI hands to a cucumber run as world parameters. Plain JSON: cucumber passes it
 * through its own configuration, and parallel workers receive a copy.
 */
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
  /** The command prefix printed in replay hints, e.g. "pv-conform run --target reference". */
  replayBase: string;
}

export function isRunParams(v: unknown): v is RunParams {
  const p = v as RunParams;
  return !!p && typeof p.side === 'string' && typeof p.seed === 'number' && typeof p.scratchDir === 'string';
}
