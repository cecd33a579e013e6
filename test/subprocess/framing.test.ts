import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADAPTER_MAX_FRAME_BYTES, FrameDecoder, FramingError, MAX_FRAME_BYTES, encodeFrame, type Decoded } from '../../adapter/framing.ts';

const messages = [{ id: 1, cmd: 'hello', protocolVersion: 1 }, { id: 2, text: 'é 漢字 🙂' }, { id: 3, big: 'x'.repeat(70_000) }];
const stream = Buffer.concat(messages.map((m) => encodeFrame(m)));

const values = (decoded: Decoded[]) => decoded.map((d) => (d.kind === 'frame' ? d.value : d));
const lengthPrefixed = (body: Buffer) => {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
};

test('a frame is a 4-byte big-endian length and UTF-8 JSON', () => {
  const frame = encodeFrame({ a: 'é' });
  assert.equal(frame.readUInt32BE(0), frame.length - 4);
  assert.equal(frame.subarray(4).toString('utf8'), '{"a":"é"}');
});

test('frames come out whole however the stream is split, with their text and size', () => {
  for (const size of [1, 2, 3, 5, 7, 4096, stream.length]) {
    const decoder = new FrameDecoder();
    const out: Decoded[] = [];
    for (let i = 0; i < stream.length; i += size) out.push(...decoder.push(stream.subarray(i, i + size)));
    assert.deepEqual(values(out), messages, `chunks of ${size} bytes`);
    assert.equal(decoder.bufferedBytes, 0);
  }
  const [first] = new FrameDecoder().push(encodeFrame(messages[0]));
  assert.ok(first?.kind === 'frame');
  assert.equal(first.text, JSON.stringify(messages[0]));
  assert.equal(first.bytes, Buffer.byteLength(first.text));
});

test('a partial frame waits for the rest', () => {
  const decoder = new FrameDecoder();
  const frame = encodeFrame(messages[0]);
  assert.deepEqual(decoder.push(frame.subarray(0, 2)), []);
  assert.deepEqual(decoder.push(frame.subarray(2, frame.length - 1)), []);
  assert.deepEqual(values(decoder.push(frame.subarray(frame.length - 1))), [messages[0]]);
});

test('text on the frame channel is junk at once, not waited for, and shows what was written', () => {
  const [junk] = new FrameDecoder().push(Buffer.from('Traceback (most recent call last):\n'));
  assert.ok(junk?.kind === 'junk');
  assert.match(junk.reason, /^frame length \d+ exceeds 67108864$/);
  assert.equal(junk.head, 'Traceback (most recent call last');
});

test('each protocol sets its own limit; the header alone decides', () => {
  const header = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const overAdapter = header(ADAPTER_MAX_FRAME_BYTES + 1);
  assert.deepEqual(new FrameDecoder().push(overAdapter), [], 'the spec pipes wait for a 8 MiB + 1 frame');
  const [refused] = new FrameDecoder(ADAPTER_MAX_FRAME_BYTES).push(overAdapter);
  assert.ok(refused?.kind === 'junk');
  assert.match(refused.reason, /exceeds 8388608/);
  const [overSpec] = new FrameDecoder().push(header(MAX_FRAME_BYTES + 1));
  assert.ok(overSpec?.kind === 'junk');
  assert.throws(() => encodeFrame({ x: 'y'.repeat(ADAPTER_MAX_FRAME_BYTES) }, ADAPTER_MAX_FRAME_BYTES), FramingError);
});

test('a body that is not one UTF-8 JSON object is junk; an empty frame too', () => {
  const reason = (bytes: Buffer) => {
    const [d] = new FrameDecoder().push(bytes);
    return d?.kind === 'junk' ? d.reason : `not junk: ${JSON.stringify(d)}`;
  };
  assert.match(reason(lengthPrefixed(Buffer.from('{"id":'))), /not JSON/);
  assert.match(reason(lengthPrefixed(Buffer.from([0x22, 0xff, 0x22]))), /UTF-8/);
  assert.match(reason(lengthPrefixed(Buffer.from('[1,2]'))), /not a JSON object/);
  assert.match(reason(lengthPrefixed(Buffer.from('null'))), /not a JSON object/);
  assert.match(reason(Buffer.alloc(4)), /frame length 0/);
});

test('after junk nothing more comes out, even whole frames: the framing cannot be found again', () => {
  const decoder = new FrameDecoder();
  const out = decoder.push(Buffer.concat([encodeFrame(messages[0]), lengthPrefixed(Buffer.from('nope')), encodeFrame(messages[1])]));
  assert.deepEqual(out.map((d) => d.kind), ['frame', 'junk']);
  assert.deepEqual(decoder.push(encodeFrame(messages[1])), []);
});
