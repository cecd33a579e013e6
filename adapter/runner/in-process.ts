/**
 * Binds a Runner written in TypeScript directly, without a process in between. What it returns
 * is held to the same schemas as the subprocess protocol, so both bindings certify the same
 * thing, and a throw becomes "errored", never a failed clause.
 */
import type { Outcome } from '../types.ts';
import type { AlgorithmCommand, CameraFrame, RunnerConfig, RunnerDriver, RunnerInfo, StepReport } from './types.ts';
import { wireErrors } from './wire-schemas.ts';

/** What a TypeScript Runner implements; throwing SkipRequest declares "not supported". */
export interface InProcessRunner {
  start(algorithm: AlgorithmCommand, config: RunnerConfig): Promise<RunnerInfo>;
  step(frames: CameraFrame[]): Promise<StepReport>;
  stop(): Promise<void>;
}

export class SkipRequest extends Error {}

async function guarded<T>(what: string, ref: string | undefined, run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    const value = await run();
    const problems = ref ? wireErrors(ref, value) : null;
    if (problems) return { status: 'errored', message: `${what} returned a value that does not match ${ref}: ${problems}` };
    return { status: 'ok', value };
  } catch (e) {
    if (e instanceof SkipRequest) return { status: 'skipped', message: e.message };
    return { status: 'errored', message: `${what}: ${(e as Error).stack ?? String(e)}` };
  }
}

/**
 * What a driver owes the kit when its Runner does not return: `blocked` once the configured
 * execute timeout plus grace has passed since the step arrived. The Runner's step goes on in the
 * background (its result, or its throw, is dropped); `stop` ends it.
 */
export function stepOrBlocked(step: Promise<StepReport>, config: Pick<RunnerConfig, 'executeTimeoutMs' | 'graceMs'> | undefined): Promise<StepReport> {
  if (config?.graceMs === undefined) return step;
  const startedAtMs = Date.now();
  const limitMs = config.executeTimeoutMs + config.graceMs;
  let timer: NodeJS.Timeout | undefined;
  const blocked = new Promise<StepReport>((resolve) => {
    timer = setTimeout(() => resolve({
      outcome: { kind: 'blocked', message: `the Runner had not returned ${limitMs} ms after the step arrived (execute timeout ${config.executeTimeoutMs} ms + grace ${config.graceMs} ms)` },
      timing: { startedAtMs, endedAtMs: Date.now() },
    }), limitMs);
  });
  step.catch(() => undefined);
  return Promise.race([step, blocked]).finally(() => clearTimeout(timer));
}

export function inProcessDriver(runner: InProcessRunner): RunnerDriver {
  let stopped = false;
  let config: RunnerConfig | undefined;
  return {
    start: (algorithm, cfg) => {
      config = cfg;
      return guarded('start', 'runner-driver/start.schema.json#/$defs/runnerInfo', () => runner.start(algorithm, cfg));
    },
    step: (frames) => guarded('step', 'runner-driver/step.schema.json#/$defs/stepReport', () => stepOrBlocked(runner.step(frames), config)),
    stop: async () => {
      if (stopped) return { status: 'ok', value: undefined };
      stopped = true;
      return guarded('stop', undefined, () => runner.stop());
    },
  };
}
