/**
 * What a named generator is. Its own module so that entries composed from other entries
 * (storedContent.ts) and the registry that names them can both use it without importing each
 * other.
 */
import type fc from 'fast-check';
import type { GeneratedSample } from './samples.ts';

export interface GeneratorEntry<R = unknown> {
  /** What the generator draws, for feature authors and reports. */
  description: string;
  /** The most runs worth spending per property when each run is expensive; absent = no cap. */
  suggestedNumRuns?: number;
  arbitrary: fc.Arbitrary<R>;
  materialize(recipe: R): Promise<GeneratedSample>;
  /** One line for humans about one recipe (shown next to a counterexample). */
  describe(recipe: R): string;
}
