/**
 * The memory-limit wrappers: the target really runs under RLIMIT_DATA, keeps the pid the kit
 * spawned (so its process group is the one the kit kills), and can still start a Node target.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { looksOutOfMemory, withMemoryLimit, type LimitMechanism } from '../../adapter/subprocess/memoryLimit.ts';

const report = 'const l=require("fs").readFileSync("/proc/self/limits","utf8").split("\\n").find(x=>x.startsWith("Max data size"));console.log(JSON.stringify({pid:process.pid,ppid:process.ppid,limit:l}))';

for (const mechanism of ['prlimit', 'ulimit'] as LimitMechanism[]) {
  test(`${mechanism}: the target runs under the data limit, exec'd in place`, () => {
    const limited = withMemoryLimit([process.execPath, '-e', report], 300, mechanism);
    assert.equal(limited.mechanism, mechanism);
    const r = spawnSync(limited.argv[0]!, limited.argv.slice(1), { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { pid: number; ppid: number; limit: string };
    assert.match(out.limit, new RegExp(`\\s${300 * 1024 * 1024}\\s+${300 * 1024 * 1024}\\s+bytes`));
    assert.equal(out.ppid, process.pid, 'the wrapper exec\'d the target: its parent is the kit');
  });
}

test('a Node target with WebAssembly (tsx) starts under the default limit', () => {
  const limited = withMemoryLimit([process.execPath, '--import', 'tsx', '-e', 'console.log("started")'], 4096);
  const r = spawnSync(limited.argv[0]!, limited.argv.slice(1), { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /started/);
});

test('no limit: 0 leaves the command alone', () => {
  assert.deepEqual(withMemoryLimit(['a', 'b'], 0), { argv: ['a', 'b'], mechanism: 'none' });
});

test('what runtimes print when an allocation fails is recognised', () => {
  for (const text of ['MemoryError', 'RangeError: Array buffer allocation failed', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    "terminate called after throwing an instance of 'std::bad_alloc'", 'memory allocation of 1073741824 bytes failed']) {
    assert.ok(looksOutOfMemory(text), text);
  }
  assert.ok(!looksOutOfMemory('Traceback: KeyError'));
});
