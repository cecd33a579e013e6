/**
 * A child that crashes, hangs, writes junk or breaks the protocol costs one errored request
 * (with its stderr tail), is killed with its whole process group, and is replaced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { ReaderAdapter } from '../../adapter/types.ts';
import { createSubprocessTarget } from '../../adapter/subprocess/client.ts';
import { makeContext, nodeFixture, quote, waitUntilGone } from './helpers.ts';

const meta = { width: 1, height: 1 };

async function withHostile(mode: string, body: (a: ReaderAdapter, pidFile: string) => Promise<void>, timeoutMs = 5000) {
  const ctx = makeContext(timeoutMs);
  const pidFile = join(ctx.scratchDir, 'pids');
  const adapter = await createSubprocessTarget(`HOSTILE_PID_FILE=${quote(pidFile)} ${nodeFixture(mode)}`)(ctx);
  try {
    await body(adapter, pidFile);
  } finally {
    await adapter.close();
    ctx.dispose();
  }
}

const pids = (file: string) => readFileSync(file, 'utf8').split(' ').map(Number);

for (const [mode, message] of [
  ['crash-on-read', /exited with code 3/],
  ['junk-on-read', /broke the framing/],
  ['wrong-id-on-read', /does not match request id/],
  ['invalid-reply-on-read', /read reply does not match/],
] as const) {
  test(`${mode}: the read is errored with the stderr tail, and the next request gets a fresh child`, async () => {
    await withHostile(mode, async (adapter) => {
      assert.deepEqual(await adapter.writeBytes('a', new Uint8Array([1])), { status: 'ok', value: undefined });
      const read = await adapter.read('a', meta);
      assert.equal(read.status, 'errored');
      assert.match(read.status === 'errored' ? read.message : '', message);
      assert.match(read.status === 'errored' ? read.stderrTail ?? '' : '', new RegExp(`about to misbehave: ${mode}`));
      assert.deepEqual(await adapter.clear('a'), { status: 'ok', value: undefined });
    });
  });
}

test('hang-on-read: the read times out and the child and its own child are killed', async () => {
  await withHostile('hang-on-read', async (adapter, pidFile) => {
    const started = Date.now();
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'errored');
    assert.match(read.status === 'errored' ? read.message : '', /no reply to read within 400 ms/);
    assert.ok(Date.now() - started < 3000);
    assert.ok(await waitUntilGone(pids(pidFile)), 'adapter and grandchild are gone');
    assert.deepEqual(await adapter.clear('a'), { status: 'ok', value: undefined });
  }, 400);
});

test('junk-when-idle: reported on the next request, then the child is replaced', async () => {
  await withHostile('junk-when-idle', async (adapter) => {
    assert.equal((await adapter.writeBytes('a', new Uint8Array([1]))).status, 'ok');
    await new Promise((r) => setTimeout(r, 150));
    const next = await adapter.clear('a');
    assert.equal(next.status, 'errored');
    assert.match(next.status === 'errored' ? next.message : '', /broke between requests/);
    assert.equal((await adapter.clear('a')).status, 'ok');
  });
});

test('a child that cannot start fails the factory with its stderr', async () => {
  const ctx = makeContext();
  try {
    await assert.rejects(createSubprocessTarget(nodeFixture('fail-hello'))(ctx), /exited with code 4[\s\S]*cannot load the SDK/);
    await assert.rejects(createSubprocessTarget('/nonexistent/adapter --x')(ctx), /could not start/);
  } finally {
    ctx.dispose();
  }
});

test('close() leaves no process behind, even when the child ignores shutdown', async () => {
  let recorded: number[] = [];
  const started = Date.now();
  await withHostile('ignore-shutdown', async (adapter, pidFile) => {
    assert.equal((await adapter.hello()).name, 'hostile-ignore-shutdown');
    recorded = pids(pidFile);
  });
  assert.equal(recorded.length, 2);
  assert.ok(await waitUntilGone(recorded), `processes ${recorded.join(', ')} are gone`);
  assert.ok(Date.now() - started < 8000);
});

test('undeclared capabilities and transports are skipped without asking the child', async () => {
  await withHostile('well-behaved', async (adapter) => {
    assert.equal((await adapter.writeArray('a', { dtype: 'uint8', shape: [1], data: new Uint8Array(1) })).status, 'skipped');
    assert.equal((await adapter.writeBytes('a', new Uint8Array(1), { transport: 'fs' })).status, 'skipped');
    assert.equal((await adapter.read('a', meta, { process: 'other' })).status, 'skipped');
    assert.equal((await adapter.read('a', { width: Infinity, height: 1 })).status, 'skipped');
    assert.deepEqual(await adapter.read('a', meta), { status: 'ok', value: { kind: 'none' } });
  });
});
