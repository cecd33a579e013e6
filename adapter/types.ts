/**
 * The reader-side adapter interface: the only surface that steps ever call.
 *
 * An implementation under test (an SDK) is reached through one of these, either bound
 * in-process (TypeScript) or over the subprocess protocol (any language). Every operation
 * answers with an Outcome so that "the implementation does not support this" (skipped) and
 * "the adapter broke" (errored) are never confused with a spec failure.
 */
import type { SkipCause } from '../kit/skipCause.ts';

export type Dtype =
  | 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32'
  | 'float32' | 'float64' | 'bool';

/** A C-ordered, little-endian n-dimensional array, as numpy would hold it. */
export interface NdArray {
  dtype: Dtype;
  shape: number[];
  data: Uint8Array;
}

/**
 * How camera code may hold the array it hands to the SDK's array write (docs/adapter-protocol.md,
 * "Array layouts"): the values are always those of the NdArray sent, the memory is not.
 * `flip-channels` is `a[..., ::-1]`, `strided-crop` `a[::2, 1::2]`, `transpose` swaps the first
 * two axes, `broadcast` is `np.broadcast_to(a[..., :1], a.shape)`, `read-only` a non-writeable
 * array.
 */
export type ArrayView = 'flip-channels' | 'strided-crop' | 'transpose' | 'broadcast' | 'read-only';
export const ARRAY_VIEWS: readonly ArrayView[] = ['flip-channels', 'strided-crop', 'transpose', 'broadcast', 'read-only'];

export interface ArrayLayout {
  /** Default C. */
  order?: 'C' | 'F';
  /** Default little; meaningless (and kept) for one-byte dtypes. */
  byteOrder?: 'little' | 'big';
  view?: ArrayView;
}

/**
 * An array as numpy holds it in memory, for SDKs without numpy (the reference SDK, `node:`
 * modules that declare layouts): element `[i0, i1, ...]` is the `itemsize` bytes at
 * `offset + i0 * strides[0] + i1 * strides[1] + ...` of `data`, in `byteOrder`. Strides are in
 * bytes and may be 0 (broadcast) or negative (a flipped view).
 */
export interface HeldArray extends NdArray {
  strides: number[];
  offset: number;
  byteOrder: 'little' | 'big';
  readOnly: boolean;
}

/** Where a segment lives. `inproc` is the implementation's own dictionary. */
export type Transport = 'inproc' | 'fs' | 'posix';

export type SpecGeneration = 'v1' | 'v2';

/**
 * Abilities an adapter declares in its hello. A scenario that needs one the target lacks is
 * reported as skipped, never as passed. write-bytes, write-array and clear are the SDK's public
 * API: without them MUST clauses stay unjudged and the run is incomplete; the others are optional
 * and only narrow the scope (kit/skipCause.ts).
 */
export type Capability =
  | 'write-bytes'
  | 'write-array'
  | 'clear'
  | 'read-other-process'
  | 'scribble'
  | 'read-timing'
  | 'array-layouts';

export interface Hello {
  name: string;
  version: string;
  language: string;
  specGenerations: SpecGeneration[];
  transports: Transport[];
  capabilities: Capability[];
  homepage?: string;
  issues?: string;
}

export type Outcome<T> =
  | { status: 'ok'; value: T; implMicros?: number }
  /** `cause`, when the adapter knows it, says what was missing (kit/skipCause.ts). */
  | { status: 'skipped'; message: string; cause?: SkipCause }
  | { status: 'errored'; message: string; stderrTail?: string };

/** What one call of `read(id, meta)` produced on the implementation's side. */
export type ReadValue =
  | { kind: 'none' }
  | { kind: 'image'; image: NdArray }
  | { kind: 'exception'; type: string; message: string };

export interface WriteOptions {
  /** Defaults to the first transport the adapter declared. */
  transport?: Transport;
  /** write-array only, with capability `array-layouts`: hold the array this way when writing it. */
  layout?: ArrayLayout;
}

export interface ReadOptions {
  /** `other`: the read happens in a fresh process of the implementation (rule 14). */
  process?: 'same' | 'other';
  /**
   * After capturing the result, overwrite every element of the array the implementation
   * returned (each byte v becomes 255 - v), so the next read shows whether it was shared.
   */
  scribble?: boolean;
}

/** JSON-representable meta; deliberately loose because invalid metas are inputs too. */
export type Meta = unknown;

export interface ReaderAdapter {
  hello(): Promise<Hello>;
  writeBytes(id: string, bytes: Uint8Array, opts?: WriteOptions): Promise<Outcome<void>>;
  writeArray(id: string, array: NdArray, opts?: WriteOptions): Promise<Outcome<void>>;
  clear(id: string): Promise<Outcome<void>>;
  read(id: string, meta: Meta, opts?: ReadOptions): Promise<Outcome<ReadValue>>;
  close(): Promise<void>;
}

/** What every target factory receives from the kit. */
export interface TargetContext {
  /** Directory that plays PROC_SHM_DIR for the fs transport; owned and removed by the kit. */
  shmDir: string;
  /** Kit-owned scratch directory for payload files and logs. */
  scratchDir: string;
  /** Per-request timeout for out-of-process targets. */
  requestTimeoutMs: number;
  /**
   * Memory an out-of-process target may allocate, in MiB (RLIMIT_DATA); 0 means no limit,
   * absent means the kit's default (adapter/subprocess/memoryLimit.ts).
   */
  memoryLimitMb?: number;
  /**
   * The user's working directory, where an out-of-process target is started, so that relative
   * paths in its command line mean what they meant to the user; absent: the kit's own.
   */
  cwd?: string;
}

export type ReaderTargetFactory = (ctx: TargetContext) => Promise<ReaderAdapter>;
