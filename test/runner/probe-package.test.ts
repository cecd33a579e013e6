/**
 * The probe as the algorithm a Runner really starts (issue 12, point 2): the package directory,
 * its offline zip and the interpreter launcher `start` offers each start the kit's probe with
 * nothing but Python, from the working directory and environment the specs give a Runner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrame, FrameDecoder } from '../../adapter/framing.ts';
import { wireErrors } from '../../adapter/runner/wire-schemas.ts';
import { probeBundle } from '../../probe/bundle.ts';
import { ADAPTER_MODULE, PROBE_ENTRY_POINT, writeProbePackage, zipArchive } from '../../probe/package.ts';

const PYTHON = '/usr/bin/python3';

function tempDir(t: { after(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A session's probe argv, as steps/writer/session.ts makes it, in `dir`. */
async function probeArgv(dir: string): Promise<string[]> {
  const script = join(dir, 'script.json');
  writeFileSync(script, JSON.stringify({ step: 0, behaviour: { reply: 'ok', delayMs: 0 } }));
  mkdirSync(join(dir, 'dumps'), { recursive: true });
  return [process.execPath, await probeBundle(), '--script', script, '--observations', join(dir, 'obs.jsonl'),
    '--generation', 'v2', '--transport', 'fs', '--shm-dir', join(dir, 'shm'), '--dump-dir', join(dir, 'dumps')];
}

/**
 * Starts `argv` as a Runner would and returns the algorithm's hello; then says hello, asks for
 * shutdown and waits for the exit. Rejects when the process exits or its stdout breaks first.
 */
function helloOf(argv: string[], cwd: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const decoder = new FrameDecoder();
  let hello: Record<string, unknown> | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no hello within 20 s; stderr: ${stderr}`));
    }, 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (hello) resolve(hello);
      else reject(new Error(`exited (${code}) before its hello; stderr: ${stderr}`));
    });
    child.stdout.on('data', (c: Buffer) => {
      for (const d of decoder.push(c)) {
        if (d.kind !== 'frame') return reject(new Error(`stdout is not frames: ${d.reason}`));
        if (d.value.type !== 'hello' || hello) continue;
        hello = d.value;
        child.stdin.write(encodeFrame({ type: 'hello', runner_version: 'probe-package test' }));
        child.stdin.write(encodeFrame({ type: 'shutdown' }));
      }
    });
  });
}

/** What a Runner builds for its algorithm: no NODE_OPTIONS, nothing of the kit on PATH. */
const runnerEnv = (home: string, extra: Record<string, string> = {}) => ({ PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', ...extra });

test('start offers the probe as a package directory, an offline zip and an interpreter launcher, each valid per start.schema.json', async (t) => {
  const dir = tempDir(t, 'pv-probe-package-');
  const argv = await probeArgv(dir);
  const offered = writeProbePackage(join(dir, 'algorithm'), { argv });
  const start = { cmd: 'start', seq: 1, algorithm: { argv, ...offered }, config: { generation: 'v2', transport: 'fs', shmDir: join(dir, 'shm'), executeTimeoutMs: 3000 } };
  assert.equal(wireErrors('runner-driver/start.schema.json', start), null);
  // The v2 deploy directory name, and the manifest's minimal fields (spec/v2/spec.md).
  const p = offered.package;
  assert.equal(p.dir, join(dir, 'algorithm', `${p.name}-${p.version}`));
  const manifest = JSON.parse(readFileSync(join(p.dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual([manifest.name, manifest.version, manifest.entry_point], [p.name, p.version, PROBE_ENTRY_POINT]);
  assert.deepEqual(offered.python, { module: ADAPTER_MODULE, path: p.dir, args: ['--entry', PROBE_ENTRY_POINT] });
  // Optional: a start with argv alone (what older kits sent) still validates.
  assert.equal(wireErrors('runner-driver/start.schema.json', { ...start, algorithm: { argv } }), null);
});

test('the package directory starts the probe as v2 starts an algorithm: <python> -m procvision_algorithm_sdk.adapter --entry, cwd at the package root', async (t) => {
  const dir = tempDir(t, 'pv-probe-package-');
  const { package: p } = writeProbePackage(join(dir, 'algorithm'), { argv: await probeArgv(dir) });
  const hello = await helloOf([PYTHON, '-m', 'procvision_algorithm_sdk.adapter', '--entry', p.entryPoint], p.dir, runnerEnv(dir));
  assert.equal(hello.type, 'hello');
  assert.ok(Array.isArray(hello.capabilities), JSON.stringify(hello));
});

test('the interpreter launcher starts the probe from any directory with the path on PYTHONPATH', async (t) => {
  const dir = tempDir(t, 'pv-probe-package-');
  const elsewhere = tempDir(t, 'pv-probe-elsewhere-');
  const { python } = writeProbePackage(join(dir, 'algorithm'), { argv: await probeArgv(dir) });
  const hello = await helloOf([PYTHON, '-m', python.module, ...python.args], elsewhere, runnerEnv(elsewhere, { PYTHONPATH: python.path }));
  assert.equal(hello.type, 'hello');
});

test('the offline zip deploys as v1 says: unzip, a venv, pip install --no-index from wheels/ -r requirements.txt, and the venv python starts the probe', async (t) => {
  const dir = tempDir(t, 'pv-probe-package-');
  const { package: p } = writeProbePackage(join(dir, 'algorithm'), { argv: await probeArgv(dir) });
  const deployed = join(dir, 'algorithms', 'deployed', p.name, p.version);
  const run = (cmd: string[], cwd = dir) => {
    const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd, env: runnerEnv(dir), encoding: 'utf8' });
    assert.equal(r.status, 0, `${cmd.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  // Python's zipfile reads what probe/package.ts wrote: the zip, and the wheel inside it.
  run([PYTHON, '-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; z.extractall(sys.argv[2])', p.zip, deployed]);
  for (const f of ['manifest.json', 'requirements.txt']) assert.ok(existsSync(join(deployed, f)), f);
  assert.match(readFileSync(join(deployed, 'requirements.txt'), 'utf8'), new RegExp(`^procvision_algorithm_sdk==${p.version.replace(/\./g, '\\.')}$`, 'm'));
  assert.deepEqual(readdirSync(join(deployed, 'wheels')), [`procvision_algorithm_sdk-${p.version}-py3-none-any.whl`]);
  const venv = join(deployed, 'venv');
  run([PYTHON, '-m', 'venv', '--without-pip', venv]);
  run([PYTHON, '-m', 'pip', '--python', join(venv, 'bin', 'python'), 'install', '--no-index', '--find-links', join(deployed, 'wheels'),
    '-r', join(deployed, 'requirements.txt'), '--disable-pip-version-check', '--no-warn-script-location', '--quiet'], deployed);
  // From a cwd without the package's copy, the module can only come from the venv's site-packages.
  const outside = tempDir(t, 'pv-probe-v1-cwd-');
  const where = run([join(venv, 'bin', 'python'), '-c', 'import procvision_algorithm_sdk.adapter as a; print(a.__file__)'], outside);
  assert.match(where, /venv\/lib\/python3[^/]*\/site-packages\/procvision_algorithm_sdk\/adapter\.py/);
  const hello = await helloOf([join(venv, 'bin', 'python'), '-m', 'procvision_algorithm_sdk.adapter', '--entry', p.entryPoint], outside, runnerEnv(outside));
  assert.equal(hello.type, 'hello');
});

test('zipArchive writes stored entries Python reads back byte for byte', (t) => {
  const dir = tempDir(t, 'pv-zip-');
  const files: Array<[string, Buffer]> = [['a.txt', Buffer.from('alpha\n')], ['d/b.bin', Buffer.from([0, 1, 2, 255])], ['empty', Buffer.alloc(0)]];
  writeFileSync(join(dir, 'x.zip'), zipArchive(files));
  const r = spawnSync(PYTHON, ['-c', 'import sys, zipfile, json; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({n: list(z.read(n)) for n in z.namelist()}))', join(dir, 'x.zip')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), Object.fromEntries(files.map(([n, d]) => [n, [...d]])));
});
