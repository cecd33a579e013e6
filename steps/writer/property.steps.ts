/** Generated frames and generated behaviour sequences: WR-PIXEL-01 with -META-01/-JPEG-01, WR-LEAK-01. */
import { underEachReading } from './readings.ts';
import { Then } from '@cucumber/cucumber';
import { session, writerState } from './state.ts';
import { behaviourSequence, LEAK_SEQUENCES, PIXEL_CASES, REPLIES, stepFrames } from './arbitraries.ts';
import { declaredAnswers } from './capabilities.ts';
import { assertWriterProperty, PropertyViolation } from './property.ts';
import { describeStep, metaSizeMatches, oneCompleteImage, pixelsMatch, segmentPrecondition, stepIds } from './checks.ts';
import { framesFor } from './frames.ts';
import { RUNNER_STEP, runWriterParameters } from './parameters.ts';
import { endStep, notJudgedReason, remember, writerSignature, type Precondition } from './judge.ts';
import { recordClauseVerdict } from '../support/clauseVerdicts.ts';
import { ConformanceFailure } from '../support/failure.ts';
import { reportSkip, SkipScenario } from './session.ts';
import { failureInputOf, rememberInput } from './segmentInput.ts';

type World = { parameters: unknown; attach(data: string, mediaType: string): void | Promise<void>; log(text: string): void | Promise<void> };

Then(
  'for generated camera frames of odd, gray and large sizes every segment decodes to its frame and meta states its size',
  RUNNER_STEP,
  async function (this: World) {
    const st = writerState(this);
    const s = session(this);
    const settled = await rememberFailure(this, () => assertWriterProperty(st.params, ['WR-PIXEL-01', 'WR-META-01', 'WR-JPEG-01'], stepFrames(st.generation!), async (frames) => {
      const r = await s.step(frames, { reply: 'ok', delayMs: 0 });
      try {
        const checks: [string, string, string, string[], Precondition | undefined][] = [
          ['WR-JPEG-01', 'a generated frame was not written as one complete 8-bit image', 'one complete JPEG, 8-bit', underEachReading(this, 'WR-JPEG-01', (readings) => oneCompleteImage(r, readings)), undefined],
          ['WR-META-01', "meta does not state the generated frame's size", 'meta width/height equal the image size', metaSizeMatches(r), segmentPrecondition(r, 'header')],
          ['WR-PIXEL-01', 'decoded pixels differ from the generated frame', "the frame's pixels within tolerance", pixelsMatch(r, runWriterParameters(this).pixelTolerance), segmentPrecondition(r, 'pixels')],
        ];
        // Every clause is judged on every case, so each is credited with what it showed, not only the first to fail.
        let violation: PropertyViolation | undefined;
        for (const [clause, summary, expected, problems, precondition] of checks) {
          if (problems.length) {
            recordClauseVerdict(this, clause, 'failed');
            if (!violation) {
              violation = new PropertyViolation({ clause, summary, input: describeStep(r), expected, actual: problems.join('; '), signature: writerSignature(problems) });
              violation.input = failureInputOf(r, problems);
            }
          } else if (precondition?.problems.length) {
            recordClauseVerdict(this, clause, 'not judged', notJudgedReason(precondition));
          } else {
            recordClauseVerdict(this, clause, 'passed');
          }
        }
        if (violation) throw violation;
      } finally {
        s.dropDumps(r);
      }
    }, Math.min(st.params.numRuns, PIXEL_CASES), (frames) => frames.map((f) => ({ role: f.role, ...f.pattern }))));
    return settled ?? endStep(this);
  },
);

Then('after any generated sequence of algorithm answers no segment remains', RUNNER_STEP, async function (this: World) {
  const st = writerState(this);
  const s = session(this);
  const declared = declaredAnswers(st.params);
  if (declared && REPLIES.some((r) => !declared.includes(r))) {
    this.log(`the sequences draw only the algorithm answers the Runner declares: ${['ok', ...declared.filter((a) => a !== 'ok')].join(', ')}`);
  }
  const settled = await rememberFailure(this, () => assertWriterProperty(st.params, ['WR-LEAK-01'], behaviourSequence(8, declared), async (sequence) => {
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
    const { cleanupDeadlineMs } = runWriterParameters(this);
    const left = await s.remainingAfter(ids, cleanupDeadlineMs, before);
    if (left.length) {
      throw new PropertyViolation({
        clause: 'WR-LEAK-01',
        summary: `segments left behind after a sequence of ${sequence.length} step(s)`,
        input: steps.join('\n            '),
        expected: `no segment of any step left ${cleanupDeadlineMs} ms after the last outcome`,
        actual: left.map((l) => `${l} still exists`).join('; '),
      });
    }
  }, Math.min(st.params.numRuns, LEAK_SEQUENCES), (sequence) => sequence.map((b) => (b.delayMs ? `${b.reply} after ${b.delayMs} ms` : b.reply))));
  if (settled === undefined) recordClauseVerdict(this, 'WR-LEAK-01', 'passed');
  return settled;
});

async function rememberFailure(world: World, run: () => Promise<void>): Promise<void | 'skipped'> {
  try {
    await run();
  } catch (e) {
    if (e instanceof SkipScenario) return reportSkip(world, e);
    if (e instanceof ConformanceFailure) {
      remember(world, e.detail);
      rememberInput(world, e.input);
    }
    throw e;
  }
}
