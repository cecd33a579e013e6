/** Generated frames and generated behaviour sequences: WR-PIXEL-01 with -META-01/-JPEG-01, WR-LEAK-01. */
import { underEachReading } from './readings.ts';
import { Then } from '@cucumber/cucumber';
import { session, writerState } from './state.ts';
import { behaviourSequence, stepFrames } from './arbitraries.ts';
import { assertWriterProperty, PropertyViolation } from './property.ts';
import { describeStep, metaSizeMatches, oneCompleteImage, pixelsMatch, stepIds } from './checks.ts';
import { framesFor } from './frames.ts';
import { CLEANUP_DEADLINE_MS, RUNNER_STEP } from './parameters.ts';
import { remember, writerSignature } from './judge.ts';
import { ConformanceFailure } from '../support/failure.ts';
import { reportSkip, SkipScenario } from './session.ts';

type World = { parameters: unknown; attach(data: string, mediaType: string): void | Promise<void> };

Then(
  'for generated camera frames of odd, gray and large sizes every segment decodes to its frame and meta states its size',
  RUNNER_STEP,
  async function (this: World) {
    const st = writerState(this);
    const s = session(this);
    return rememberFailure(this, () => assertWriterProperty(st.params, ['WR-PIXEL-01', 'WR-META-01', 'WR-JPEG-01'], stepFrames(st.generation!), async (frames) => {
      const r = await s.step(frames, { reply: 'ok', delayMs: 0 });
      try {
        const checks: [string, string, string, string[]][] = [
          ['WR-JPEG-01', 'a generated frame was not written as one complete 8-bit image', 'one complete JPEG, 8-bit', underEachReading(this, 'WR-JPEG-01', (readings) => oneCompleteImage(r, readings))],
          ['WR-META-01', "meta does not state the generated frame's size", 'meta width/height equal the image size', metaSizeMatches(r)],
          ['WR-PIXEL-01', 'decoded pixels differ from the generated frame', "the frame's pixels within tolerance", pixelsMatch(r)],
        ];
        for (const [clause, summary, expected, problems] of checks) {
          if (problems.length) throw new PropertyViolation({ clause, summary, input: describeStep(r), expected, actual: problems.join('; '), signature: writerSignature(problems) });
        }
      } finally {
        s.dropDumps(r);
      }
    }, st.params.numRuns, (frames) => frames.map((f) => ({ role: f.role, ...f.pattern }))));
  },
);

Then('after any generated sequence of algorithm answers no segment remains', RUNNER_STEP, async function (this: World) {
  const st = writerState(this);
  const s = session(this);
  return rememberFailure(this, () => assertWriterProperty(st.params, ['WR-LEAK-01'], behaviourSequence(8), async (sequence) => {
    const ids: string[] = [];
    const steps: string[] = [];
    // Leftovers of an earlier failing run must not be blamed on this sequence while shrinking.
    const before = new Set(s.inspector.listOwned());
    for (const b of sequence) {
      const r = await s.step(framesFor(st.generation!, 24, 16, s.records.length + 1), b);
      s.dropDumps(r);
      ids.push(...stepIds(r));
      steps.push(describeStep(r));
    }
    const left = await s.remainingAfter(ids, CLEANUP_DEADLINE_MS, before);
    if (left.length) {
      throw new PropertyViolation({
        clause: 'WR-LEAK-01',
        summary: `segments left behind after a sequence of ${sequence.length} step(s)`,
        input: steps.join('\n            '),
        expected: `no segment of any step left ${CLEANUP_DEADLINE_MS} ms after the last outcome`,
        actual: left.map((l) => `${l} still exists`).join('; '),
      });
    }
  }, st.params.numRuns, (sequence) => sequence.map((b) => (b.delayMs ? `${b.reply} after ${b.delayMs} ms` : b.reply))));
});

async function rememberFailure(world: World, run: () => Promise<void>): Promise<void | 'skipped'> {
  try {
    await run();
  } catch (e) {
    if (e instanceof SkipScenario) return reportSkip(world, e);
    if (e instanceof ConformanceFailure) remember(world, e.detail);
    throw e;
  }
}
