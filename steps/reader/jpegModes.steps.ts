/** Then-steps for JPEG modes whose expectation is not the kit's decode (steps/reader/jpegModes.ts). */
import { Then } from '@cucumber/cucumber';
import { judgeRead, describeResult } from './checks.ts';
import { cmykDecodedOrRefused, encodedFrameOf } from './jpegModes.ts';
import { step } from './ops.ts';
import { lastRead, readerState } from './state.ts';

Then('the colours are close to the encoded CMYK frame, or the result is the zero fallback', step(async function () {
  const s = readerState(this);
  const r = lastRead(s);
  const stored = s.stored.get(r.id);
  const encoded = stored && encodedFrameOf(stored);
  if (!stored || !encoded) throw new Error('scenario error: needs an "adobe-cmyk" or "adobe-ycck" JPEG stored under the id');
  const check = cmykDecodedOrRefused(encoded);
  const judged = judgeRead(check, r.value);
  if (!judged) return;
  this.fail({
    summary: judged.complaint,
    signature: judged.signature,
    input: `id ${JSON.stringify(r.id)} holding ${stored.description}`,
    meta: r.meta,
    expected: 'RGB within the CMYK tolerance of the encoded frame, or the zero fallback',
    actual: describeResult(r.value),
    ...(r.value.kind === 'exception' ? { implementationError: `${r.value.type}: ${r.value.message}` } : {}),
    observed: { input: encoded, expected: encoded, ...(r.value.kind === 'image' ? { actual: r.value.image } : {}), stored: { bytes: stored.bytes! } },
  });
}));
