/**
 * The kit's own numbers for writer checks, where the sources give none. Each can be overridden
 * from the environment for an investigation; a certificate is only issued with the defaults.
 */
function fromEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${v}: expected a non-negative number`);
  return n;
}

/** How long after a step's reported outcome its segments may still exist (WR-CLEAN-01..03). */
export const CLEANUP_DEADLINE_MS = fromEnv('PV_CLEANUP_DEADLINE_MS', 1000);
/** Mean absolute error per 8-bit sample that JPEG loss may cost (WR-PIXEL-01). */
export const PIXEL_TOLERANCE = fromEnv('PV_PIXEL_TOLERANCE', 6);
/** Execute timeout the kit configures, unless a scenario sets its own. */
export const DEFAULT_EXECUTE_TIMEOUT_MS = fromEnv('PV_EXECUTE_TIMEOUT_MS', 3000);
/** Delay the probe takes before answering where a scenario watches a call in flight. */
export const IN_FLIGHT_DELAY_MS = 300;
/** spec/v1/runner_spec.md: the Runner replies to hello within 2 s. */
export const HELLO_REPLY_MS = 2000;
/** Cucumber step timeout for steps that drive a Runner: properties replay many steps. */
export const RUNNER_STEP = { timeout: 15 * 60_000 };
