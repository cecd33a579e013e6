/**
 * Before any scenario: an out-of-process reader target or Runner driver is started once and must
 * complete its hello. One that cannot (a missing module, a wrong path, a crash on load) would
 * otherwise fail the same way in every scenario, print the same stderr each time and end the run
 * INCOMPLETE; here it stops the run with one error and the stderr that explains it.
 * Embedded targets run in the kit's process and need no preflight. A hello that works here and
 * fails in a later scenario stays that scenario's error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TargetError } from '../adapter/resolveReaderTarget.ts';
import type { RunnerInfo } from '../adapter/runner/types.ts';

export class PreflightError extends TargetError {}

export interface PreflightOptions {
  side: 'reader' | 'writer';
  /** The --target (reader) or --runner (writer) value. */
  target: string;
  requestTimeoutMs: number;
  memoryLimitMb: number;
  /** Execute timeout handed to the Runner in its `start` (writer side). */
  executeTimeoutMs: number;
  /** Where the target or driver starts, as in the scenarios (RunParams.cwd); absent: this process's. */
  cwd?: string | undefined;
}

/** Lines of the stderr tail printed: what explains a failed start is at its end. */
const MAX_TAIL_LINES = 40;

export function needsPreflight(target: string): boolean {
  return target !== 'reference' && !target.startsWith('mutant:');
}

export interface PreflightResult {
  /**
   * Writer side: the Runner info its start replied with, i.e. its capabilities, learned once for
   * the run (RunParams.runnerCapabilities); absent when it refused that start.
   */
  runnerInfo?: RunnerInfo;
}

export async function preflight(o: PreflightOptions): Promise<PreflightResult> {
  const learned: PreflightResult = {};
  if (!needsPreflight(o.target)) return learned;
  const scratch = mkdtempSync(join(tmpdir(), 'pv-conform-preflight-'));
  // A signal's default action skips the exit hooks that end the child's process group; exiting
  // through process.exit runs them, so Ctrl-C during a slow hello leaves nothing running.
  const onSignal = (signal: NodeJS.Signals) => {
    rmSync(scratch, { recursive: true, force: true });
    process.exit(128 + osConstants.signals[signal]);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    const failure = o.side === 'reader' ? await readerHello(o, scratch) : await driverHello(o, scratch, learned);
    if (failure) throw new PreflightError(describe(o, failure));
    return learned;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
    rmSync(scratch, { recursive: true, force: true });
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

interface Failure {
  reason: string;
  stderrTail?: string | undefined;
}

async function readerHello(o: PreflightOptions, scratch: string): Promise<Failure | undefined> {
  const { createSubprocessTarget } = await import('../adapter/subprocess/client.ts');
  const shmDir = join(scratch, 'shm');
  const scratchDir = join(scratch, 'scratch');
  for (const d of [shmDir, scratchDir]) mkdirSync(d);
  try {
    const adapter = await createSubprocessTarget(o.target)({ shmDir, scratchDir, requestTimeoutMs: o.requestTimeoutMs, memoryLimitMb: o.memoryLimitMb, ...(o.cwd !== undefined ? { cwd: o.cwd } : {}) });
    await adapter.close();
    return undefined;
  } catch (e) {
    return splitTail((e as Error).message, /\n--- adapter stderr ---\n/);
  }
}

async function driverHello(o: PreflightOptions, scratch: string, learned: PreflightResult): Promise<Failure | undefined> {
  // Not through steps/writer/session.ts: step modules register cucumber hooks when imported.
  const { resolveRunnerDriver } = await import('../adapter/runner/resolve.ts');
  const { probeBundle } = await import('../probe/bundle.ts');
  const { writeProbePackage } = await import('../probe/package.ts');
  const shmDir = join(scratch, 'shm');
  const script = join(scratch, 'script.json');
  writeFileSync(script, JSON.stringify({ step: 0, behaviour: { reply: 'ok', delayMs: 0 } }));
  const driver = await resolveRunnerDriver(o.target, { requestSlackMs: 30_000, memoryLimitMb: o.memoryLimitMb, ...(o.cwd !== undefined ? { cwd: o.cwd } : {}) });
  try {
    // v2 over fs, the commonest configuration. A driver that does not support it says so with
    // `skipped`, which is an answer too: it started and speaks the protocol.
    const argv = [
      process.execPath, await probeBundle(), '--script', script, '--observations', join(scratch, 'observations.jsonl'),
      '--generation', 'v2', '--transport', 'fs', '--shm-dir', shmDir, '--dump-dir', scratch, '--hang-limit-ms', '60000',
    ];
    // Every shape a scenario's start offers (probe/package.ts), so a Runner that starts only packages starts here too.
    const started = await driver.start({ argv, ...writeProbePackage(join(scratch, 'algorithm'), { argv }) },
      { generation: 'v2', transport: 'fs', shmDir, executeTimeoutMs: o.executeTimeoutMs });
    if (started.status === 'errored') return { reason: started.message, stderrTail: started.stderrTail };
    if (started.status === 'ok') learned.runnerInfo = started.value;
    return undefined;
  } finally {
    await driver.stop();
  }
}

function splitTail(message: string, marker: RegExp): Failure {
  const m = marker.exec(message);
  return m ? { reason: message.slice(0, m.index), stderrTail: message.slice(m.index + m[0].length) } : { reason: message };
}

function describe(o: PreflightOptions, f: Failure): string {
  const option = o.side === 'reader' ? '--target' : '--runner';
  const what = o.side === 'reader' ? 'the target' : 'the Runner driver';
  const reason = f.reason.split('\n').map((l) => l.trim()).filter(Boolean).join(' ')
    .replace(/^(?:adapter did not complete its hello|Runner did not start): /, '');
  const head = `${what} (${option}) did not complete its hello, so no scenario was run: ${reason}`;
  const tail = (f.stderrTail ?? '').replace(/\s+$/, '').split('\n');
  const shown = tail.slice(-MAX_TAIL_LINES);
  if (!shown.join('').trim()) return head;
  const cut = tail.length - shown.length;
  return `${head}\n--- its stderr (tail${cut > 0 ? `, last ${shown.length} lines` : ''}) ---\n${shown.join('\n')}`;
}
