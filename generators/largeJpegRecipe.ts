import fc from 'fast-check';
import { jpegRecipe, type JpegRecipe, type JpegRecipeConstraints } from './jpegRecipe.ts';
import { imageSide } from './imageSide.ts';
import { requireInteger } from './checks.ts';

export interface LargeJpegConstraints extends Omit<JpegRecipeConstraints, 'minSide' | 'maxSide' | 'oddSidesOnly'> {
  /** Longest side, default 4097 (one past 4096, where fixed-size buffers tend to end). */
  maxSide?: number;
}

/**
 * A JPEG with at least one long side (1024 up to `maxSide`, usually right at 4095-4097) and a
 * short side anywhere from 1 up, so strips like 1x4097 and squares like 4097x4097 both occur.
 * Each run encodes up to ~50 MB of pixels: keep numRuns small.
 */
export function largeJpegRecipe(constraints: LargeJpegConstraints = {}): fc.Arbitrary<JpegRecipe> {
  const { maxSide = 4097, ...rest } = constraints;
  requireInteger('largeJpegRecipe', 'maxSide', maxSide, 1024, 65500);
  const longSide = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...[maxSide, maxSide - 1, maxSide - 2]) },
    { weight: 1, arbitrary: fc.integer({ min: 1024, max: maxSide }) },
  );
  return fc
    .tuple(jpegRecipe({ ...rest, maxSide: 1 }), longSide, imageSide({ max: maxSide }), fc.boolean())
    .map(([recipe, long, short, wide]) => ({ ...recipe, width: wide ? long : short, height: wide ? short : long }));
}
