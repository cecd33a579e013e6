/**
 * The kit's own numbers for writer checks, where the sources give none. The three a run may set
 * (cleanup deadline, pixel tolerance, execute timeout) come with the run's parameters, so that
 * parallel workers judge alike; a certificate is only issued with their defaults (kit/run-params.ts).
 */
import { writerParameters, type WriterParameters } from '../../kit/run-params.ts';
import { writerState } from './state.ts';

/**
 * This run's cleanup deadline (WR-CLEAN-01..03, WR-LEAK-01), pixel tolerance (WR-PIXEL-01) and
 * execute timeout for scenarios without their own: --cleanup-deadline-ms, --pixel-tolerance,
 * --execute-timeout-ms, or the defaults.
 */
export function runWriterParameters(world: { parameters: unknown }): WriterParameters {
  return writerParameters(writerState(world).params);
}
/**
 * How much longer than its execute timeout a Runner may take to return a step (ending the
 * algorithm: v1 waits 3 s between SIGTERM and SIGKILL; cleanup) before its driver reports it
 * `blocked`, which fails the step's cleanup clause (WR-CLEAN-03 for a hang).
 */
export const BLOCKED_GRACE_MS = 5000;
/** Delay the probe takes before answering where a scenario watches a call in flight. */
export const IN_FLIGHT_DELAY_MS = 300;
/** spec/v1/runner_spec.md: the Runner replies to hello within 2 s. */
export const HELLO_REPLY_MS = 2000;
/** Cucumber step timeout for steps that drive a Runner: properties replay many steps. */
export const RUNNER_STEP = { timeout: 15 * 60_000 };
