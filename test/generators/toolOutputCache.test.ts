/**
 * The cache of what external encoders wrote (generators/toolOutputCache.ts): a call already made
 * with the same binary, arguments and input is answered from disk without a spawn; anything that
 * could change the output (another input, other arguments, a replaced binary) runs the tool; a
 * failed call is never kept; the directory stays bounded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../../generators/externalTool.ts';
import { pruneToolCache, toolOutputCache, TOOL_CACHE_DIR } from '../../generators/toolOutputCache.ts';

/** A "tool" that appends a line to `calls` each time it runs and echoes its input reversed, prefixed by its first argument. */
function fakeTool(dir: string, calls: string, body = 'rev'): string {
  const file = join(dir, 'fake-encoder');
  writeFileSync(file, `#!/bin/sh\necho run >> '${calls}'\nprintf '%s:' "$1"\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const spawns = (calls: string): number => {
  try {
    return readFileSync(calls, 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

test('a repeated tool call is answered from the cache; other arguments, input or binary run the tool again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tool-cache-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const calls = join(dir, 'calls');
  const tool = fakeTool(dir, calls);
  const input = new TextEncoder().encode('abc\n');
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  // Into the kit's own cache directory, as a run would; the entries this test wrote go after it.
  const before = new Set(existsSync(TOOL_CACHE_DIR) ? readdirSync(TOOL_CACHE_DIR) : []);
  t.after(() => {
    for (const n of readdirSync(TOOL_CACHE_DIR).filter((f) => !before.has(f))) {
      if (/^(one|two)[:!]/.test(readFileSync(join(TOOL_CACHE_DIR, n), 'utf8'))) rmSync(join(TOOL_CACHE_DIR, n), { force: true });
    }
  });

  assert.equal(text(await runTool(tool, ['one'], input, 'pkg', 'tests')), 'one:cba\n');
  assert.equal(spawns(calls), 1);
  assert.equal(text(await runTool(tool, ['one'], input, 'pkg', 'tests')), 'one:cba\n');
  assert.equal(spawns(calls), 1, 'the same call again is not spawned');
  assert.equal(text(await runTool(tool, ['two'], input, 'pkg', 'tests')), 'two:cba\n');
  assert.equal(spawns(calls), 2, 'other arguments run the tool');
  assert.equal(text(await runTool(tool, ['one'], new TextEncoder().encode('xyz\n'), 'pkg', 'tests')), 'one:zyx\n');
  assert.equal(spawns(calls), 3, 'another input runs the tool');

  // A binary replaced in place (another size and time) is another tool; the lookup is once per
  // process and PATH, so it is seen through another spelling of its path.
  writeFileSync(tool, `#!/bin/sh\necho run >> '${calls}'\nprintf '%s!' "$1"\nrev\n`);
  utimesSync(tool, new Date(), new Date(Date.now() + 5000));
  assert.equal(text(await runTool(`${dir}/./fake-encoder`, ['one'], input, 'pkg', 'tests')), 'one!cba\n');
  assert.equal(spawns(calls), 4, 'a replaced binary runs');

  process.env.PV_CONFORM_TOOL_CACHE = '0';
  try {
    await runTool(tool, ['two'], input, 'pkg', 'tests');
    assert.equal(spawns(calls), 5, 'PV_CONFORM_TOOL_CACHE=0 always runs the tool');
  } finally {
    delete process.env.PV_CONFORM_TOOL_CACHE;
  }
});

test('a failed or missing tool is never cached', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tool-cache-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const calls = join(dir, 'calls');
  const tool = fakeTool(dir, calls, 'exit 3');
  const input = new Uint8Array([1, 2, 3]);
  await assert.rejects(runTool(tool, ['a'], input, 'pkg', 'tests'), /exited 3/);
  await assert.rejects(runTool(tool, ['a'], input, 'pkg', 'tests'), /exited 3/);
  assert.equal(spawns(calls), 2);
  assert.equal(toolOutputCache(join(dir, 'no-such-tool'), ['a'], input), undefined);
  await assert.rejects(runTool('pv-conform-no-such-tool', ['a'], input, 'some-package', 'tests'), /not found: .*apt-get install some-package/);
});

test('the cache directory is pruned to the entries used most recently', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tool-cache-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const names = Array.from({ length: 10 }, (_, i) => i.toString(16).padStart(64, '0'));
  names.forEach((n, i) => {
    writeFileSync(join(dir, n), 'x');
    utimesSync(join(dir, n), 1000 + i, 1000 + i);
  });
  writeFileSync(join(dir, 'stale.tmp'), 'half');
  utimesSync(join(dir, 'stale.tmp'), 1000, 1000);
  writeFileSync(join(dir, 'fresh.tmp'), 'being written');
  pruneToolCache(dir, 8, 6);
  assert.deepEqual(readdirSync(dir).sort(), [...names.slice(4), 'fresh.tmp'].sort());
  pruneToolCache(dir, 8, 6);
  assert.equal(readdirSync(dir).length, 7, 'under the bound nothing more goes');
});
