/**
 * One-shot Runners (issue 12, point 3; docs/runner-driver.md, "One-shot and long-lived
 * Runners"): `start` may start nothing and every `step` may start and end the algorithm, and the
 * writer checks hold either way. test/fixtures/oneshot-runner-driver.mjs is such a Runner (a
 * development CLI: one algorithm process per call); its `--leave-segments` variant forgets its
 * segments once the algorithm has exited. The kit tells the processes of a session apart by
 * their `start` observations, not by pid alone, since a later process may reuse an earlier pid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';
import { handshakeProblems } from '../../steps/writer/checks.ts';
import { processInstances, type Observation } from '../../steps/writer/observations.ts';

const FIXTURE = join(kitRoot, 'test', 'fixtures', 'oneshot-runner-driver.mjs');

interface SessionLog { steps: Array<{ pid: number; exitedBeforeReply: boolean }> }

async function runWriter(t: { after(fn: () => void): void }, driverArgs: string[]): Promise<{ code: number | null; report: RunReport; output: string; work: string }> {
  const work = mkdtempSync(join(tmpdir(), 'pv-oneshot-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const runner = [process.execPath, FIXTURE, ...driverArgs].map((w) => JSON.stringify(w)).join(' ');
  const child = spawn(process.execPath, [join(kitRoot, 'bin', 'pv-conform.mjs'), 'run', '--side', 'writer', '--runner', runner,
    '--report-dir', join(work, 'reports'), '--num-runs', '2', '--no-shrink', '--seed', '7'],
  { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const results = join(work, 'reports', 'results.json');
  assert.ok(existsSync(results), `no results.json (exit ${code}):\n${output.slice(-4000)}`);
  return { code, report: JSON.parse(readFileSync(results, 'utf8')) as RunReport, output, work };
}

const errored = (r: RunReport) => r.scenarios.filter((s) => s.verdict === 'errored').map((s) => `${s.location}: ${s.error}`);

test('a one-shot Runner (start starts nothing, every step starts and ends the algorithm) runs the writer suite conformant with 0 errored', async (t) => {
  const log = join(tmpdir(), `pv-oneshot-log-${process.pid}-${Date.now()}.jsonl`);
  t.after(() => rmSync(log, { force: true }));
  const { code, report, output } = await runWriter(t, ['--log', log]);
  assert.deepEqual(errored(report), []);
  assert.deepEqual(report.scenarios.filter((s) => s.verdict === 'failed').map((s) => `${s.location}: ${s.failure?.clause} ${s.failure?.actual}`), []);
  assert.equal(report.verdict, 'conformant', output.slice(-3000));
  assert.equal(code, 0);
  // What it declares (v2 over fs) is all it is asked; everything else is skipped for that reason.
  for (const s of report.scenarios.filter((x) => x.verdict === 'skipped')) assert.equal(s.skipCause?.kind, 'runner-config', `${s.location}: ${s.skipReason}`);
  const v2fs = report.scenarios.filter((s) => / \(v2, fs\)$/.test(s.name));
  assert.ok(v2fs.length >= 20 && v2fs.every((s) => s.verdict === 'passed'), JSON.stringify(v2fs.map((s) => [s.name, s.verdict])));

  // It really was one-shot: a process per step, each gone before the step's reply.
  const sessions = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SessionLog);
  const steps = sessions.flatMap((s) => s.steps);
  assert.ok(steps.length > v2fs.length, `${steps.length} steps in ${sessions.length} sessions`);
  for (const s of sessions) assert.equal(new Set(s.steps.map((x) => x.pid)).size, s.steps.length, JSON.stringify(s.steps));
  assert.ok(steps.every((s) => s.exitedBeforeReply), JSON.stringify(steps.filter((s) => !s.exitedBeforeReply)));
  assert.ok(sessions.some((s) => s.steps.length >= 6), 'a session of several steps (WR-ID-02, WR-LEAK-01, WR-PROTO-03)');
});

test('a one-shot Runner that leaves its segments once the algorithm has exited fails the cleanup clauses, and only those', async (t) => {
  const { code, report } = await runWriter(t, ['--leave-segments']);
  assert.deepEqual(errored(report), []);
  const failed = [...new Set(report.scenarios.filter((s) => s.verdict === 'failed').map((s) => s.failure?.clause))].sort();
  assert.deepEqual(failed, ['WR-CLEAN-01', 'WR-CLEAN-02', 'WR-CLEAN-03', 'WR-LEAK-01']);
  for (const s of report.scenarios.filter((x) => x.verdict === 'failed')) assert.match(s.failure?.actual ?? '', /segment "dev-cli:[^"]+" at .* still exists/, s.location);
  // The in-flight clause still holds: the segments stay while the algorithm works.
  assert.equal(report.scenarios.find((s) => s.name === 'Segments stay while the algorithm takes its time (v2, fs)')?.verdict, 'passed');
  assert.equal(report.verdict, 'non-conformant');
  assert.equal(code, 1);
});

/** The probe's observations of one process, as probe/main.ts writes them. */
function observedProcess(pid: number, at: number, hello: boolean): Observation[] {
  const call: Observation = {
    type: 'call', at: at + 20, pid, step: at, shape: 'v2', frameBytes: 100, schemaErrors: { v2: null }, bulkyStrings: [], images: [],
    behaviour: { reply: 'ok', delayMs: 0 },
  };
  return [
    { type: 'start', at, pid, generation: 'v2', transport: 'fs', procShmDir: null },
    ...(hello ? [{ type: 'hello', at: at + 10, pid, sentHelloAt: at + 5, callsBefore: 0, schemaErrors: null } as Observation] : []),
    call,
    { type: 'exit', at: at + 30, pid, reason: 'shutdown' },
  ];
}

test('WR-PROTO-01 judges every algorithm process of a session, even one that reuses an earlier process\'s pid', () => {
  // Step 1's process got the Runner's hello; step 3's, with the same pid as step 1's, did not.
  const all = [...observedProcess(4242, 1000, true), ...observedProcess(4300, 2000, true), ...observedProcess(4242, 3000, false)];
  assert.deepEqual(handshakeProblems(all, 2000), ["algorithm process 4242 got a call but never the Runner's hello"]);
  assert.deepEqual(handshakeProblems([...observedProcess(4242, 1000, true), ...observedProcess(4242, 3000, true)], 2000), []);
  // WR-PROTO-03 ("a new algorithm process") asks the same: two calls from one pid, two processes.
  const processOf = processInstances(all);
  const calls = all.filter((o) => o.type === 'call');
  assert.notEqual(processOf.get(calls[0]!), processOf.get(calls[2]!));
});
