/** Segment lifetime: removed after every outcome (WR-CLEAN-01..03), not before the answer (WR-CLEAN-04). */
import { Then } from '@cucumber/cucumber';
import { session, writerState } from './state.ts';
import { cleanupClause, segmentPrecondition, stepIds, stillPresentAtAnswer } from './checks.ts';
import { endStep, judge, judgeIfPossible } from './judge.ts';
import { observeReadings } from '../support/readingsObserved.ts';
import { RUNNER_STEP, runWriterParameters } from './parameters.ts';

type World = { parameters: unknown; attach(data: string, mediaType: string): void | Promise<void> };

Then('no segment of the step remained after the cleanup deadline', RUNNER_STEP, async function (this: World) {
  const st = writerState(this);
  const s = session(this);
  const r = s.records.at(-1);
  if (!r) throw new Error('no step was run');
  const byStop = st.readings['WR-CLEAN-01'] === 'by-stop';
  if (byStop) await s.stopRunner();
  const { cleanupDeadlineMs } = runWriterParameters(this);
  const left = await s.remainingAfter(stepIds(r), byStop ? 0 : cleanupDeadlineMs);
  const noCall = r.calls.length ? [] : [`step ${r.n}: no call reached the algorithm, so nothing could be checked`];
  if (cleanupClause(r.behaviour.reply) === 'WR-CLEAN-01' && !noCall.length) {
    // Gone within the deadline holds both readings; a Runner stopped first shows nothing of the deadline.
    const clean = left.length === 0;
    observeReadings(this, 'WR-CLEAN-01', byStop ? { 'by-stop': clean } : clean ? { 'within-deadline': true, 'by-stop': true } : { 'within-deadline': false });
  }
  judge(this, cleanupClause(r.behaviour.reply), `segments left behind after the algorithm's "${r.behaviour.reply}"`,
    byStop ? 'nothing left once the Runner is stopped' : `nothing left ${cleanupDeadlineMs} ms after the Runner reports the step's outcome`,
    [...noCall, ...left.map((l) => `${l} still exists`)], r);
});

Then('every segment was still there, unchanged, when the algorithm answered', function (this: World) {
  for (const r of session(this).records) {
    judgeIfPossible(this, 'WR-CLEAN-04', 'a segment was freed or changed while its call was in flight',
      `every segment present with the same bytes ${r.behaviour.delayMs} ms after the call arrived, when the algorithm answered`,
      stillPresentAtAnswer(r), segmentPrecondition(r, 'present'), r);
  }
  return endStep(this);
});
