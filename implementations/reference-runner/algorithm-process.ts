/**
 * The Runner's handle on one algorithm process: spawn, framed stdin/stdout, a queue of what
 * came back, and an end that always waits for the process to be gone.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { SpecGeneration } from '../../adapter/types.ts';
import type { AlgorithmCommand } from '../../adapter/runner/types.ts';
import { encodeFrame, FrameDecoder } from '../../adapter/framing.ts';
import { withoutKitLoader } from '../../kit/childEnv.ts';

export type AlgorithmEvent =
  | { kind: 'frame'; frame: Record<string, unknown> }
  | { kind: 'junk'; reason: string }
  | { kind: 'exit'; code: number | null; signal: string | null }
  | { kind: 'timeout' };

const STDERR_TAIL = 4096;
const TERM_GRACE_MS = 300;

export class AlgorithmProcess {
  private events: AlgorithmEvent[] = [];
  private waiter?: (e: AlgorithmEvent) => void;
  private closed: Promise<void>;
  private stderrTail = '';
  alive = true;

  private constructor(private child: ChildProcessWithoutNullStreams) {
    const decoder = new FrameDecoder();
    child.stdout.on('data', (chunk: Buffer) => {
      for (const d of decoder.push(chunk)) {
        this.push(d.kind === 'frame' ? { kind: 'frame', frame: d.value } : { kind: 'junk', reason: d.reason });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    // A write racing the child's exit must not take the Runner down with it.
    child.stdin.on('error', () => {});
    this.closed = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.alive = false;
        this.push({ kind: 'exit', code, signal });
        resolve();
      });
    });
  }

  static spawn(cmd: AlgorithmCommand, env: Record<string, string>): AlgorithmProcess {
    const [file, ...rest] = cmd.argv;
    // In-process, this Runner lives in the kit's worker: the kit's tsx loader is not the algorithm's business.
    const child = spawn(file!, rest, { env: { ...withoutKitLoader(), ...env, ...cmd.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    return new AlgorithmProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  send(frame: Record<string, unknown>): void {
    if (this.alive) this.child.stdin.write(encodeFrame(frame));
  }

  /** The next event, or a timeout event when none comes in time. */
  next(timeoutMs: number): Promise<AlgorithmEvent> {
    const queued = this.events.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.waiter = (e) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(e);
      };
    });
  }

  /** Waits until a frame of one of `types` arrives; anything else in between is dropped. */
  async expect(types: string[], timeoutMs: number): Promise<AlgorithmEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const e = await this.next(Math.max(0, deadline - Date.now()));
      if (e.kind !== 'frame' || types.includes(String(e.frame.type))) return e;
    }
  }

  /** SIGTERM, then SIGKILL after a short grace (spec v1 3.6.1), and wait until it is gone. */
  async end(): Promise<void> {
    if (this.alive) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), TERM_GRACE_MS);
      await this.closed;
      clearTimeout(killer);
    }
    this.child.stdin.destroy();
  }

  whenClosed(): Promise<void> {
    return this.closed;
  }

  private push(e: AlgorithmEvent): void {
    if (this.waiter) this.waiter(e);
    else this.events.push(e);
  }
}

export function runnerHello(generation: SpecGeneration): Record<string, unknown> {
  return generation === 'v1'
    ? { type: 'hello', runner_version: '1.0' }
    : { type: 'hello', runner_version: 'pv-conform-reference-runner', heartbeat_interval_ms: 5000, heartbeat_grace_ms: 2000 };
}
