/**
 * The in-process adapter binding: the kit drives the reference SDK (or a variant of it)
 * through the same ReaderAdapter interface as any other implementation.
 */
import type {
  Capability, Hello, Meta, NdArray, Outcome, ReadOptions, ReadValue, ReaderAdapter,
  ReaderTargetFactory, TargetContext, Transport, WriteOptions,
} from '../../adapter/types.ts';
import { holdArray, layoutProblem } from '../../kit/arrayLayout.ts';
import { OtherProcessReader } from './otherProcessRead.ts';
import { exceptionOf, type PartsRecipe } from './readOnceProtocol.ts';
import { createSdk, type Sdk, type SdkOptions, type SdkParts } from './sdk.ts';
import type { SdkTransport } from './storedSegment.ts';

export interface SdkIdentity {
  name: string;
  version: string;
}

export interface SdkTargetOptions extends Omit<SdkOptions, 'shmDir'> {
  /**
   * How readOnce.ts rebuilds the same parts in a fresh process. Without it a variant with
   * replaced parts does not declare read-other-process: a fresh process would run the
   * reference instead, and the kit would be told about the wrong implementation.
   */
  otherProcessParts?: PartsRecipe;
}

export const REFERENCE_IDENTITY: SdkIdentity = { name: 'pv-reference-sdk', version: '0.1.0' };

const TRANSPORTS: SdkTransport[] = ['inproc', 'fs'];
const ALL_CAPABILITIES: Capability[] = ['write-bytes', 'write-array', 'clear', 'read-other-process', 'scribble', 'read-timing', 'array-layouts'];

export function createSdkTarget(
  parts: Partial<SdkParts> = {},
  identity: SdkIdentity = REFERENCE_IDENTITY,
  options: SdkTargetOptions = {},
): ReaderTargetFactory {
  return async (ctx: TargetContext) => new SdkAdapter(parts, identity, options, ctx);
}

export const createReferenceTarget: ReaderTargetFactory = createSdkTarget();

class SdkAdapter implements ReaderAdapter {
  private readonly sdk: Sdk;
  private readonly otherProcess: OtherProcessReader;
  private readonly canReadInOtherProcess: boolean;

  constructor(
    parts: Partial<SdkParts>,
    private readonly identity: SdkIdentity,
    private readonly options: SdkTargetOptions,
    ctx: TargetContext,
  ) {
    const { otherProcessParts, ...sdkOptions } = options;
    this.sdk = createSdk(parts, { ...sdkOptions, shmDir: ctx.shmDir });
    this.otherProcess = new OtherProcessReader(ctx.scratchDir, ctx.requestTimeoutMs);
    this.canReadInOtherProcess = Object.values(parts).every((p) => p === undefined) || otherProcessParts !== undefined;
  }

  async hello(): Promise<Hello> {
    return {
      name: this.identity.name,
      version: this.identity.version,
      language: 'typescript',
      specGenerations: ['v1', 'v2'],
      transports: [...TRANSPORTS],
      capabilities: ALL_CAPABILITIES.filter((c) => c !== 'read-other-process' || this.canReadInOtherProcess),
    };
  }

  async writeBytes(id: string, bytes: Uint8Array, opts?: WriteOptions): Promise<Outcome<void>> {
    return this.write(opts, (transport) => this.sdk.devWriteBytes(id, bytes, transport));
  }

  async writeArray(id: string, array: NdArray, opts?: WriteOptions): Promise<Outcome<void>> {
    const { layout } = opts ?? {};
    // The binding plays the camera code: it builds the view or buffer the layout names, as the Python shim does with numpy.
    const problem = layout ? layoutProblem(array, layout) : null;
    // coverage exception: a guard against a mistake of the kit's: the steps and the generator send only layouts that can hold the array (layoutProblem)
    if (problem) return { status: 'errored', message: `cannot hold the array as asked: ${problem}` };
    return this.write(opts, (transport) => this.sdk.writeArray(id, layout ? holdArray(array, layout) : array, transport));
  }

  async clear(id: string): Promise<Outcome<void>> {
    try {
      this.sdk.clear(id);
      return { status: 'ok', value: undefined };
    } catch (e) {
      return { status: 'errored', message: `clear failed: ${exceptionOf(e).message}` };
    }
  }

  async read(id: string, meta: Meta, opts: ReadOptions = {}): Promise<Outcome<ReadValue>> {
    if (opts.process === 'other') return this.readInOtherProcess(id, meta);
    const started = process.hrtime.bigint();
    let result: unknown;
    try {
      result = await this.sdk.read(id, meta);
    } catch (e) {
      return { status: 'ok', value: { kind: 'exception', ...exceptionOf(e) }, implMicros: microsSince(started) };
    }
    const implMicros = microsSince(started);
    if (result === null || result === undefined) return { status: 'ok', value: { kind: 'none' }, implMicros };
    if (!looksLikeNdArray(result)) {
      return { status: 'errored', message: 'read returned neither null nor an NdArray' };
    }
    // The kit never writes into a result, so the array the SDK returned is handed over as is;
    // only a scribble needs a copy first, taken before the SDK's own array is overwritten (an
    // 8K frame is 100 MB: a copy per read is most of an array read's cost).
    const data = opts.scribble ? new Uint8Array(result.data) : result.data;
    const image: NdArray = { dtype: result.dtype, shape: [...result.shape], data };
    if (opts.scribble) scribble(result.data);
    return { status: 'ok', value: { kind: 'image', image }, implMicros };
  }

  async close(): Promise<void> {
    this.otherProcess.close();
  }

  private async readInOtherProcess(id: string, meta: Meta): Promise<Outcome<ReadValue>> {
    if (!this.canReadInOtherProcess) {
      return { status: 'skipped', message: `${this.identity.name} cannot rebuild its parts in another process` };
    }
    const { otherProcessParts, ...sdkOptions } = this.options;
    try {
      return await this.otherProcess.read({ shmDir: this.sdk.shmDir, id, meta, sdkOptions, parts: otherProcessParts });
    } catch (e) {
      return { status: 'errored', message: `read in another process failed: ${exceptionOf(e).message}` };
    }
  }

  private async write(opts: WriteOptions | undefined, action: (t: SdkTransport) => void): Promise<Outcome<void>> {
    const transport: Transport = opts?.transport ?? TRANSPORTS[0];
    // coverage exception: a guard against a mistake of the kit's: the steps check the hello's transports before a write (requireTransport)
    if (!isSdkTransport(transport)) return { status: 'skipped', message: `${this.identity.name} has no ${transport} transport` };
    try {
      action(transport);
      return { status: 'ok', value: undefined };
    } catch (e) {
      return { status: 'errored', message: `write failed: ${exceptionOf(e).message}` };
    }
  }
}

function isSdkTransport(t: Transport): t is SdkTransport {
  return (TRANSPORTS as Transport[]).includes(t);
}

function microsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1000;
}

function looksLikeNdArray(v: unknown): v is NdArray {
  const a = v as Partial<NdArray>;
  return typeof v === 'object' && v !== null && typeof a.dtype === 'string' && Array.isArray(a.shape) && a.data instanceof Uint8Array;
}

/** Each byte v becomes 255 - v, in the implementation's own array (see ReadOptions.scribble). */
function scribble(data: Uint8Array): void {
  for (let i = 0; i < data.length; i++) data[i] = 255 - data[i];
}
