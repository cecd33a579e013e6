/**
 * When segments are freed. The conformant policy frees every segment once the step has an
 * outcome, whatever it is; the broken ones exist so the kit can prove it notices.
 */
import { readFileSync } from 'node:fs';
import type { AlgorithmCommand, StepOutcome } from '../../adapter/runner/types.ts';

export type Free = () => Promise<void>;

export interface ReleasePolicy {
  /** Called right after the call frame is written to `algorithm`'s process. */
  afterSend(free: Free, algorithm: AlgorithmCommand): void;
  /** Called once the step has an outcome (the algorithm is answered, dead or ended). */
  afterOutcome(outcome: StepOutcome, free: Free): Promise<void>;
}

export const freeAfterOutcome: ReleasePolicy = {
  afterSend() {},
  afterOutcome: (_outcome, free) => free(),
};

export const keepAfterErrorResult: ReleasePolicy = {
  afterSend() {},
  afterOutcome: async (outcome, free) => {
    if (outcome.kind === 'result' && outcome.status === 'ERROR') return;
    await free();
  },
};

/**
 * Frees the segments under the algorithm's feet: once it has looked at them, well before it
 * answers. "Looked" is the kit's probe noting the call in its observation file (the
 * `--observations` argument of the algorithm command), the one event that falls between the
 * call's arrival and the answer however busy the machine is. A fixed delay after sending (it was
 * 40 ms) raced the call's delivery: on a loaded machine the probe arrived after the free, found
 * nothing, and the mutant was blamed on WR-WRITE-01 instead of the clause it breaks.
 */
export const freeOnceTheAlgorithmLooked: ReleasePolicy = (() => {
  const watches = new WeakMap<Free, NodeJS.Timeout>();
  const stop = (free: Free) => {
    clearInterval(watches.get(free));
    watches.delete(free);
  };
  return {
    afterSend(free, algorithm) {
      const file = argumentOf(algorithm.argv, '--observations');
      if (!file) return; // not the kit's probe: nothing tells when it has looked, so nothing is freed early
      const from = contents(file).length;
      watches.set(free, setInterval(() => {
        if (!contents(file).subarray(from).toString('utf8').includes('"type":"call"')) return;
        stop(free);
        void free();
      }, 5));
    },
    afterOutcome: (_outcome, free) => {
      stop(free);
      return free();
    },
  };
})();

function argumentOf(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The file's bytes, or none while it does not exist (read whole: a session's observations are small). */
function contents(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}
