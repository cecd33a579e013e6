/**
 * The segment bytes behind a writer failure, for the report's `inputs/` file (reports/failureInputs.ts),
 * as a reader failure keeps the bytes or array it stored. The probe's dump of each segment is read
 * once, when the kit decodes it (decode-segments.ts); the bytes stay here, in memory and tied to
 * the observation, until the step's dumps are dropped or the observation is gone.
 */
import type { SegmentObservation } from '../../probe/observe-segment.ts';
import { encodedInputFile, MAX_FAILURE_INPUT_BYTES, type FailureInputFile } from '../support/failure.ts';
import type { StepRecord } from './session.ts';

const kept = new WeakMap<SegmentObservation, Uint8Array>();

export function keepSegmentBytes(s: SegmentObservation, bytes: Uint8Array): void {
  if (bytes.length <= MAX_FAILURE_INPUT_BYTES) kept.set(s, bytes);
}

export function forgetSegmentBytes(s: SegmentObservation): void {
  kept.delete(s);
}

/**
 * The segment a failure is about: the first whose id the first problem names (problems quote ids
 * as `"id"`), else the first segment of the records whose bytes were kept.
 */
export function failureInputOf(records: StepRecord[] | StepRecord, problems: readonly string[]): FailureInputFile | undefined {
  const images = (Array.isArray(records) ? records : [records]).flatMap((r) => r.calls.flatMap((c) => c.images));
  const first = problems[0] ?? '';
  const named = images.find((i) => kept.has(i.segment) && first.includes(JSON.stringify(i.id)));
  const chosen = named ?? images.find((i) => kept.has(i.segment));
  const bytes = chosen && kept.get(chosen.segment);
  if (!bytes) return undefined;
  return encodedInputFile(bytes, 'segment');
}

/** Where the support code's After hook looks for a failure's input file (PvWorld.failureInput). */
export function rememberInput(world: object, input: FailureInputFile | undefined): void {
  if (input) (world as { failureInput?: FailureInputFile }).failureInput = input;
}
