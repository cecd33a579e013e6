import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder, FramingError, MAX_FRAME_BYTES, encodeFrame } from '../../adapter/subprocess/framing.ts';

const messages = [{ id: 1, cmd: 'hello', protocolVersion: 1 }, { id: 2, text: 'é 漢字 🙂' }, { id: 3, big: 'x'.repeat(70_000) }];
const stream = Buffer.concat(messages.map(encodeFrame));

test('a frame is a 4-byte big-endian length and UTF-8 JSON', () => {
  const frame = encodeFrame({ a: 'é' });
  assert.equal(frame.readUInt32BE(0), frame.length - 4);
  assert.equal(frame.subarray(4).toString('utf8'), '{"a":"é"}');
});

test('frames come out whole however the stream is split', () => {
  for (const size of [1, 2, 3, 5, 7, 4096, stream.length]) {
    const decoder = new FrameDecoder();
    const out: unknown[] = [];
    for (let i = 0; i < stream.length; i += size) out.push(...decoder.push(stream.subarray(i, i + size)));
    assert.deepEqual(out, messages, `chunks of ${size} bytes`);
    assert.equal(decoder.bufferedBytes, 0);
  }
});

test('a partial frame waits for the rest', () => {
  const decoder = new FrameDecoder();
  const frame = encodeFrame(messages[0]);
  assert.deepEqual(decoder.push(frame.subarray(0, 2)), []);
  assert.deepEqual(decoder.push(frame.subarray(2, frame.length - 1)), []);
  assert.deepEqual(decoder.push(frame.subarray(frame.length - 1)), [messages[0]]);
});

test('text on the frame channel is refused at once, not waited for', () => {
  assert.throws(() => new FrameDecoder().push(Buffer.from('Traceback (most recent call last):\n')), FramingError);
  const tooLong = Buffer.alloc(4);
  tooLong.writeUInt32BE(MAX_FRAME_BYTES + 1);
  assert.throws(() => new FrameDecoder().push(tooLong), /exceeds/);
});

test('a body that is not UTF-8 JSON is a framing error', () => {
  const frame = (body: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, body.length]), body]);
  assert.throws(() => new FrameDecoder().push(frame(Buffer.from('{"id":'))), /not JSON/);
  assert.throws(() => new FrameDecoder().push(frame(Buffer.from([0x22, 0xff, 0x22]))), /UTF-8/);
});
