/** What the segments held when the call arrived: WR-WRITE-01, WR-JPEG-01, WR-PIXEL-01. */
import { underEachReading } from './readings.ts';
import { Then } from '@cucumber/cucumber';
import { session, writerState } from './state.ts';
import { oneCompleteImage, pixelsMatch, segmentPrecondition, segmentsPresentOnArrival } from './checks.ts';
import { endStep, judge, judgeIfPossible } from './judge.ts';
import { runWriterParameters } from './parameters.ts';

type World = { parameters: unknown; attach(data: string, mediaType: string): void | Promise<void> };

Then('every referenced segment existed with all its bytes when the call arrived', function (this: World) {
  for (const r of session(this).records) {
    judge(this, 'WR-WRITE-01', 'a segment was not fully written when the call arrived',
      'each id in the call names an existing segment whose bytes are complete and do not change afterwards',
      segmentsPresentOnArrival(r), r);
  }
});

Then('every segment held one complete image in an encoding the profile allows', function (this: World) {
  const st = writerState(this);
  for (const r of session(this).records) {
    judge(this, 'WR-JPEG-01', 'a segment is not one complete 8-bit image in an allowed encoding',
      st.readings['WR-JPEG-01'] === 'jpeg-or-png'
        ? 'one complete JPEG (SOI..EOI) or PNG (signature..IEND), 8-bit'
        : 'one complete JPEG: SOI, intact markers, EOI as the last bytes; decodes at 8 bits per sample',
      underEachReading(this, 'WR-JPEG-01', (readings) => oneCompleteImage(r, readings)), r);
  }
});

Then('the decoded pixels matched the camera frames in the channel order meta declares', function (this: World) {
  for (const r of session(this).records) {
    judgeIfPossible(this, 'WR-PIXEL-01', 'decoded pixels differ from the camera frame',
      `mean absolute error per sample <= ${runWriterParameters(this).pixelTolerance} against the frame, in meta's channel order`,
      pixelsMatch(r, runWriterParameters(this).pixelTolerance), segmentPrecondition(r, 'pixels'), r);
  }
  return endStep(this);
});
