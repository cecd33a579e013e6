/**
 * The generic TypeScript server, driven by the kit's client: every message in both directions
 * is schema-valid, large payloads travel as scratch files that are gone afterwards, and what
 * the served adapter prints cannot reach the frame channel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { compileSchema } from '../../kit/schemas.ts';
import { createSubprocessTarget } from '../../adapter/subprocess/client.ts';
import { replySchema, requestSchema, type Command } from '../../adapter/subprocess/protocol.ts';
import { kitPath, makeContext, quote, tsxScript } from './helpers.ts';

interface Traced { direction: 'to-adapter' | 'from-adapter'; message: Record<string, unknown> }

test('the fake reader served over the protocol: every command, small and large payloads', async () => {
  const ctx = makeContext();
  const trace: Traced[] = [];
  const payloadFilesSeen: string[] = [];
  const missingDuringRequest: string[] = [];
  let requestFiles: string[] = [];
  const adapter = await createSubprocessTarget(tsxScript('test/fixtures/serve-fake-reader.ts'), {
    trace: (direction, message) => {
      trace.push({ direction, message: message as Record<string, unknown> });
      const files = [...JSON.stringify(message).matchAll(/"file":"([^"]+)"/g)].map((m) => m[1]!);
      payloadFilesSeen.push(...files);
      if (direction === 'to-adapter') requestFiles = files;
      // Every payload file must exist while its request is in flight (asserted after the run).
      const live = direction === 'to-adapter' ? files : [...requestFiles, ...files];
      missingDuringRequest.push(...live.filter((f) => !existsSync(f)));
    },
  })(ctx);
  try {
    const hello = await adapter.hello();
    assert.deepEqual(hello.transports, ['inproc']);
    assert.equal(hello.name, 'fake-reader');

    const small = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    assert.deepEqual(await adapter.writeBytes('small', small), { status: 'ok', value: undefined });
    const large = new Uint8Array(200_000).map((_, i) => i % 251);
    assert.deepEqual(await adapter.writeBytes('large', large), { status: 'ok', value: undefined });

    const back = await adapter.read('large', { width: 1, height: 1 });
    assert.equal(back.status, 'ok');
    if (back.status === 'ok' && back.value.kind === 'image') assert.deepEqual(back.value.image.data, large);
    else assert.fail(`expected an image, got ${JSON.stringify(back)}`);
    assert.equal(back.implMicros, 1.5);

    const array = { dtype: 'uint16' as const, shape: [2, 3], data: new Uint8Array(12).map((_, i) => i) };
    assert.equal((await adapter.writeArray('arr', array)).status, 'ok');
    assert.deepEqual(await adapter.read('arr', null), { status: 'ok', value: { kind: 'image', image: array }, implMicros: 1.5 });

    assert.deepEqual(await adapter.read('raise', {}), { status: 'ok', value: { kind: 'exception', type: 'KeyError', message: 'raise' } });
    const thrown = await adapter.read('throw', {});
    assert.equal(thrown.status, 'errored');
    assert.match(thrown.status === 'errored' ? thrown.message : '', /the fake adapter itself broke[\s\S]*serve-fake-reader/);
    assert.match((await adapter.writeBytes('x', small, { transport: 'posix' })).status, /skipped/);
    assert.deepEqual(await adapter.clear('large'), { status: 'ok', value: undefined });
    assert.deepEqual(await adapter.read('large', {}), { status: 'ok', value: { kind: 'none' }, implMicros: 1.5 });

    assert.deepEqual(missingDuringRequest, []);
    const files = payloadFilesSeen.filter((f, i, all) => all.indexOf(f) === i);
    assert.ok(files.some((f) => f.endsWith('.request.bin')), 'the large write went as a file');
    assert.ok(files.some((f) => f.endsWith('.reply.bin')), 'the large read came back as a file');
    assert.deepEqual(readdirSync(dirname(files[0]!)), [], 'no payload file outlives its request');
    await adapter.close();
    assert.ok(!existsSync(dirname(files[0]!)), 'close() removes the payload directory');
  } finally {
    await adapter.close();
    ctx.dispose();
  }

  for (const { direction, message } of trace) {
    const cmd = direction === 'to-adapter' ? (message.cmd as Command) : commandOf(trace, message.id as number);
    const validate = compileSchema(direction === 'to-adapter' ? requestSchema(cmd) : replySchema(cmd));
    assert.ok(validate(message), `${direction} ${cmd} is valid: ${JSON.stringify(validate.errors)}`);
  }
  assert.deepEqual([...new Set(trace.map((t) => t.message.cmd).filter(Boolean))].sort(),
    ['clear', 'hello', 'read', 'shutdown', 'write-array', 'write-bytes']);
  const inline = trace.map((t) => JSON.stringify(t.message).length);
  assert.ok(Math.max(...inline) < 100_000, 'no frame carries a large payload');
});

function commandOf(trace: Traced[], id: number): Command {
  return trace.find((t) => t.direction === 'to-adapter' && t.message.id === id)!.message.cmd as Command;
}


test('pv-conform serve-reference: the reference SDK over the protocol, fresh-process read included', async () => {
  const ctx = makeContext();
  const reference = await createSubprocessTarget(`${quote(process.execPath)} ${quote(kitPath('bin/pv-conform.mjs'))} serve-reference`)(ctx);
  try {
    assert.equal((await reference.hello()).name, 'pv-reference-sdk');
    const bgr = { dtype: 'uint8' as const, shape: [1, 2, 3], data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    assert.equal((await reference.writeArray('x/y', bgr, { transport: 'fs' })).status, 'ok');
    const read = await reference.read('x/y', { width: 2, height: 1, color_space: 'BGR' }, { process: 'other' });
    assert.deepEqual(read.status === 'ok' && read.value.kind === 'image' && [...read.value.image.data], [3, 2, 1, 6, 5, 4]);
  } finally {
    await reference.close();
    ctx.dispose();
  }
});
