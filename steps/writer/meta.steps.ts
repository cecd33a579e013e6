/** image_meta as the algorithm received it: WR-META-01..05. */
import { underEachReading } from './readings.ts';
import { Then } from '@cucumber/cucumber';
import { session, writerState } from './state.ts';
import { metaCameraId, metaColorSpace, metaMinimal, metaSizeMatches, metaTimestampInWindow, segmentPrecondition } from './checks.ts';
import { endStep, judge, judgeIfPossible } from './judge.ts';

type World = { parameters: unknown; attach(data: string, mediaType: string): void | Promise<void> };

Then("every meta had integer width and height equal to the encoded image's size", function (this: World) {
  for (const r of session(this).records) {
    judgeIfPossible(this, 'WR-META-01', 'meta width/height are wrong', 'positive integers equal to the decoded image size', metaSizeMatches(r), segmentPrecondition(r, 'header'), r);
  }
  return endStep(this);
});

Then("every meta had an integer timestamp_ms within the step's time window", function (this: World) {
  for (const r of session(this).records) {
    judge(this, 'WR-META-02', 'meta timestamp_ms is wrong', 'integer Unix ms between the step request and the call arrival', metaTimestampInWindow(r), r);
  }
});

Then('every meta had a non-empty camera_id', function (this: World) {
  for (const r of session(this).records) {
    judge(this, 'WR-META-03', 'meta camera_id is missing or empty', 'a non-empty string', metaCameraId(r), r);
  }
});

Then("every meta's color_space was absent or allowed by the profile", function (this: World) {
  const readings = writerState(this).readings;
  for (const r of session(this).records) {
    judge(this, 'WR-META-04', 'meta color_space is not allowed', `absent, or ${readings['WR-META-04'] === 'any-string' ? 'any string' : '"RGB" or "BGR"'}`, underEachReading(this, 'WR-META-04', (rs) => metaColorSpace(r, rs)), r);
  }
});

Then('no meta carried keys beyond the minimal set', function (this: World) {
  const readings = writerState(this).readings;
  for (const r of session(this).records) {
    judge(this, 'WR-META-05', 'meta carries more than the minimal set', 'only width, height, timestamp_ms, camera_id, color_space', underEachReading(this, 'WR-META-05', (rs) => metaMinimal(r, rs)), r);
  }
});
