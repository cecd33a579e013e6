/**
 * fast-check arbitraries for the writer properties: camera frames that stress the encoder
 * (odd and tiny sizes, gray, large) and sequences of algorithm behaviours that stress cleanup.
 */
import fc from 'fast-check';
import type { SpecGeneration } from '../../adapter/types.ts';
import type { Behaviour, Reply } from '../../probe/script.ts';
import { kitFrame, type FramePattern, type KitFrame } from './frames.ts';

/**
 * Every shrink step replays Runner steps (a hang costs the whole execute timeout, a crash an
 * algorithm restart), so shrinking is capped: the counterexample may be near-minimal only.
 */
const MAX_SHRINKS = 40;

const small = fc.record({ width: fc.integer({ min: 1, max: 17 }), height: fc.integer({ min: 1, max: 17 }) });
const medium = fc.record({ width: fc.integer({ min: 18, max: 401 }), height: fc.integer({ min: 18, max: 301 }) });
const large = fc.record({ width: fc.integer({ min: 1280, max: 2048 }), height: fc.integer({ min: 720, max: 1536 }) });

export const framePattern: fc.Arbitrary<FramePattern> = fc
  .tuple(
    fc.oneof({ arbitrary: small, weight: 5 }, { arbitrary: medium, weight: 4 }, { arbitrary: large, weight: 1 }),
    fc.constantFrom<1 | 3>(3, 1),
    fc.constantFrom('gradient', 'blocks', 'solid' as const),
    fc.nat({ max: 0xffff }),
  )
  .map(([size, channels, kind, seed]) => ({ ...size, channels, kind, seed }));

/** The frames of one step: one for v1, cur and guide (each its own size) for v2. */
export function stepFrames(generation: SpecGeneration): fc.Arbitrary<KitFrame[]> {
  const frames = generation === 'v1'
    ? framePattern.map((p) => [kitFrame('image', p)])
    : fc.tuple(framePattern, framePattern).map(([c, g]) => [kitFrame('cur', c), kitFrame('guide', g)]);
  return fc.limitShrink(frames, MAX_SHRINKS);
}

export const REPLIES: readonly Reply[] = ['ok', 'ng', 'error-result', 'error-frame', 'crash', 'hang', 'junk'];

/** What the algorithm does in one step: one of `replies` (OK is always among them), possibly delayed. */
export function behaviour(replies: readonly Reply[] = REPLIES): fc.Arbitrary<Behaviour> {
  return fc.record({
    reply: fc.constantFrom(...new Set<Reply>(['ok', ...replies])),
    delayMs: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 60 }), weight: 1 }),
  });
}

/**
 * Sequences per WR-LEAK-01 example, at most, whatever --num-runs asks: a sequence is up to eight
 * Runner steps, nearly half of which restart the algorithm or wait out the execute timeout, so
 * one case costs what a reader property spends on dozens. Four examples (both generations, both
 * transports) at 8 each still draw about 144 steps: every reply kind about 20 times; a kind
 * missing from one example's 36 steps has odds of about 1 in 250, from all four about 1 in 10^9.
 */
export const LEAK_SEQUENCES = 8;

/**
 * Cases per WR-PIXEL-01 example, at most: a tenth of the frames are 1280x720 to 2048x1536, each
 * encoded by the Runner and decoded by the kit, and v2 steps carry two frames.
 */
export const PIXEL_CASES = 25;

export function behaviourSequence(maxLength: number, replies: readonly Reply[] = REPLIES): fc.Arbitrary<Behaviour[]> {
  return fc.limitShrink(fc.array(behaviour(replies), { minLength: 1, maxLength }), MAX_SHRINKS);
}
