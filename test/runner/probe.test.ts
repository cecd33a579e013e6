/** The probe's own observations, checked against a hand-driven "Runner" and known byte strings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { encodeFrame, FrameDecoder } from '../../adapter/framing.ts';
import { jpegStructure } from '../../kit/transports/jpeg-structure.ts';
import { safeId } from '../../kit/transports/safe-id.ts';
import { kitRoot } from '../../kit/paths.ts';
import { bulkyStrings } from '../../probe/bulky-strings.ts';
import { decodeSegment } from '../../steps/writer/decode-segments.ts';

test('jpegStructure tells one complete JPEG from truncated, padded and foreign bytes', async () => {
  const raw = Buffer.alloc(13 * 7 * 3, 90);
  const jpeg = await sharp(raw, { raw: { width: 13, height: 7, channels: 3 } }).jpeg().toBuffer();
  const progressive = await sharp(raw, { raw: { width: 13, height: 7, channels: 3 } }).jpeg({ progressive: true }).toBuffer();
  const png = await sharp(raw, { raw: { width: 13, height: 7, channels: 3 } }).png().toBuffer();
  assert.equal(jpegStructure(jpeg).markersOk, true);
  assert.equal(jpegStructure(progressive).markersOk, true);
  assert.equal(jpegStructure(jpeg.subarray(0, jpeg.length - 10)).markersOk, false);
  assert.equal(jpegStructure(Buffer.concat([jpeg, Buffer.from([0, 1, 2])])).markersOk, false);
  assert.equal(jpegStructure(Buffer.concat([jpeg, jpeg])).markersOk, false);
  assert.equal(jpegStructure(png).startsWithSoi, false);
  assert.equal(jpegStructure(Buffer.alloc(0)).markersOk, false);
});

test('bulkyStrings flags base64 and data: URLs, not ordinary ids', () => {
  assert.deepEqual(bulkyStrings({ id: 'dev-shm:sid-1:cur', meta: { camera_id: 'cam-01' } }), []);
  assert.equal(bulkyStrings({ data: { img: 'A'.repeat(300) } })[0]?.path, '$.data.img');
  assert.equal(bulkyStrings(['data:image/jpeg;base64,/9j/'])[0]?.why, 'data: URL');
});

test('safeId maps every character outside [a-zA-Z0-9._-] to "_"', () => {
  assert.equal(safeId('dev-shm:sid-123:cur'), 'dev-shm_sid-123_cur');
  assert.equal(safeId('a/b c.d_e'), 'a_b_c.d_e');
});

test('the probe records a call that arrives before the Runner hello, and the segment it found; the kit decodes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-probe-test-'));
  try {
    const shm = join(dir, 'shm');
    const script = join(dir, 'script.json');
    const obs = join(dir, 'obs.jsonl');
    writeFileSync(script, JSON.stringify({ step: 1, behaviour: { reply: 'ok', delayMs: 0 } }));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(shm);
    const jpeg = await sharp(Buffer.alloc(4 * 3 * 3, 200), { raw: { width: 4, height: 3, channels: 3 } }).jpeg().toBuffer();
    writeFileSync(join(shm, `${safeId('dev-shm:t:1')}.bin`), jpeg);
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(kitRoot, 'probe/main.ts'),
      '--script', script, '--observations', obs, '--generation', 'v1', '--transport', 'fs', '--shm-dir', shm, '--dump-dir', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    const frames: Record<string, unknown>[] = [];
    const decoder = new FrameDecoder();
    const got = (type: string) => new Promise<void>((resolve) => {
      const check = () => (frames.some((f) => f.type === type) ? resolve() : setTimeout(check, 10));
      check();
    });
    child.stdout.on('data', (c: Buffer) => decoder.push(c).forEach((d) => d.kind === 'frame' && frames.push(d.value as Record<string, unknown>)));
    await got('hello');
    child.stdin.write(encodeFrame({ type: 'call', step_index: 1, shared_mem_id: 'dev-shm:t:1', image_meta: { width: 4, height: 3, timestamp_ms: Date.now(), camera_id: 'c' }, phase: 'execute' }));
    await got('result');
    child.stdin.end();
    await new Promise((r) => child.on('close', r));
    const lines = readFileSync(obs, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.some((o) => o.type === 'violation' && o.kind === 'call-before-hello'));
    const call = lines.find((o) => o.type === 'call');
    assert.equal(call.shape, 'v1-flat');
    assert.equal(call.schemaErrors['v1-flat'], null);
    assert.equal(call.images[0].segment.exists, true);
    assert.equal(call.images[0].segment.jpeg.markersOk, true);
    const segment = call.images[0].segment;
    assert.equal(segment.decoded, undefined, 'the probe decodes nothing');
    assert.deepEqual(readFileSync(segment.bytesFile), jpeg, 'the bytes as they arrived');
    // The kit's step first: one-shot Runners start a process per step, and a later one may reuse a pid.
    assert.match(basename(segment.bytesFile), new RegExp(`^1-${child.pid}-1-image\\.seg$`));
    await decodeSegment(segment);
    assert.deepEqual([segment.decoded.width, segment.decoded.height, segment.decoded.format], [4, 3, 'jpeg']);
    assert.equal(readFileSync(segment.pixelsFile).length, 4 * 3 * 3);
    assert.equal(existsSync(segment.bytesFile), false, 'the kit drops the bytes once decoded');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
