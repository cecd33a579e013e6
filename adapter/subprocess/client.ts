/**
 * The kit's side of the subprocess protocol: a ReaderAdapter whose implementation runs in a
 * child process of any language. A child that crashes, hangs or breaks the protocol costs one
 * errored request, never the run: it is killed and a fresh one is started for the next request.
 */
import { appendFileSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  Capability, Hello, Meta, NdArray, Outcome, ReadOptions, ReadValue, ReaderAdapter,
  ReaderTargetFactory, TargetContext, WriteOptions,
} from '../types.ts';
import { AdapterFault, AdapterProcess } from './adapterProcess.ts';
import { splitCommandLine, type CommandLine } from './commandLine.ts';
import { findProgram } from './executable.ts';
import { DEFAULT_MEMORY_LIMIT_MB, looksOutOfMemory, withMemoryLimit } from './memoryLimit.ts';
import { whyNotJson } from './metaOnTheWire.ts';
import { skipCause } from '../../kit/skipCause.ts';
import { capOptional, capText } from '../../kit/capText.ts';
import { withoutKitLoader } from '../../kit/childEnv.ts';
import { decodeArray, encodeArray, encodePayload, payloadRoot } from './payload.ts';
import { PROTOCOL_VERSION, type HelloResult, type ReadResult, type Reply, type Request } from './protocol.ts';

export interface SubprocessTargetOptions {
  /** Extra environment for the child, on top of the kit's own and the command line's. */
  env?: Record<string, string>;
  /** Time allowed for spawn plus hello; defaults to max(requestTimeoutMs, 15 s). */
  startupTimeoutMs?: number;
  /** How long close() waits after shutdown before killing; default 2 s. */
  shutdownGraceMs?: number;
  /** Also copy the child's stderr to the kit's; default: env PV_CONFORM_ADAPTER_STDERR=inherit. */
  echoStderr?: boolean;
  /** Sees every message after validation; default: JSON lines appended to env PV_CONFORM_PROTOCOL_TRACE. */
  trace?: (direction: 'to-adapter' | 'from-adapter', message: unknown) => void;
}

/** Adapters not yet closed, so that an aborted run can stop them all at once. */
const openAdapters = new Set<SubprocessReaderAdapter>();

/** Payload directories of adapters not yet closed, removed if the kit exits without closing them. */
const openPayloadDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of openPayloadDirs) rmSync(dir, { recursive: true, force: true });
});

/** A child that cannot even start is not retried forever: each try can cost a full timeout. */
const MAX_CONSECUTIVE_START_FAILURES = 3;

/**
 * Ends every open subprocess target of this process now (Ctrl-C, SIGTERM): kills their
 * children and makes every later call answer errored at once instead of starting a new child.
 * Synchronous, so that it is safe in a signal handler.
 */
export function abortSubprocessTargets(reason: string): void {
  for (const adapter of openAdapters) adapter.abort(reason);
}

/**
 * `command` is split like a shell would (quotes, backslashes, leading NAME=value assignments)
 * but never run through one.
 */
export function createSubprocessTarget(command: string, options: SubprocessTargetOptions = {}): ReaderTargetFactory {
  const commandLine = splitCommandLine(command);
  return async (ctx) => {
    const adapter = new SubprocessReaderAdapter(commandLine, ctx, options);
    try {
      await adapter.start();
    } catch (e) {
      await adapter.close();
      throw e;
    }
    return adapter;
  };
}

type Build = (id: number, scratchFile: (suffix: string) => string) => Request;
type Mapped<T> = { value: T; implMicros?: number };

class SubprocessReaderAdapter implements ReaderAdapter {
  private readonly payloadDir: string;
  /** Its real path when made: a reply file must really be there (payload.ts). */
  private readonly payloadDirReal: string;
  private proc: AdapterProcess | undefined;
  private info: HelloResult | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private startFailures = 0;
  private lastStartFailure: Outcome<never> | undefined;
  private aborted: string | undefined;
  /** The child being handshaken, not yet `proc`: an abort must reach it too. */
  private starting: AdapterProcess | undefined;
  private readonly memoryLimitMb: number;
  /** Payload files being removed in the background; close() waits for them. */
  private removals = new Set<Promise<void>>();

  constructor(
    private readonly commandLine: CommandLine,
    private readonly ctx: TargetContext,
    private readonly options: SubprocessTargetOptions,
  ) {
    this.payloadDir = mkdtempSync(join(payloadRoot(), 'pv-conform-payload-'));
    this.payloadDirReal = realpathSync(this.payloadDir);
    openPayloadDirs.add(this.payloadDir);
    openAdapters.add(this);
    this.memoryLimitMb = ctx.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  }

  /** See abortSubprocessTargets. */
  abort(reason: string): void {
    this.aborted ??= reason;
    this.proc?.kill();
    this.starting?.kill();
  }

  /** Spawns the first child and handshakes; throws with the child's stderr when it cannot. */
  async start(): Promise<void> {
    const failed = await this.serialized(() => this.ensureProcess());
    if (failed) {
      const tail = failed.status === 'errored' && failed.stderrTail ? `\n--- adapter stderr ---\n${failed.stderrTail}` : '';
      throw new Error(`${failed.status === 'errored' ? failed.message : 'adapter did not start'}${tail}`);
    }
  }

  async hello(): Promise<Hello> {
    if (!this.info) throw new Error('adapter has not completed its hello');
    const { protocolVersion: _, ...hello } = this.info;
    return hello;
  }

  writeBytes(id: string, bytes: Uint8Array, opts?: WriteOptions): Promise<Outcome<void>> {
    const transport = this.pickTransport('write-bytes', opts);
    if (typeof transport !== 'string') return Promise.resolve(transport);
    return this.call((rid, file) => ({
      id: rid, cmd: 'write-bytes', segment: id, transport, bytes: encodePayload(bytes, file('request')),
    }), () => ({ value: undefined }));
  }

  writeArray(id: string, array: NdArray, opts?: WriteOptions): Promise<Outcome<void>> {
    const transport = this.pickTransport('write-array', opts);
    if (typeof transport !== 'string') return Promise.resolve(transport);
    const layout = opts?.layout;
    const missing = layout && this.lacks('array-layouts');
    if (missing) return Promise.resolve(missing);
    return this.call((rid, file) => ({
      id: rid, cmd: 'write-array', segment: id, transport, array: encodeArray(array, file('request')), ...(layout ? { layout } : {}),
    }), () => ({ value: undefined }));
  }

  clear(id: string): Promise<Outcome<void>> {
    const missing = this.lacks('clear');
    if (missing) return Promise.resolve(missing);
    return this.call((rid) => ({ id: rid, cmd: 'clear', segment: id }), () => ({ value: undefined }));
  }

  read(id: string, meta: Meta, opts: ReadOptions = {}): Promise<Outcome<ReadValue>> {
    const process = opts.process ?? 'same';
    const scribble = opts.scribble ?? false;
    const missing = (process === 'other' && this.lacks('read-other-process')) || (scribble && this.lacks('scribble'));
    if (missing) return Promise.resolve(missing);
    // JSON has no undefined: an absent meta travels as null, which Python adapters pass as None.
    const wireMeta = meta === undefined ? null : meta;
    const why = whyNotJson(wireMeta);
    if (why) return Promise.resolve({ status: 'skipped', message: `meta cannot cross the subprocess protocol: ${why}`, cause: skipCause('reader', 'protocol', `this meta (${why})`) });
    let replyFile = '';
    return this.call((rid, file) => {
      replyFile = file('reply');
      return { id: rid, cmd: 'read', segment: id, meta: wireMeta, process, scribble, replyFile };
    }, (result) => {
      const { value, implMicros } = result as ReadResult;
      // An exception's words are the implementation's: capped here, before any report sees them (kit/capText.ts).
      const read: ReadValue = value.kind === 'image' ? { kind: 'image', image: decodeArray(value.image, replyFile, this.payloadDirReal) }
        : value.kind === 'exception' ? { kind: 'exception', type: capText(value.type), message: capText(value.message) }
        : value;
      return implMicros === undefined ? { value: read } : { value: read, implMicros };
    });
  }

  /** Asks the child to shut down, then kills its process group whatever it did. */
  async close(): Promise<void> {
    await this.serialized(async () => {
      if (this.closed) return;
      this.closed = true;
      const proc = this.proc;
      this.proc = undefined;
      if (proc) {
        const grace = this.options.shutdownGraceMs ?? 2000;
        if (proc.usable) {
          try {
            await proc.request({ id: this.nextId++, cmd: 'shutdown' }, grace);
            await proc.waitForExit(grace);
          } catch {
            // a child that cannot shut down politely is killed below all the same
          }
        }
        proc.kill();
        await proc.waitForExit(grace);
      }
      await Promise.all(this.removals);
      rmSync(this.payloadDir, { recursive: true, force: true });
      openPayloadDirs.delete(this.payloadDir);
      openAdapters.delete(this);
    });
  }

  private pickTransport(capability: Capability, opts?: WriteOptions): WriteOptions['transport'] & string | Outcome<never> {
    const missing = this.lacks(capability);
    if (missing) return missing;
    const transports = this.info?.transports ?? [];
    const transport = opts?.transport ?? transports[0];
    if (!transport || !transports.includes(transport)) {
      return { status: 'skipped', message: `adapter does not declare transport ${transport} (it has ${transports.join(', ')})`,
        // Only a transport asked for by name is optional: a write to the default one is the API itself.
        cause: opts?.transport ? skipCause('reader', 'transport', opts.transport) : skipCause('reader', 'command', capability) };
    }
    return transport;
  }

  private lacks(capability: Capability): Outcome<never> | undefined {
    if (this.info?.capabilities.includes(capability)) return undefined;
    return { status: 'skipped', message: `adapter does not declare capability ${capability}`, cause: skipCause('reader', 'capability', capability) };
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private call<T>(build: Build, map: (result: unknown) => Mapped<T>): Promise<Outcome<T>> {
    return this.serialized(async () => {
      if (this.closed) return { status: 'errored', message: 'adapter is closed' };
      if (this.aborted) return { status: 'errored', message: `run aborted (${this.aborted}); the adapter was stopped` };
      const broken = this.takeBrokenProcess();
      if (broken) return broken;
      const failed = await this.ensureProcess();
      if (failed) return failed;
      const proc = this.proc!;
      const id = this.nextId++;
      const files: string[] = [];
      const scratchFile = (suffix: string): string => {
        const file = join(this.payloadDir, `${id}.${suffix}.bin`);
        files.push(file);
        return file;
      };
      try {
        const reply = await proc.request(build(id, scratchFile), this.ctx.requestTimeoutMs);
        return this.blameMemory(toOutcome(reply, map, proc));
      } catch (e) {
        if (!(e instanceof AdapterFault)) return { status: 'errored', message: (e as Error).message, stderrTail: proc.stderrTail() };
        this.proc = undefined;
        if (this.aborted) return { status: 'errored', message: `run aborted (${this.aborted}); the adapter was stopped`, stderrTail: e.stderrTail };
        return this.blameMemory({ status: 'errored', message: `${e.message}; the adapter was killed and will be restarted`, stderrTail: e.stderrTail });
      } finally {
        // In the background: freeing a 7 MB tmpfs file takes a millisecond the reply need not wait for.
        for (const f of files) {
          const removal = rm(f, { force: true }).catch(() => undefined).then(() => { this.removals.delete(removal); });
          this.removals.add(removal);
        }
      }
    });
  }

  /**
   * A child that died or spoke out of turn between requests is reported on the next request
   * rather than silently replaced: its in-process state is gone, and a read that relied on it
   * would otherwise fail for a reason that is not the implementation's.
   */
  private takeBrokenProcess(): Outcome<never> | undefined {
    const proc = this.proc;
    if (!proc || proc.usable) return undefined;
    this.proc = undefined;
    proc.kill();
    return this.blameMemory({ status: 'errored', message: `adapter broke between requests (${proc.whyUnusable()}); restarting it`, stderrTail: proc.stderrTail() });
  }

  /**
   * Says so first when the target ran out of the memory it was given: "exited with code 1" alone
   * would send its authors looking for a crash. An SDK's own MemoryError from a read is not
   * touched here: it is a read's value, judged by the steps (rule 15).
   */
  private blameMemory<T>(outcome: Outcome<T>): Outcome<T> {
    if (outcome.status !== 'errored' || this.memoryLimitMb <= 0) return outcome;
    if (!looksOutOfMemory(outcome.stderrTail) && !looksOutOfMemory(outcome.message)) return outcome;
    return { ...outcome, message: `target exceeded its memory limit (${this.memoryLimitMb} MB; --memory-limit-mb): ${outcome.message}` };
  }

  /** Resolves to undefined when a live, handshaken child is there; otherwise to why not. */
  private async ensureProcess(): Promise<Outcome<never> | undefined> {
    if (this.proc) return undefined;
    if (this.aborted) return { status: 'errored', message: `run aborted (${this.aborted}); the adapter was stopped` };
    if (this.startFailures >= MAX_CONSECUTIVE_START_FAILURES && this.lastStartFailure) return this.lastStartFailure;
    // Checked here because the memory-limit wrapper would otherwise be the one that fails to exec.
    const program = this.commandLine.argv[0]!;
    if (!findProgram(program, this.ctx.cwd)) {
      this.startFailures = MAX_CONSECUTIVE_START_FAILURES;
      this.lastStartFailure = { status: 'errored', message: `adapter could not start: ${program} is not an executable file${program.includes('/') ? '' : ' on PATH'}` };
      return this.lastStartFailure;
    }
    const proc = new AdapterProcess({
      argv: withMemoryLimit(this.commandLine.argv, this.memoryLimitMb).argv,
      cwd: this.ctx.cwd,
      env: {
        // Without the kit's own tsx loader (kit/childEnv.ts): a target is not started from the kit.
        ...withoutKitLoader(),
        ...this.commandLine.env,
        ...this.options.env,
        PROC_SHM_DIR: this.ctx.shmDir,
        PV_CONFORM_SCRATCH_DIR: this.ctx.scratchDir,
      },
      echoStderr: this.options.echoStderr ?? process.env.PV_CONFORM_ADAPTER_STDERR === 'inherit',
      trace: this.options.trace ?? traceToFile(process.env.PV_CONFORM_PROTOCOL_TRACE),
    });
    const timeout = this.options.startupTimeoutMs ?? Math.max(this.ctx.requestTimeoutMs, 15_000);
    let problem: string;
    this.starting = proc;
    try {
      const reply = await proc.request({ id: this.nextId++, cmd: 'hello', protocolVersion: PROTOCOL_VERSION }, timeout);
      if (reply.status === 'result') {
        const info = cappedHello(reply.result as HelloResult);
        this.info ??= info;
        this.proc = proc;
        this.startFailures = 0;
        return undefined;
      }
      problem = `adapter answered hello with ${reply.status}: ${capText(reply.message)}${reply.status === 'errored' && reply.traceback ? `\n${capText(reply.traceback)}` : ''}`;
    } catch (e) {
      problem = `adapter did not complete its hello: ${(e as Error).message}`;
    } finally {
      this.starting = undefined;
    }
    proc.kill();
    this.startFailures++;
    const gaveUp = this.startFailures >= MAX_CONSECUTIVE_START_FAILURES ? ` (failed ${this.startFailures} times in a row; not retried)` : '';
    this.lastStartFailure = this.blameMemory({ status: 'errored', message: `${problem}${gaveUp}`, stderrTail: proc.stderrTail() });
    return this.lastStartFailure;
  }
}

/** The hello's free-text fields capped (kit/capText.ts): they reach every report. */
function cappedHello(info: HelloResult): HelloResult {
  const out: HelloResult = { ...info, name: capText(info.name), version: capText(info.version), language: capText(info.language) };
  const homepage = capOptional(info.homepage);
  const issues = capOptional(info.issues);
  if (homepage !== undefined) out.homepage = homepage;
  if (issues !== undefined) out.issues = issues;
  return out;
}

/** For adapter authors: every message of a run, one JSON line each, in order. */
function traceToFile(file: string | undefined): SubprocessTargetOptions['trace'] {
  if (!file) return undefined;
  return (direction, message) => appendFileSync(file, `${JSON.stringify({ direction, message })}\n`);
}

function toOutcome<T>(reply: Reply<unknown>, map: (result: unknown) => Mapped<T>, proc: AdapterProcess): Outcome<T> {
  switch (reply.status) {
    case 'skipped':
      return { status: 'skipped', message: reply.issue ? `${capText(reply.message)} (${capText(reply.issue)})` : capText(reply.message) };
    case 'errored':
      return { status: 'errored', message: reply.traceback ? `${capText(reply.message)}\n${capText(reply.traceback)}` : capText(reply.message), stderrTail: proc.stderrTail() };
    case 'result':
      try {
        const { value, implMicros } = map(reply.result);
        return implMicros === undefined ? { status: 'ok', value } : { status: 'ok', value, implMicros };
      } catch (e) {
        return { status: 'errored', message: `adapter reply unusable: ${(e as Error).message}`, stderrTail: proc.stderrTail() };
      }
  }
}
