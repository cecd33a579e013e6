/**
 * Deliberately broken Runners, one replaced part each. Every writer clause that a mutant
 * breaks must fail against it; test/runner proves which one.
 */
import type { RunnerParts } from './runner.ts';
import { encodePng } from './encode.ts';
import { oneIdPerCall } from './ids.ts';
import { zeroSizeMeta } from './meta.ts';
import { freeOnceTheAlgorithmLooked, keepAfterErrorResult } from './release.ts';

export const mutants: Record<string, Partial<RunnerParts>> = {
  /** Leaves the segments behind when the algorithm answers with an ERROR result. */
  'no-cleanup-on-error': { release: keepAfterErrorResult },
  /** Frees the segments once the algorithm has looked at them, before its answer arrives. */
  'cleanup-before-answer': { release: freeOnceTheAlgorithmLooked },
  /** Writes width and height 0 into every meta. */
  'zero-size-meta': { meta: zeroSizeMeta },
  /** Encodes segments as PNG instead of JPEG. */
  'png-not-jpeg': { encode: encodePng },
  /** Gives cur and guide the same segment id, so one overwrites the other. */
  'same-id-cur-guide': { ids: oneIdPerCall },
};
