/**
 * The one framing every ProcVision pipe uses: a 4-byte big-endian length, then that many bytes
 * of UTF-8 JSON, one object per frame. The spec's pipes (probe, reference Runner, Runner driver)
 * and the SDK adapter protocol all use this module, so they agree on what counts as a broken
 * stream; they differ only in the largest frame they take.
 */

/**
 * The spec's pipes: a call frame carries metadata, not pixels, but a Runner may add fields of
 * its own, so the limit is generous; larger prefixes are taken as junk rather than a frame to
 * wait for.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/**
 * The adapter protocol: image bytes never travel inside its frames (payload files do), so a
 * bigger length almost always means the adapter wrote text to stdout, and failing at once beats
 * waiting for gigabytes that never come.
 */
export const ADAPTER_MAX_FRAME_BYTES = 8 * 1024 * 1024;

/** How many bytes of a broken stream are kept to show what was written instead of a frame. */
const HEAD_BYTES = 32;

export class FramingError extends Error {}

/** Throws FramingError when the frame would be larger than the receiver takes. */
export function encodeFrame(value: unknown, maxBytes = MAX_FRAME_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  if (body.length > maxBytes) throw new FramingError(`frame of ${body.length} bytes exceeds ${maxBytes}`);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

export type Decoded =
  | { kind: 'frame'; value: Record<string, unknown>; bytes: number; text: string }
  /** `head`: the first bytes where a frame should have been, as latin1, e.g. a stray print. */
  | { kind: 'junk'; reason: string; head: string };

/**
 * Accepts arbitrary chunks and yields whole frames, however the bytes were split. After the
 * first junk it yields nothing more: once the framing is lost there is no way back into it.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Body length of the frame being received, once its header is in. */
  private expected: number | undefined;
  private broken = false;

  constructor(private readonly maxBytes = MAX_FRAME_BYTES) {}

  push(chunk: Uint8Array): Decoded[] {
    if (this.broken) return [];
    this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.pendingBytes += chunk.byteLength;
    const out: Decoded[] = [];
    while (this.pendingBytes >= 4) {
      if (this.expected === undefined) {
        const buffered = this.flatten();
        const length = buffered.readUInt32BE(0);
        // Checked from the header alone, so a bogus length never makes the decoder wait or allocate.
        if (length === 0) return [...out, this.junk('frame length 0: an empty frame', buffered)];
        if (length > this.maxBytes) return [...out, this.junk(`frame length ${length} exceeds ${this.maxBytes}`, buffered)];
        this.expected = length;
      }
      // Concatenating only once the whole frame is in keeps large frames linear in their size.
      if (this.pendingBytes < 4 + this.expected) break;
      const buffered = this.flatten();
      const body = buffered.subarray(4, 4 + this.expected);
      const parsed = parseBody(body);
      if (typeof parsed === 'string') return [...out, this.junk(parsed, body)];
      out.push({ kind: 'frame', ...parsed, bytes: this.expected });
      this.pending = [buffered.subarray(4 + this.expected)];
      this.pendingBytes = buffered.length - 4 - this.expected;
      this.expected = undefined;
    }
    return out;
  }

  /** Bytes received that do not yet form a whole frame. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  private flatten(): Buffer {
    if (this.pending.length !== 1) this.pending = [Buffer.concat(this.pending)];
    return this.pending[0]!;
  }

  private junk(reason: string, at: Buffer): Decoded {
    this.broken = true;
    const head = at.subarray(0, HEAD_BYTES).toString('latin1');
    this.pending = [];
    this.pendingBytes = 0;
    return { kind: 'junk', reason, head };
  }
}

/** The frame's object, or why the body is not one. */
function parseBody(body: Buffer): { value: Record<string, unknown>; text: string } | string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return 'frame body is not valid UTF-8';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `frame body is not JSON: ${(e as Error).message}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'frame body is not a JSON object';
  return { value: value as Record<string, unknown>, text };
}
