/**
 * A child that crashes, hangs, writes junk or breaks the protocol costs one errored request
 * (with its stderr tail), is killed with its whole process group, and is replaced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { ReaderAdapter } from '../../adapter/types.ts';
import { createSubprocessTarget } from '../../adapter/subprocess/client.ts';
import { kitPath, makeContext, nodeFixture, PYTHON, pythonShim, quote, waitUntilGone } from './helpers.ts';

const meta = { width: 1, height: 1 };

async function withHostile(mode: string, body: (a: ReaderAdapter, pidFile: string) => Promise<void>, timeoutMs = 5000, memoryLimitMb?: number) {
  const ctx = { ...makeContext(timeoutMs), ...(memoryLimitMb !== undefined ? { memoryLimitMb } : {}) };
  const pidFile = join(ctx.scratchDir, 'pids');
  const adapter = await createSubprocessTarget(`HOSTILE_PID_FILE=${quote(pidFile)} ${nodeFixture(mode)}`)(ctx);
  try {
    await body(adapter, pidFile);
  } finally {
    await adapter.close();
    ctx.dispose();
  }
}

/** Waits until the fixture has written `line` to its pid file, then lets one poll phase of the event loop pass. */
async function pipeHolds(pidFile: string, line: RegExp): Promise<void> {
  const until = Date.now() + 60_000;
  while (!line.test(existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : '')) {
    assert.ok(Date.now() < until, `the fixture never wrote ${line}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setImmediate(r));
}

const pids = (file: string) => readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number);

for (const [mode, message] of [
  ['crash-on-read', /exited with code 3/],
  ['junk-on-read', /broke the framing/],
  ['wrong-id-on-read', /does not match request id/],
  ['invalid-reply-on-read', /read reply does not match/],
  ['giant-header-on-read', /frame length 2147483648 exceeds/],
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
    assert.ok(Date.now() - started < 15_000, 'bounded by the short timeout given, not by the 30 s default');
    assert.ok(await waitUntilGone(pids(pidFile)), 'adapter and grandchild are gone');
    assert.deepEqual(await adapter.clear('a'), { status: 'ok', value: undefined });
  }, 400);
});

test('junk-when-idle: reported on the next request, then the child is replaced', async () => {
  await withHostile('junk-when-idle', async (adapter, pidFile) => {
    assert.equal((await adapter.writeBytes('a', new Uint8Array([1]))).status, 'ok');
    // The kit kills an adapter the moment it reads junk from it: that death is the event.
    await pipeHolds(pidFile, /^\d+$/m);
    assert.ok(await waitUntilGone(pids(pidFile)), 'the kit noticed the junk and killed the adapter');
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
  assert.ok(Date.now() - started < 20_000, 'bounded by the shutdown grace and the kill, not waiting on the child');
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

test('silent-hello: a child that never answers its hello fails the factory in the start-up time, and is gone', async () => {
  const ctx = makeContext();
  const pidFile = join(ctx.scratchDir, 'pids');
  try {
    const started = Date.now();
    // Long enough for the child to start and say why on any machine (it never answers anyway),
    // short of the 30 s default, which the bound below tells apart.
    const factory = createSubprocessTarget(`HOSTILE_PID_FILE=${quote(pidFile)} ${nodeFixture('silent-hello')}`, { startupTimeoutMs: 10_000 });
    await assert.rejects(factory(ctx), /did not complete its hello: no reply to hello within 10000 ms[\s\S]*loading a very large model/);
    assert.ok(Date.now() - started < 25_000, 'bounded by the short timeout given, not by the 30 s default');
    assert.ok(await waitUntilGone(pids(pidFile)));
  } finally {
    ctx.dispose();
  }
});

test('huge-image-on-read: a reply describing an 8 GB image is refused from its shape, nothing allocated', async () => {
  await withHostile('huge-image-on-read', async (adapter) => {
    const before = process.memoryUsage().rss;
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'errored');
    assert.match(read.status === 'errored' ? read.message : '', /reply unusable: .*would need 7864320000 bytes, more than the kit's limit/);
    assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
    assert.equal((await adapter.clear('a')).status, 'ok', 'the child is still usable: its reply was well-formed');
  });
});

test('foreign-file-on-read: a reply naming a file the kit did not offer is refused and the file is left alone', async () => {
  await withHostile('foreign-file-on-read', async (adapter) => {
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'errored');
    assert.match(read.status === 'errored' ? read.message : '', /payload file \/etc\/hostname is not the one offered/);
  });
});

test('fifo-on-read: a FIFO at the reply path is refused at once, not waited on (the run would hang)', async () => {
  await withHostile('fifo-on-read', async (adapter) => {
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'errored');
    assert.match(read.status === 'errored' ? read.message : '', /^adapter reply unusable: payload file .*\/2\.reply\.bin is not a regular file \(a FIFO\)/);
  });
});

test('symlink-on-read: a symlink at the reply path is refused, and the file it points to is not read', async () => {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
  await withHostile('symlink-on-read', async (adapter) => {
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'errored');
    assert.match(read.status === 'errored' ? read.message : '', /^adapter reply unusable: payload file .*\/2\.reply\.bin is a symbolic link/);
    assert.ok(!JSON.stringify(read).includes(passwd));
  });
});

test('huge-exception-on-read: 8 MB of exception message comes back capped, the cut marked', async () => {
  await withHostile('huge-exception-on-read', async (adapter) => {
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'ok');
    const value = read.status === 'ok' ? read.value : undefined;
    assert.equal(value?.kind, 'exception');
    if (value?.kind !== 'exception') return;
    // 8 000 007 characters sent: the first 4096 kept.
    assert.ok(/^x{4096}… \[truncated, 7995911 more characters\]$/.test(value.message), `message: ${value.message.slice(-80)} (${value.message.length} characters)`);
    assert.ok(/^HugeErrorE+… \[truncated, 95913 more characters\]$/.test(value.type), `type: ${value.type.slice(-80)} (${value.type.length} characters)`);
  });
});

test('huge-error-on-read: 4 MB each of errored message and traceback, and 1 MB of stderr, come back capped', async () => {
  await withHostile('huge-error-on-read', async (adapter) => {
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'errored');
    if (read.status !== 'errored') return;
    const capped = /^m{4096}… \[truncated, 3995911 more characters\]\nt{4096}… \[truncated, 3995911 more characters\]$/;
    assert.ok(capped.test(read.message), `message of ${read.message.length} characters`);
    const tail = read.stderrTail ?? '';
    assert.ok(/^\[truncated, \d+ earlier bytes\] …y+\n/.test(tail) && tail.length < 10_000, `stderr tail of ${tail.length} characters: ${tail.slice(0, 60)}`);
  });
});

test('spawn-and-crash-on-read: the child dies, its own child is killed with the process group', async () => {
  await withHostile('spawn-and-crash-on-read', async (adapter, pidFile) => {
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'errored');
    assert.match(read.status === 'errored' ? read.message : '', /exited with code 5/);
    assert.ok(await waitUntilGone(pids(pidFile)), `processes ${pids(pidFile).join(', ')} are gone`);
  });
});

test('allocate-on-read: a target that allocates without bound dies at its memory limit, reported as such', async () => {
  // The read ends by the target's death at its limit, which the message says; the request
  // timeout is only a backstop, long enough that a busy machine cannot make it fire first.
  await withHostile('allocate-on-read', async (adapter) => {
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'errored');
    assert.match(read.status === 'errored' ? read.message : '', /^target exceeded its memory limit \(256 MB; --memory-limit-mb\): adapter exited/);
    assert.equal((await adapter.clear('a')).status, 'ok', 'a fresh child takes the next request');
  }, 120_000, 256);
});

test('stderr-flood-on-read: 48 MB of stderr keeps only its tail; the read itself succeeds', async () => {
  await withHostile('stderr-flood-on-read', async (adapter) => {
    const read = await adapter.read('a', meta);
    assert.deepEqual(read, { status: 'ok', value: { kind: 'none' } });
    const crash = await adapter.read('b', meta);
    assert.equal(crash.status, 'ok');
  });
});

test('an adapter is aborted at once: its child is killed and no new one starts', async () => {
  const { abortSubprocessTargets } = await import('../../adapter/subprocess/client.ts');
  await withHostile('hang-on-read', async (adapter, pidFile) => {
    const pending = adapter.read('a', meta);
    await pipeHolds(pidFile, /^\d+ \d+$/m); // the adapter is inside its hanging read
    const started = Date.now();
    abortSubprocessTargets('SIGTERM');
    const read = await pending;
    assert.equal(read.status, 'errored');
    assert.match(read.status === 'errored' ? read.message : '', /run aborted \(SIGTERM\)/);
    assert.ok(Date.now() - started < 15_000);
    assert.ok(await waitUntilGone(pids(pidFile)));
    assert.match((await adapter.clear('a')).status, /errored/);
  }, 30_000);
});

test('a Python SDK that allocates without bound: its MemoryError comes back as the read\'s value, a finding about the SDK', { skip: existsSync(PYTHON) ? false : `${PYTHON} is missing` }, async () => {
  const ctx = { ...makeContext(20_000), memoryLimitMb: 512 };
  const adapter = await createSubprocessTarget(pythonShim('--sdk-path', quote(kitPath('test/fixtures')), '--module', 'greedy_sdk'))(ctx);
  try {
    const read = await adapter.read('a', meta);
    assert.equal(read.status, 'ok');
    assert.deepEqual(read.status === 'ok' && read.value.kind === 'exception' && read.value.type, 'MemoryError');
  } finally {
    await adapter.close();
    ctx.dispose();
  }
});
