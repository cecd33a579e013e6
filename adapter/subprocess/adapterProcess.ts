/**
 * One adapter child from spawn to death. Anything that is not a well-formed, schema-valid reply
 * with the right id, in time, is a fault: the child is killed with its whole process group (an
 * adapter may have children of its own, e.g. a fresh-process read) and the caller decides about
 * restarting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ADAPTER_MAX_FRAME_BYTES, FrameDecoder, encodeFrame } from '../framing.ts';
import { StderrTail } from './stderrTail.ts';
import { assertReply, assertRequest, type Reply, type Request } from './protocol.ts';

export class AdapterFault extends Error {
  constructor(message: string, readonly stderrTail: string) {
    super(message);
  }
}

export interface AdapterProcessOptions {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Where the child starts; absent: the kit's own working directory. */
  cwd?: string | undefined;
  /** Copy the child's stderr to ours as well as keeping its tail (for adapter authors). */
  echoStderr?: boolean;
  /** Sees every message, in both directions, after validation. */
  trace?: (direction: 'to-adapter' | 'from-adapter', message: unknown) => void;
}

interface Pending {
  request: Request;
  resolve: (reply: Reply<unknown>) => void;
  reject: (fault: AdapterFault) => void;
  timer: NodeJS.Timeout;
}

/** Children still alive, so that an exiting kit takes them down with it. */
const living = new Set<AdapterProcess>();
let exitHookInstalled = false;

export class AdapterProcess {
  private readonly child: ChildProcess;
  private readonly decoder = new FrameDecoder(ADAPTER_MAX_FRAME_BYTES);
  private readonly stderr = new StderrTail();
  private pending: Pending | undefined;
  private exitInfo: string | undefined;
  private readonly exited: Promise<void>;
  /** Both pipes closed: everything the child wrote has been read. */
  private readonly drained: Promise<unknown>;
  /** Set once the child misbehaved (the first cause wins); every later request fails with it. */
  private faultMessage: string | undefined;

  constructor(private readonly options: AdapterProcessOptions) {
    const [program, ...args] = options.argv;
    this.child = spawn(program!, args, {
      env: options.env,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so one kill reaches every process the adapter started.
      detached: true,
    });
    living.add(this);
    installExitHook();
    this.drained = Promise.all([
      new Promise((resolve) => this.child.stderr!.once('close', resolve)),
      new Promise((resolve) => this.child.stdout!.once('close', resolve)),
    ]);
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr.push(chunk);
      if (options.echoStderr) process.stderr.write(chunk);
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.onStdout(chunk));
    // A dead child makes writes fail with EPIPE; the exit handler reports the real cause.
    this.child.stdin!.on('error', () => {});
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`;
        living.delete(this);
        void this.failWhenDrained(`adapter ${this.exitInfo}`);
        resolve();
      });
      this.child.once('error', (err) => {
        this.exitInfo = `could not start: ${err.message}`;
        living.delete(this);
        this.failNow(`adapter ${this.exitInfo}`);
        resolve();
      });
    });
  }

  get usable(): boolean {
    return this.faultMessage === undefined && this.exitInfo === undefined;
  }

  /** Why the child can no longer take requests (meaningful once `usable` is false). */
  whyUnusable(): string {
    return this.faultMessage ?? (this.exitInfo ? `adapter ${this.exitInfo}` : 'adapter is usable');
  }

  stderrTail(): string {
    return this.stderr.text();
  }

  /** Sends one request and resolves with its validated reply; rejects with an AdapterFault. */
  request(request: Request, timeoutMs: number): Promise<Reply<unknown>> {
    if (this.faultMessage !== undefined) return Promise.reject(new AdapterFault(this.faultMessage, this.stderr.text()));
    if (this.pending) return Promise.reject(new AdapterFault('request while another is pending (kit bug)', ''));
    assertRequest(request);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.failNow(`no reply to ${request.cmd} within ${timeoutMs} ms`), timeoutMs);
      this.pending = { request, resolve, reject, timer };
      this.options.trace?.('to-adapter', request);
      this.child.stdin!.write(encodeFrame(request, ADAPTER_MAX_FRAME_BYTES));
    });
  }

  /** Kills the whole process group at once; safe to call on a dead child. */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // group already gone
    }
  }

  /** Resolves when the child has exited, or after `ms`, whichever is first. */
  async waitForExit(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
    const done = await Promise.race([this.exited.then(() => true), timedOut]);
    clearTimeout(timer);
    return done;
  }

  private onStdout(chunk: Buffer): void {
    if (this.faultMessage !== undefined) return;
    for (const d of this.decoder.push(chunk)) {
      if (d.kind === 'junk') return this.failNow(`adapter broke the framing on stdout: ${d.reason} (stdout starts with ${JSON.stringify(d.head)})`);
      this.onFrame(d.value);
    }
  }

  private onFrame(frame: unknown): void {
    if (this.faultMessage !== undefined) return;
    const pending = this.pending;
    if (!pending) {
      this.failNow(`adapter sent a frame nobody asked for: ${JSON.stringify(frame).slice(0, 200)}`);
      return;
    }
    const id = (frame as { id?: unknown } | null)?.id;
    if (id !== pending.request.id) {
      this.failNow(`reply id ${JSON.stringify(id)} does not match request id ${pending.request.id}`);
      return;
    }
    let reply: Reply<unknown>;
    try {
      reply = assertReply(pending.request.cmd, frame);
    } catch (e) {
      this.failNow((e as Error).message);
      return;
    }
    this.options.trace?.('from-adapter', reply);
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.resolve(reply);
  }

  private failNow(message: string): void {
    if (this.faultMessage !== undefined) return;
    this.faultMessage = message;
    this.kill();
    const pending = this.pending;
    this.pending = undefined;
    if (pending) clearTimeout(pending.timer);
    void this.settleDrained().then(() => pending?.reject(new AdapterFault(message, this.stderr.text())));
  }

  /**
   * The child's explanation usually reaches stderr a moment after the symptom on stdout or
   * the exit, and a reply written just before exiting may still be in the pipe. The group is
   * dead by now, so the pipes close at once; the cap covers a process that escaped the group.
   */
  private settleDrained(): Promise<unknown> {
    return Promise.race([this.drained, new Promise((r) => setTimeout(r, 200))]);
  }

  private async failWhenDrained(message: string): Promise<void> {
    await this.settleDrained();
    this.failNow(message);
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of living) p.kill();
  });
}
