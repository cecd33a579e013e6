/**
 * The Python driver kit (adapters/python/pv_conform_driver.py; issue 12, point 7) and its first
 * done-when point: a driver built on it, started from a temporary directory with a clean
 * environment, wraps a small Runner (test/fixtures/spec_runner.py) that installs and starts
 * algorithms only as the v2 runner_spec says, and the writer suite runs against it with 0
 * errored. The kit's own behaviours (framing, stdout protection, reply shapes, `blocked`, the end
 * of stdin) are shown on a driver written in the test, through the kit's own driver client.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subprocessDriver } from '../../adapter/runner/subprocess-client.ts';
import type { CameraFrame } from '../../adapter/runner/types.ts';
import { kitRoot } from '../../kit/paths.ts';
import { probeBundle } from '../../probe/bundle.ts';
import { writeProbePackage } from '../../probe/package.ts';
import type { RunReport } from '../../reports/runReport.ts';

const PYTHON = '/usr/bin/python3';
const DRIVER_KIT = join(kitRoot, 'adapters', 'python', 'pv_conform_driver.py');

function tempDir(t: { after(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface SessionLog { cwd: string; nodeOptions: string | null; started: Array<{ argv: string[]; cwd: string }> }

test('a Python driver wrapping a v2-spec Runner, started from another directory with a clean environment, runs the writer suite with 0 errored', async (t) => {
  // A vendor's directory: the driver kit copied next to their Runner and driver, nothing of the kit.
  const work = tempDir(t, 'pv-python-driver-');
  for (const f of [DRIVER_KIT, join(kitRoot, 'test', 'fixtures', 'spec_runner.py'), join(kitRoot, 'test', 'fixtures', 'spec_runner_driver.py')]) {
    copyFileSync(f, join(work, f.split('/').pop()!));
  }
  // Relative paths: the driver starts in the user's directory, whatever the kit's is.
  const runner = `${PYTHON} spec_runner_driver.py --log sessions.jsonl`;
  const child = spawn(process.execPath, [join(kitRoot, 'bin', 'pv-conform.mjs'), 'run', '--side', 'writer', '--runner', runner,
    '--report-dir', 'reports', '--num-runs', '2', '--no-shrink', '--seed', '7'],
  { cwd: work, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.ok(existsSync(join(work, 'reports', 'results.json')), `no results.json (exit ${code}):\n${output.slice(-4000)}`);
  const report = JSON.parse(readFileSync(join(work, 'reports', 'results.json'), 'utf8')) as RunReport;

  assert.deepEqual(report.scenarios.filter((s) => s.verdict === 'errored').map((s) => `${s.location}: ${s.error}`), []);
  assert.deepEqual(report.scenarios.filter((s) => s.verdict === 'failed').map((s) => `${s.location}: ${s.failure?.clause} ${s.failure?.actual}`), []);
  // Conformant on what it runs; every skip is a configuration it declared it does not run.
  assert.equal(report.verdict, 'conformant', output.slice(-3000));
  assert.equal(code, 0);
  const skipped = report.scenarios.filter((s) => s.verdict === 'skipped');
  for (const s of skipped) {
    assert.equal(s.skipCause?.kind, 'runner-config', `${s.location}: ${s.skipReason}`);
    assert.notEqual(s.skipCause?.name, 'v2 over fs', s.location);
  }
  const v2fs = report.scenarios.filter((s) => / \(v2, fs\)$/.test(s.name));
  assert.ok(v2fs.length >= 20 && v2fs.every((s) => s.verdict === 'passed'), JSON.stringify(v2fs.map((s) => [s.name, s.verdict])));

  // The Runner started nothing but the kit's package, the v2 way, in its deploy directory; the
  // driver ran in the user's directory, with no loader of the kit's in its environment.
  const sessions = readFileSync(join(work, 'sessions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SessionLog);
  assert.ok(sessions.length > v2fs.length, `${sessions.length} sessions`);
  for (const s of sessions) {
    assert.equal(s.nodeOptions, null);
    assert.equal(s.cwd, work);
    assert.ok(s.started.length >= 1);
    for (const a of s.started) {
      assert.deepEqual(a.argv, [PYTHON, '-m', 'procvision_algorithm_sdk.adapter', '--entry', 'pv_conform_probe.main:PvConformProbe']);
      assert.match(a.cwd, /\/spec-runner-deploy-[^/]+\/pv_conform_probe-\d+\.\d+\.\d+[^/]*$/);
    }
  }
});

/** A driver on the kit whose Runner prints, starts children on inherited stdio, fails and hangs on cue. */
const NOISY_DRIVER = `
import os, subprocess, sys, time
import pv_conform_driver as pvd

class Noisy(pvd.Driver):
    def start(self, algorithm, config):
        print("the Runner's own print on stdout")
        os.system("echo a child writing to the inherited stdout")
        subprocess.run(["cat"])  # a child reading the inherited stdin
        self.config = config
        return pvd.runner_info("noisy", "1.0", generations=["v2"], transports=["fs"])

    def step(self, frames, clock):
        cue = frames[0].camera_id
        print("stepping", cue)
        if cue == "skip":
            raise pvd.Skip("noisy does not run this")
        if cue == "boom":
            raise RuntimeError("the Runner broke")
        if cue == "stuck":
            time.sleep(60)
        clock.call_sent()
        clock.answered()
        return pvd.report(pvd.outcome_from_frame({"type": "result", "status": "OK", "data": {"result_status": "NG"}}), runner_result={"status": "OK"})

    def stop(self):
        with open(sys.argv[1], "w") as f:
            f.write("stopped")

pvd.serve(Noisy())
`;

test('the driver kit keeps the framing from the Runner\'s prints and children, and replies result, skipped, errored and blocked in the schemas\' shapes', async (t) => {
  const work = tempDir(t, 'pv-python-driver-kit-');
  copyFileSync(DRIVER_KIT, join(work, 'pv_conform_driver.py'));
  writeFileSync(join(work, 'noisy_driver.py'), NOISY_DRIVER);
  const stopped = join(work, 'stopped');
  // The kit's client validates every reply against its schema: a malformed one is errored.
  const driver = subprocessDriver([PYTHON, join(work, 'noisy_driver.py'), stopped], { requestSlackMs: 30_000, cwd: work });
  t.after(() => driver.stop());
  const started = await driver.start({ argv: ['/bin/true'] }, { generation: 'v2', transport: 'fs', shmDir: join(work, 'shm'), executeTimeoutMs: 300, graceMs: 400 });
  assert.equal(started.status, 'ok', JSON.stringify(started));
  assert.equal(started.status === 'ok' && started.value.name, 'noisy');
  const pixels = join(work, 'pixels.raw');
  writeFileSync(pixels, Buffer.alloc(2 * 2 * 3));
  const frames = (cue: string): CameraFrame[] => [
    { role: 'cur', cameraId: cue, width: 2, height: 2, channels: 3, pixelsFile: pixels },
    { role: 'guide', cameraId: 'g', width: 2, height: 2, channels: 3, pixelsFile: pixels },
  ];

  const before = Date.now();
  const ok = await driver.step(frames('ok'));
  assert.equal(ok.status, 'ok', JSON.stringify(ok));
  if (ok.status === 'ok') {
    assert.deepEqual(ok.value.outcome, { kind: 'result', status: 'OK', resultStatus: 'NG' });
    assert.equal(ok.value.runnerResult, '{"status": "OK"}');
    const { startedAtMs, callSentAtMs, answeredAtMs, endedAtMs } = ok.value.timing;
    assert.ok(before <= startedAtMs && startedAtMs <= callSentAtMs! && callSentAtMs! <= answeredAtMs! && answeredAtMs! <= endedAtMs && endedAtMs <= Date.now());
  }
  const skipped = await driver.step(frames('skip'));
  assert.deepEqual(skipped, { status: 'skipped', message: 'noisy does not run this' });
  const errored = await driver.step(frames('boom'));
  assert.equal(errored.status, 'errored');
  assert.match(errored.status === 'errored' ? errored.message : '', /RuntimeError: the Runner broke[\s\S]*Traceback[\s\S]*in step/);

  // Stuck: answered blocked at executeTimeoutMs + graceMs after the step arrived, not at the kit's 30 s.
  const t0 = Date.now();
  const stuck = await driver.step(frames('stuck'));
  const took = Date.now() - t0;
  assert.equal(stuck.status, 'ok', JSON.stringify(stuck));
  assert.equal(stuck.status === 'ok' && stuck.value.outcome.kind, 'blocked');
  // Far below the kit's 30 s, with room for a busy machine.
  assert.ok(took >= 650 && took < 15_000, `blocked after ${took} ms`);

  const stop = await driver.stop();
  assert.equal(stop.status, 'ok', JSON.stringify(stop));
  assert.equal(readFileSync(stopped, 'utf8'), 'stopped');
});

test('a driver whose stdin closes without stop stops its Runner and exits', async (t) => {
  const work = tempDir(t, 'pv-python-driver-eof-');
  copyFileSync(DRIVER_KIT, join(work, 'pv_conform_driver.py'));
  writeFileSync(join(work, 'noisy_driver.py'), NOISY_DRIVER);
  const stopped = join(work, 'stopped');
  const child = spawn(PYTHON, [join(work, 'noisy_driver.py'), stopped], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  child.stdin.end();
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.equal(code, 0);
  assert.equal(readFileSync(stopped, 'utf8'), 'stopped');
});

/** A driver that starts the algorithm through one of the kit's launchers and completes its handshake with the kit's framing helpers. */
const LAUNCHER_DRIVER = `
import os, subprocess, sys, tempfile
import pv_conform_driver as pvd

class Launching(pvd.Driver):
    def start(self, algorithm, config):
        elsewhere = tempfile.mkdtemp()
        base = {"PATH": "/usr/bin:/bin", "PROC_SHM_DIR": config.shm_dir}
        if sys.argv[1] == "package":
            argv, cwd = algorithm.package_command(sys.executable)
            env = base
        else:
            argv, env = algorithm.python_command(sys.executable, base_env=base)
            cwd = elsewhere
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        hello = pvd.read_frame(self.proc.stdout)
        if not hello or hello.get("type") != "hello":
            raise RuntimeError("no hello: %r" % (hello,))
        pvd.write_frame(self.proc.stdin, {"type": "hello", "runner_version": "launcher test"})
        return pvd.runner_info("launching", hello.get("sdk_version", "?"), generations=["v2"], transports=["fs"])

    def stop(self):
        pvd.write_frame(self.proc.stdin, {"type": "shutdown"})
        reply = pvd.read_frame(self.proc.stdout)
        self.proc.wait(10)
        assert reply and reply.get("type") == "shutdown", reply

pvd.serve(Launching())
`;

for (const shape of ['package', 'python'] as const) {
  test(`the driver kit's ${shape === 'package' ? 'package command (v2: -m procvision_algorithm_sdk.adapter in the package root)' : 'interpreter launcher (PYTHONPATH, any cwd)'} starts the kit's probe`, async (t) => {
    const work = tempDir(t, 'pv-python-driver-launch-');
    copyFileSync(DRIVER_KIT, join(work, 'pv_conform_driver.py'));
    writeFileSync(join(work, 'launching_driver.py'), LAUNCHER_DRIVER);
    const script = join(work, 'script.json');
    writeFileSync(script, JSON.stringify({ step: 0, behaviour: { reply: 'ok', delayMs: 0 } }));
    const argv = [process.execPath, await probeBundle(), '--script', script, '--observations', join(work, 'obs.jsonl'),
      '--generation', 'v2', '--transport', 'fs', '--shm-dir', join(work, 'shm'), '--dump-dir', work];
    const driver = subprocessDriver([PYTHON, join(work, 'launching_driver.py'), shape], { requestSlackMs: 30_000, cwd: work });
    t.after(() => driver.stop());
    const started = await driver.start({ argv, ...writeProbePackage(join(work, 'algorithm'), { argv }) },
      { generation: 'v2', transport: 'fs', shmDir: join(work, 'shm'), executeTimeoutMs: 3000 });
    assert.equal(started.status, 'ok', JSON.stringify(started));
    assert.equal(started.status === 'ok' && started.value.version, '0.3.0'); // the probe's hello
    const stop = await driver.stop();
    assert.equal(stop.status, 'ok', JSON.stringify(stop));
    // The probe recorded its own start and its shutdown: it was the process the launcher started.
    const obs = readFileSync(join(work, 'obs.jsonl'), 'utf8');
    assert.match(obs, /"type":"start"/);
    assert.match(obs, /"frameType":"shutdown"/);
  });
}
