/** The call frame and its ids: WR-FRAME-01/02, WR-ID-01/02. */
import { underEachReading } from './readings.ts';
import { Then } from '@cucumber/cucumber';
import { session, writerState } from './state.ts';
import { callMatchesSchema, distinctIdsInCall, idsNotReused, liveIdsApartAsFileNames, noImageBytesInJson } from './checks.ts';
import { judge } from './judge.ts';

type World = { parameters: unknown };

Then("every call frame matched its generation's call schema", function (this: World) {
  const st = writerState(this);
  for (const r of session(this).records) {
    judge(this, 'WR-FRAME-01', `the call does not match the ${st.generation} call schema`,
      st.generation === 'v2' ? 'schemas/frames/call-v2.schema.json' : `the v1 shape selected by reading ${st.readings['WR-FRAME-01']}`,
      underEachReading(this, 'WR-FRAME-01', (readings) => callMatchesSchema(r, st.generation!, readings)), r);
  }
});

Then('no call frame carried image bytes in its JSON', function (this: World) {
  for (const r of session(this).records) {
    judge(this, 'WR-FRAME-02', 'the call frame carries what looks like image data', 'no base64 runs, data: URLs or huge strings', noImageBytesInJson(r), r);
  }
});

Then('the images of every call had distinct segment ids', function (this: World) {
  for (const r of session(this).records) {
    judge(this, 'WR-ID-01', 'two images of one call share a segment', 'cur and guide name different segments', distinctIdsInCall(r), r);
  }
});

Then('no two live segment ids shared a file name under the fs layout', function (this: World) {
  const st = writerState(this);
  for (const r of session(this).records) {
    judge(this, 'WR-ID-03', 'two live segment ids map to one fs file name', 'ids whose safe file names differ', liveIdsApartAsFileNames(r, st.transport!), r);
  }
});

Then('no segment id was used in two calls', function (this: World) {
  const st = writerState(this);
  const records = session(this).records;
  judge(this, 'WR-ID-02', 'a segment id came back in a later call',
    st.readings['WR-ID-02'] === 'reuse-after-free' ? 'ids reused only after their segment was freed' : 'every call uses new ids',
    underEachReading(this, 'WR-ID-02', (readings) => idsNotReused(records, st.transport!, readings)), records);
});
