/**
 * Runs a fast-check property inside a step with the run's seed and replay path, and turns a
 * failure into a ConformanceFailure carrying the shrunk counterexample and a replay command.
 */
import fc from 'fast-check';
import type { RunParams } from '../../kit/run-params.ts';
import { AdapterError, ConformanceFailure, type FailureDetail, type FailureInputFile } from '../support/failure.ts';
import { SkipScenario } from './session.ts';

/** Thrown inside a property run; the last one thrown (after shrinking) becomes the failure. */
export class PropertyViolation extends Error {
  /** The segment behind the failing case, taken before the case's dumps are dropped. */
  input?: FailureInputFile;

  constructor(public readonly detail: Omit<FailureDetail, 'seed' | 'path' | 'replay' | 'counterexample'>) {
    super(`[${detail.clause}] ${detail.summary}: ${detail.actual}`);
  }
}

export async function assertWriterProperty<T>(
  params: RunParams,
  clauses: string[],
  arb: fc.Arbitrary<T>,
  run: (value: T) => Promise<void>,
  numRuns: number,
  describe: (value: T) => unknown,
): Promise<void> {
  let last: { value: T; error: unknown } | undefined;
  // A Runner that held on to a step fails every later step alike, so shrinking finds nothing
  // smaller: the case where it first held is the counterexample.
  let held: { value: T; error: unknown } | undefined;
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (value) => {
        try {
          await run(value);
        } catch (error) {
          last = { value, error };
          if (error instanceof ConformanceFailure) held ??= last;
          throw error;
        }
      }),
      { seed: params.seed, numRuns, ...(params.path ? { path: params.path } : {}), ...(params.shrink === false ? { endOnFailure: true } : {}) },
    );
  } catch (e) {
    if (held) last = held;
    const cause = last?.error ?? e;
    // Not a finding: the Runner broke, or does not support what a generated case asked of it.
    if (cause instanceof AdapterError || cause instanceof SkipScenario) throw cause;
    const message = (e as Error).message;
    const seed = Number(/seed: (-?\d+)/.exec(message)?.[1] ?? params.seed);
    const path = /path: "([^"]*)"/.exec(message)?.[1] ?? '';
    // A ConformanceFailure comes from the session itself: the Runner held on to a step (session.ts).
    const base = cause instanceof PropertyViolation || cause instanceof ConformanceFailure ? cause.detail : {
      clause: clauses[0]!,
      summary: 'the property threw',
      input: 'generated',
      expected: 'no exception',
      actual: (cause as Error).stack ?? String(cause),
    };
    // The replay runs this property's scenario, whichever clause its failure blames.
    const tag = clauses.includes(base.clause) ? base.clause : clauses[0]!;
    throw Object.assign(new ConformanceFailure({
      ...base,
      seed,
      path,
      counterexample: last ? describe(last.value) : undefined,
      replay: `${params.replayBase} --tags @${tag} --seed ${seed} --path ${path}`,
    }), { input: cause instanceof PropertyViolation ? cause.input : undefined });
  }
}
