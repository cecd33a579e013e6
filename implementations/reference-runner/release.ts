/**
 * When segments are freed. The conformant policy frees every segment once the step has an
 * outcome, whatever it is; the broken ones exist so the kit can prove it notices.
 */
import type { StepOutcome } from '../../adapter/runner/types.ts';

export type Free = () => Promise<void>;

export interface ReleasePolicy {
  /** Called right after the call frame is written. */
  afterSend(free: Free): void;
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

/** Gives the algorithm a moment to open the segment, then frees it under its feet. */
export const freeSoonAfterSend: ReleasePolicy = {
  afterSend(free) {
    setTimeout(() => void free(), 40);
  },
  afterOutcome: (_outcome, free) => free(),
};
