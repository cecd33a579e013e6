/**
 * The implementation side of the subprocess protocol for anything that already is a
 * ReaderAdapter in this process: the reference SDK, a TypeScript port, a test double.
 * Requests are served one at a time, in order; every message is checked against its schema
 * in both directions, so a bug here shows up as an errored reply rather than a confused kit.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { NdArray, Outcome, ReaderAdapter, ReaderTargetFactory, TargetContext } from '../types.ts';
import { ADAPTER_MAX_FRAME_BYTES, FrameDecoder, FramingError, encodeFrame } from '../framing.ts';
import { decodeArray, decodePayload, encodePayload } from './payload.ts';
import {
  PROTOCOL_VERSION, assertReply, assertRequest, isCommand,
  type HelloResult, type ReadResult, type Reply, type Request, type WireArray,
} from './protocol.ts';

export interface ServeIo {
  input: Readable;
  /** Receives frames and nothing else. */
  output: Writable;
}

/**
 * Serves until shutdown or end of input. With the default io, whatever the adapter prints to
 * stdout is diverted to stderr first: one stray console.log would otherwise corrupt a frame.
 */
export async function serveReaderAdapter(factory: ReaderTargetFactory, io: ServeIo = stdioKeptForFrames()): Promise<void> {
  let adapter: ReaderAdapter | undefined;
  const ensureAdapter = async (): Promise<ReaderAdapter> => (adapter ??= await factory(contextFromEnv()));
  const decoder = new FrameDecoder(ADAPTER_MAX_FRAME_BYTES);
  let shuttingDown = false;

  const send = (message: unknown): Promise<void> =>
    new Promise((resolve, reject) => io.output.write(encodeFrame(message, ADAPTER_MAX_FRAME_BYTES), (err) => (err ? reject(err) : resolve())));

  for await (const chunk of io.input) {
    for (const d of decoder.push(chunk as Buffer)) {
      // Nothing after broken framing can be trusted to be a request, so serving ends here.
      if (d.kind === 'junk') throw new FramingError(`kit input is not frames: ${d.reason}`);
      const frame = d.value;
      const reply = await answer(frame, ensureAdapter);
      await send(reply);
      if ((frame as Request).cmd === 'shutdown') {
        shuttingDown = true;
        break;
      }
    }
    if (shuttingDown) break;
  }
  if (adapter) await adapter.close();
}

async function answer(frame: unknown, ensureAdapter: () => Promise<ReaderAdapter>): Promise<Reply<unknown>> {
  const id = (frame as { id?: unknown } | null)?.id;
  const replyId = typeof id === 'number' && Number.isInteger(id) && id >= 1 ? id : 0;
  let request: Request;
  try {
    request = assertRequest(frame);
  } catch (e) {
    return { id: replyId, status: 'errored', message: `invalid request: ${(e as Error).message}` };
  }
  let reply: Reply<unknown>;
  try {
    reply = await dispatch(request, ensureAdapter);
  } catch (e) {
    const err = e as Error;
    reply = { id: request.id, status: 'errored', message: `${err.name}: ${err.message}`, traceback: err.stack ?? '' };
  }
  try {
    return assertReply(request.cmd, reply);
  } catch (e) {
    return { id: request.id, status: 'errored', message: `server built an invalid reply: ${(e as Error).message}` };
  }
}

async function dispatch(request: Request, ensureAdapter: () => Promise<ReaderAdapter>): Promise<Reply<unknown>> {
  const { id } = request;
  if (!isCommand(request.cmd)) throw new Error(`unknown command ${request.cmd}`);
  switch (request.cmd) {
    case 'hello': {
      if (request.protocolVersion !== PROTOCOL_VERSION) {
        return { id, status: 'errored', message: `protocol version ${request.protocolVersion} not supported (this server speaks ${PROTOCOL_VERSION})` };
      }
      const hello = await (await ensureAdapter()).hello();
      const result: HelloResult = { protocolVersion: PROTOCOL_VERSION, ...hello };
      return { id, status: 'result', result };
    }
    case 'write-bytes': {
      const adapter = await ensureAdapter();
      const outcome = await adapter.writeBytes(request.segment, decodePayload(request.bytes), { transport: request.transport });
      return toReply(id, outcome, () => ({}));
    }
    case 'write-array': {
      const adapter = await ensureAdapter();
      const layout = request.layout;
      const outcome = await adapter.writeArray(request.segment, decodeArray(request.array), { transport: request.transport, ...(layout ? { layout } : {}) });
      return toReply(id, outcome, () => ({}));
    }
    case 'clear':
      return toReply(id, await (await ensureAdapter()).clear(request.segment), () => ({}));
    case 'read': {
      const adapter = await ensureAdapter();
      const outcome = await adapter.read(request.segment, request.meta, { process: request.process, scribble: request.scribble });
      return toReply(id, outcome, (value): ReadResult => {
        const wire = value.kind === 'image' ? { kind: 'image' as const, image: toWireArray(value.image, request.replyFile) } : value;
        return outcome.status === 'ok' && outcome.implMicros !== undefined ? { value: wire, implMicros: outcome.implMicros } : { value: wire };
      });
    }
    case 'shutdown':
      return { id, status: 'result', result: {} };
  }
}

function toReply<T>(id: number, outcome: Outcome<T>, toResult: (value: T) => unknown): Reply<unknown> {
  switch (outcome.status) {
    case 'ok':
      return { id, status: 'result', result: toResult(outcome.value) };
    case 'skipped':
      return { id, status: 'skipped', message: outcome.message };
    case 'errored':
      return outcome.stderrTail
        ? { id, status: 'errored', message: outcome.message, traceback: outcome.stderrTail }
        : { id, status: 'errored', message: outcome.message };
  }
}

function toWireArray(image: NdArray, replyFile: string): WireArray {
  return { dtype: image.dtype, shape: [...image.shape], data: encodePayload(image.data, replyFile) };
}

/** The kit passes the directories through the environment, as it would to any adapter. */
function contextFromEnv(): TargetContext {
  return {
    shmDir: process.env.PROC_SHM_DIR ?? join(tmpdir(), 'procvision_dev_shm'),
    scratchDir: process.env.PV_CONFORM_SCRATCH_DIR ?? tmpdir(),
    requestTimeoutMs: Number(process.env.PV_CONFORM_REQUEST_TIMEOUT_MS ?? 30_000),
  };
}

function stdioKeptForFrames(): ServeIo {
  const stdout = process.stdout;
  const framesWrite = stdout.write.bind(stdout);
  const toStderr = process.stderr.write.bind(process.stderr);
  stdout.write = toStderr as typeof stdout.write;
  const output = {
    write: (chunk: Uint8Array, cb: (err?: Error | null) => void) => framesWrite(chunk, cb),
  } as unknown as Writable;
  return { input: process.stdin, output };
}

