/**
 * The driver protocol's client half: starts a Runner's driver command, sends one framed JSON
 * command at a time, validates both directions against schemas/runner-driver/.
 *
 * A driver is untrusted code, like a reader adapter: it runs in a process group of its own
 * under the kit's memory limit, and anything that is not a schema-valid reply with the right
 * seq, in time (a crash, a hang, junk or a giant length on stdout, a wrong seq) kills the whole
 * group, the Runner's algorithm process included, and errors the command. A driver is not
 * restarted: the session it belonged to (one scenario) is over, and the next one starts its own.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Outcome } from '../types.ts';
import { DEFAULT_MEMORY_LIMIT_MB, looksOutOfMemory, withMemoryLimit } from '../subprocess/memoryLimit.ts';
import type { AlgorithmCommand, CameraFrame, RunnerConfig, RunnerDriver, RunnerInfo, StepReport } from './types.ts';
import { encodeFrame, FrameDecoder } from '../framing.ts';
import { replyErrorsText } from '../../kit/schemas.ts';
import { WIRE_ERRORS_DATA_VAR, wireErrors } from './wire-schemas.ts';
import { capStrings, MAX_STDERR_TAIL } from '../../kit/capText.ts';
import { withoutKitLoader } from '../../kit/childEnv.ts';

const STDERR_TAIL = MAX_STDERR_TAIL;

export interface SubprocessOptions {
  /** Added to the step's own execute timeout: encoding, writing, restarting the algorithm. */
  requestSlackMs: number;
  cwd?: string;
  /** Added to the driver's environment: the command line's leading NAME=value words. */
  env?: Record<string, string>;
  /** Memory the driver's process group may allocate, in MiB (RLIMIT_DATA); 0: no limit. */
  memoryLimitMb?: number;
  /** Time allowed for `start` (spawn, the Runner's own start-up, the algorithm's hello); default 60 s. */
  startTimeoutMs?: number;
  /** Time allowed for `stop` before the group is killed; default 30 s. */
  stopTimeoutMs?: number;
}

/** Kill functions of drivers still running, so that an aborted or exiting kit ends them. */
const living = new Set<() => void>();
let abortedBy: string | undefined;
process.once('exit', () => {
  for (const kill of living) kill();
});

/** Ends every driver of this process now (Ctrl-C, SIGTERM); later commands answer errored. */
export function abortRunnerDrivers(reason: string): void {
  abortedBy ??= reason;
  for (const kill of living) kill();
}

export function subprocessDriver(argv: string[], opts: SubprocessOptions): RunnerDriver {
  let child: ChildProcessWithoutNullStreams | undefined;
  let stderr = '';
  /** Characters of stderr dropped before the tail kept in `stderr`. */
  let stderrDropped = 0;
  let seq = 0;
  let executeTimeoutMs = 0;
  let pending: { resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
  let exited: Promise<void> = Promise.resolve();
  /** Why the driver is gone; set once, and every later command is answered with it. */
  let fault: string | undefined;
  const memoryLimitMb = opts.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;

  function killGroup(): void {
    const pid = child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is gone
    }
  }

  function failNow(message: string): void {
    if (fault === undefined) fault = message;
    killGroup();
    const p = pending;
    pending = undefined;
    p?.reject(new Error(message));
  }

  function launch(): void {
    const [file, ...rest] = withMemoryLimit(argv, memoryLimitMb).argv;
    // Own process group: one kill reaches the driver, the Runner and the algorithm it started.
    // The kit's own tsx loader stays behind: the Runner passes its environment on (kit/childEnv.ts).
    child = spawn(file!, rest, { stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.cwd, detached: true, env: { ...withoutKitLoader(), ...opts.env } });
    living.add(killGroup);
    const decoder = new FrameDecoder();
    child.stdout.on('data', (chunk: Buffer) => {
      for (const d of decoder.push(chunk)) {
        if (d.kind === 'junk') return failNow(`driver stdout is not frames: ${d.reason} (starts with ${JSON.stringify(d.head)})`);
        const p = pending;
        if (!p) return failNow(`driver sent a frame nobody asked for: ${d.text.slice(0, 200)}`);
        pending = undefined;
        p.resolve(d.value);
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      const all = stderr + c.toString('utf8');
      stderrDropped += Math.max(0, all.length - STDERR_TAIL);
      stderr = all.slice(-STDERR_TAIL);
    });
    child.stdin.on('error', () => {});
    const spawned = child;
    exited = new Promise((resolve) => {
      spawned.on('error', (e) => {
        failNow(`driver could not start: ${e.message}`);
        resolve();
      });
      spawned.on('exit', (code, signal) => {
        living.delete(killGroup);
        // Its last reply or words may still be in the pipes; a child of the driver holding
        // them open must not delay this, so the wait is short. Its group goes with it.
        setTimeout(() => {
          failNow(`driver exited (${code ?? signal})`);
          resolve();
        }, 200);
      });
    });
  }

  function errored(message: string): Outcome<never> {
    const memory = memoryLimitMb > 0 && looksOutOfMemory(stderr) ? `target exceeded its memory limit (${memoryLimitMb} MB; --memory-limit-mb): ` : '';
    const tail = stderrDropped > 0 ? `[truncated, ${stderrDropped} earlier characters] …${stderr}` : stderr;
    return { status: 'errored', message: `${memory}${message}`, stderrTail: tail };
  }

  async function request<T>(cmd: string, body: Record<string, unknown>, timeoutMs: number): Promise<Outcome<T>> {
    const req = { cmd, seq: ++seq, ...body };
    const schema = `runner-driver/${cmd}.schema.json`;
    const bad = wireErrors(schema, req);
    if (bad) throw new Error(`kit bug: ${cmd} request does not match ${schema}: ${bad}`);
    if (abortedBy) return errored(`run aborted (${abortedBy}); the driver was stopped`);
    if (fault !== undefined) return errored(`driver is gone: ${fault}`);
    if (!child) launch();
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await new Promise<unknown>((resolve, reject) => {
        pending = { resolve, reject };
        // The kit does not conclude `blocked` itself: a driver that never answers may be hung in
        // its own code as well as waiting on its Runner, and only the driver knows which.
        const hint = cmd === 'step' ? ' (a driver whose Runner has not returned by the execute timeout + grace replies with outcome "blocked" instead)' : '';
        timer = setTimeout(() => failNow(`no reply to ${cmd} within ${timeoutMs} ms; the driver was killed${hint}`), timeoutMs);
        child!.stdin.write(encodeFrame(req));
      });
      // Only the shape the reply's own status selects is named: what a driver author can act on.
      const wrong = wireErrors(`${schema}#/$defs/reply`, answer) && replyErrorsText(`${schema}#/$defs/reply`, answer, WIRE_ERRORS_DATA_VAR);
      if (wrong) {
        failNow(`${cmd} reply does not match ${schema}#/$defs/reply: ${wrong}`);
        return errored(fault!);
      }
      // Every string of a reply is the driver's own words: capped before any report sees them (kit/capText.ts).
      const a = capStrings(answer) as { seq: number; status: string; value?: T; message?: string; traceback?: string };
      if (a.seq !== req.seq) {
        failNow(`${cmd} reply has seq ${a.seq}, expected ${req.seq}`);
        return errored(fault!);
      }
      if (a.status === 'result') return { status: 'ok', value: a.value as T };
      if (a.status === 'skipped') return { status: 'skipped', message: a.message! };
      return errored([a.message, a.traceback].filter(Boolean).join('\n'));
    } catch (e) {
      // Give the driver's last words a moment to arrive: they usually explain the fault.
      await Promise.race([exited, new Promise((r) => setTimeout(r, 200))]);
      return errored(abortedBy ? `run aborted (${abortedBy}); the driver was stopped` : (e as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  /** After a polite stop: the driver gets a moment to exit, then its group is killed regardless. */
  async function end(): Promise<void> {
    if (!child) return;
    child.stdin.end();
    const killer = setTimeout(killGroup, 5_000);
    await exited;
    clearTimeout(killer);
    killGroup();
  }

  return {
    start(algorithm: AlgorithmCommand, config: RunnerConfig) {
      executeTimeoutMs = config.executeTimeoutMs;
      return request<RunnerInfo>('start', { algorithm, config }, opts.startTimeoutMs ?? 60_000);
    },
    step(frames: CameraFrame[]) {
      return request<StepReport>('step', { frames }, executeTimeoutMs + opts.requestSlackMs);
    },
    async stop() {
      if (!child) return { status: 'ok', value: undefined };
      if (fault !== undefined || abortedBy) {
        // Already reported on the command that broke it; only the group is left to end.
        killGroup();
        await exited;
        return { status: 'ok', value: undefined };
      }
      const r = await request<Record<string, never>>('stop', {}, opts.stopTimeoutMs ?? 30_000);
      await end();
      return r.status === 'ok' ? { status: 'ok', value: undefined } : r;
    },
  };
}
