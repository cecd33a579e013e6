/**
 * The driver protocol's client half: starts a Runner's driver command, sends one framed JSON
 * command at a time, validates both directions against schemas/runner-driver/.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Outcome } from '../types.ts';
import type { AlgorithmCommand, CameraFrame, RunnerConfig, RunnerDriver, RunnerInfo, StepReport } from './types.ts';
import { encodeFrame, FrameDecoder } from './framing.ts';
import { wireErrors } from './wire-schemas.ts';

const STDERR_TAIL = 8192;

export interface SubprocessOptions {
  /** Added to the step's own execute timeout: encoding, writing, restarting the algorithm. */
  requestSlackMs: number;
  cwd?: string;
}

export function subprocessDriver(argv: string[], opts: SubprocessOptions): RunnerDriver {
  let child: ChildProcessWithoutNullStreams | undefined;
  let stderr = '';
  let seq = 0;
  let executeTimeoutMs = 0;
  let pending: { resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
  let exited: Promise<void> = Promise.resolve();

  function launch(): void {
    const [file, ...rest] = argv;
    child = spawn(file!, rest, { stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.cwd });
    const decoder = new FrameDecoder();
    child.stdout.on('data', (chunk: Buffer) => {
      for (const d of decoder.push(chunk)) {
        const p = pending;
        pending = undefined;
        if (d.kind === 'junk') p?.reject(new Error(`driver stdout is not frames: ${d.reason}`));
        else p?.resolve(d.value);
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.stdin.on('error', () => {});
    exited = new Promise((resolve) => {
      child!.on('close', (code, signal) => {
        pending?.reject(new Error(`driver exited (${code ?? signal})`));
        pending = undefined;
        resolve();
      });
    });
  }

  async function request<T>(cmd: string, body: Record<string, unknown>, timeoutMs: number): Promise<Outcome<T>> {
    const req = { cmd, seq: ++seq, ...body };
    const schema = `runner-driver/${cmd}.schema.json`;
    const bad = wireErrors(schema, req);
    if (bad) throw new Error(`kit bug: ${cmd} request does not match ${schema}: ${bad}`);
    if (!child) launch();
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await new Promise<unknown>((resolve, reject) => {
        pending = { resolve, reject };
        timer = setTimeout(() => reject(new Error(`no reply to ${cmd} within ${timeoutMs} ms`)), timeoutMs);
        child!.stdin.write(encodeFrame(req));
      });
      const wrong = wireErrors(`${schema}#/$defs/reply`, answer);
      if (wrong) return { status: 'errored', message: `${cmd} reply does not match ${schema}#/$defs/reply: ${wrong}`, stderrTail: stderr };
      const a = answer as { seq: number; status: string; value?: T; message?: string; traceback?: string };
      if (a.seq !== req.seq) return { status: 'errored', message: `${cmd} reply has seq ${a.seq}, expected ${req.seq}`, stderrTail: stderr };
      if (a.status === 'result') return { status: 'ok', value: a.value as T };
      if (a.status === 'skipped') return { status: 'skipped', message: a.message! };
      return { status: 'errored', message: [a.message, a.traceback].filter(Boolean).join('\n'), stderrTail: stderr };
    } catch (e) {
      return { status: 'errored', message: (e as Error).message, stderrTail: stderr };
    } finally {
      clearTimeout(timer);
    }
  }

  async function kill(): Promise<void> {
    if (!child) return;
    child.stdin.end();
    const killer = setTimeout(() => child?.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
    child = undefined;
  }

  return {
    start(algorithm: AlgorithmCommand, config: RunnerConfig) {
      executeTimeoutMs = config.executeTimeoutMs;
      return request<RunnerInfo>('start', { algorithm, config }, 60_000);
    },
    step(frames: CameraFrame[]) {
      return request<StepReport>('step', { frames }, executeTimeoutMs + opts.requestSlackMs);
    },
    async stop() {
      if (!child) return { status: 'ok', value: undefined };
      const r = await request<Record<string, never>>('stop', {}, 30_000);
      await kill();
      return r.status === 'ok' ? { status: 'ok', value: undefined } : r;
    },
  };
}
