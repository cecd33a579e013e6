/**
 * The probe a Runner starts: one bundled file that runs with `node <file>` from anywhere, with
 * no NODE_OPTIONS and nothing of the kit's on any path, rebuilt whenever one of its inputs
 * changes; and a driver that starts it the way a Runner outside the kit does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { encodeFrame, FrameDecoder } from '../../adapter/framing.ts';
import { wireErrors } from '../../adapter/runner/wire-schemas.ts';
import { subprocessDriver } from '../../adapter/runner/subprocess-client.ts';
import { kitRoot } from '../../kit/paths.ts';
import { safeId } from '../../kit/transports/safe-id.ts';
import { stripKitLoader, withoutKitLoader } from '../../kit/childEnv.ts';
import { ensureProbeBundle, inputKey } from '../../probe/bundle.ts';

function tempDir(t: { after(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the bundle is one file outside the kit that starts with bare node from another directory and speaks the protocol', async (t) => {
  const cache = tempDir(t, 'pv-probe-bundle-cache-');
  const bundle = await ensureProbeBundle({ cacheDir: cache });
  assert.equal(bundle.built, true);
  assert.ok(bundle.file.startsWith(cache) && bundle.file.endsWith(`${bundle.key}.mjs`));
  assert.ok(!bundle.inputs.some((i) => /(^|\/)node_modules\/(sharp|@img|tsx)\//.test(i)), `native or loader code bundled: ${bundle.inputs.join(', ')}`);
  const text = readFileSync(bundle.file, 'utf8');
  assert.doesNotMatch(text, /^\s*import\s[^;]*from\s*["'](?!node:)/m, 'imports something other than node: builtins');

  const cwd = tempDir(t, 'pv-probe-bundle-cwd-');
  const shm = join(cwd, 'shm');
  const dumps = join(cwd, 'dumps');
  mkdirSync(shm);
  mkdirSync(dumps);
  const script = join(cwd, 'script.json');
  const obs = join(cwd, 'obs.jsonl');
  writeFileSync(script, JSON.stringify({ step: 1, behaviour: { reply: 'ok', delayMs: 0 } }));
  const jpeg = await sharp(Buffer.alloc(5 * 2 * 3, 120), { raw: { width: 5, height: 2, channels: 3 } }).jpeg().toBuffer();
  writeFileSync(join(shm, `${safeId('dev-shm:b:1')}.bin`), jpeg);

  // What a Runner builds: its own directory, its own variables; no NODE_OPTIONS, no PATH into the kit.
  const env = { HOME: cwd, LANG: 'C.UTF-8' };
  const child = spawn(process.execPath, [bundle.file, '--script', script, '--observations', obs, '--generation', 'v2', '--transport', 'fs',
    '--shm-dir', shm, '--dump-dir', dumps], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const frames: Record<string, unknown>[] = [];
  const decoder = new FrameDecoder();
  child.stdout.on('data', (c: Buffer) => decoder.push(c).forEach((d) => d.kind === 'frame' && frames.push(d.value as Record<string, unknown>)));
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const got = (type: string) => new Promise<Record<string, unknown>>((resolve, reject) => {
    const deadline = Date.now() + 20_000;
    const check = () => {
      const f = frames.find((x) => x.type === type);
      if (f) return resolve(f);
      if (Date.now() > deadline || child.exitCode !== null) return reject(new Error(`no ${type} frame; stderr: ${stderr}`));
      setTimeout(check, 5);
    };
    check();
  });

  const hello = await got('hello');
  assert.equal(hello.sdk_version, '0.3.0');
  assert.ok(Array.isArray(hello.capabilities) && hello.capabilities.includes('shared_memory:v1'), JSON.stringify(hello));
  child.stdin.write(encodeFrame({ type: 'hello', runner_version: 'bundle test', timestamp_ms: Date.now() }));
  child.stdin.write(encodeFrame({
    type: 'call', request_id: 'r1', timestamp_ms: Date.now(),
    data: { step_index: 1, cur_image_shm_id: 'dev-shm:b:1', cur_image_meta: { width: 5, height: 2, timestamp_ms: Date.now(), camera_id: 'c' } },
  }));
  const result = await got('result');
  assert.equal(result.request_id, 'r1');
  child.stdin.write(encodeFrame({ type: 'shutdown', timestamp_ms: Date.now() }));
  await got('shutdown');
  assert.equal(await closed, 0, stderr);
  assert.equal(stderr, '', 'the probe complained');

  const lines = readFileSync(obs, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const l of lines) assert.equal(wireErrors('runner-driver/probe-observation.schema.json', l), null, JSON.stringify(l));
  assert.deepEqual(lines.map((l) => l.type), ['start', 'hello', 'call', 'reply', 'frame', 'exit']);
  const call = lines[2] as { shape: string; images: { segment: { exists: boolean; bytesFile?: string; jpeg: { markersOk: boolean } } }[] };
  assert.equal(call.shape, 'v2');
  assert.equal(call.images[0]!.segment.jpeg.markersOk, true);
  assert.deepEqual(readFileSync(call.images[0]!.segment.bytesFile!), jpeg);
});

test('a cached bundle is reused while its inputs hash the same, and rebuilt when one changes', async (t) => {
  const cache = tempDir(t, 'pv-probe-bundle-cache-');
  const first = await ensureProbeBundle({ cacheDir: cache });
  const again = await ensureProbeBundle({ cacheDir: cache });
  assert.equal(first.built, true);
  assert.deepEqual([again.built, again.file], [false, first.file]);
  assert.ok(first.inputs.includes('probe/main.ts') && first.inputs.includes('schemas/runner-driver/probe-observation.schema.json') && first.inputs.includes('probe/bundle.ts'));

  // One more input, outside the kit so no kit file is touched: a bundle recorded with it.
  const extraDir = tempDir(t, 'pv-probe-bundle-input-');
  const extra = join(extraDir, 'input.txt');
  writeFileSync(extra, 'one');
  const inputs = [...first.inputs, relative(kitRoot, extra)];
  const key = inputKey(kitRoot, inputs);
  copyFileSync(first.file, join(cache, `${key}.mjs`));
  writeFileSync(join(cache, 'inputs.json'), JSON.stringify({ key, inputs }));
  const cached = await ensureProbeBundle({ cacheDir: cache });
  assert.deepEqual([cached.built, cached.key], [false, key]);

  writeFileSync(extra, 'two');
  assert.notEqual(inputKey(kitRoot, inputs), key, 'the key follows the content');
  const rebuilt = await ensureProbeBundle({ cacheDir: cache });
  assert.equal(rebuilt.built, true, 'a changed input rebuilds the bundle');
  assert.notEqual(rebuilt.key, key);
  assert.equal(rebuilt.key, first.key, 'the same sources give the same key');
  assert.ok(existsSync(rebuilt.file));

  rmSync(extra);
  assert.notEqual(inputKey(kitRoot, inputs), key, 'a vanished input changes the key');
});

test("the kit's tsx loader is taken out of NODE_OPTIONS; everything else stays", () => {
  assert.equal(stripKitLoader('--import tsx'), undefined);
  assert.equal(stripKitLoader('--max-old-space-size=4096 --import tsx'), '--max-old-space-size=4096');
  assert.equal(stripKitLoader('--import=tsx --enable-source-maps'), '--enable-source-maps');
  assert.equal(stripKitLoader('--import file:///x/node_modules/tsx/dist/loader.mjs --trace-warnings'), '--trace-warnings');
  assert.equal(stripKitLoader('--require tsx/cjs'), undefined);
  assert.equal(stripKitLoader('--import ./my-hooks.mjs --import tsx'), '--import ./my-hooks.mjs');
  assert.equal(stripKitLoader('--import ./tsx-free.mjs'), '--import ./tsx-free.mjs');
  assert.equal(stripKitLoader(undefined), undefined);
  assert.deepEqual(withoutKitLoader({ A: '1', NODE_OPTIONS: '--import tsx' }), { A: '1' });
});

test('a driver started from another directory gets no tsx loader and starts the bundled probe the way a Runner does', async (t) => {
  const dir = tempDir(t, 'pv-launcher-driver-');
  const report = join(dir, 'report.json');
  const shm = join(dir, 'shm');
  mkdirSync(shm);
  writeFileSync(join(dir, 'script.json'), JSON.stringify({ step: 0, behaviour: { reply: 'ok', delayMs: 0 } }));
  const saved = process.env.NODE_OPTIONS;
  // What `pv-conform run` puts there for its workers, next to an option of the user's.
  process.env.NODE_OPTIONS = '--max-old-space-size=3072 --import tsx';
  t.after(() => {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  });
  const probe = (await ensureProbeBundle()).file;
  const driver = subprocessDriver([process.execPath, join(kitRoot, 'test', 'fixtures', 'launcher-runner-driver.mjs'), report], { requestSlackMs: 5_000, cwd: dir });
  const started = await driver.start({
    argv: [process.execPath, probe, '--script', join(dir, 'script.json'), '--observations', join(dir, 'obs.jsonl'), '--generation', 'v1', '--transport', 'fs', '--shm-dir', shm],
  }, { generation: 'v1', transport: 'fs', shmDir: shm, executeTimeoutMs: 5_000 });
  const stopped = await driver.stop();
  const seen = JSON.parse(readFileSync(report, 'utf8')) as { nodeOptions: string | null; algorithmCwd: string; hello: Record<string, unknown> | null; algorithmStderr: string; exit: number | null };
  assert.equal(started.status, 'ok', JSON.stringify(started));
  assert.equal(stopped.status, 'ok', JSON.stringify(stopped));
  assert.equal(seen.nodeOptions, '--max-old-space-size=3072');
  assert.deepEqual(seen.hello, { type: 'hello', sdk_version: '1.0' });
  assert.equal(seen.algorithmStderr, '');
  assert.equal(seen.exit, 0);
  assert.ok(!seen.algorithmCwd.startsWith(kitRoot));
});
