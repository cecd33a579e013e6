/**
 * The spec's framing, reused for the adapter protocol: a 4-byte big-endian length, then that
 * many bytes of UTF-8 JSON.
 */

/**
 * Image bytes never travel inside frames, so a real frame is small; a bigger length almost
 * always means the other side wrote text to stdout, and failing at once beats waiting for
 * gigabytes that never come.
 */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

export class FramingError extends Error {}

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > MAX_FRAME_BYTES) throw new FramingError(`frame of ${body.length} bytes exceeds ${MAX_FRAME_BYTES}`);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** Accepts arbitrary chunks and yields whole frames, however the bytes were split. */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Body length of the frame being received, once its header is in. */
  private expected: number | undefined;

  /** Returns the frames completed by this chunk, parsed; throws FramingError on a bad frame. */
  push(chunk: Uint8Array): unknown[] {
    this.pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.pendingBytes += chunk.byteLength;
    const frames: unknown[] = [];
    while (this.pendingBytes >= 4) {
      if (this.expected === undefined) {
        const head = this.flatten();
        const length = head.readUInt32BE(0);
        if (length > MAX_FRAME_BYTES) {
          const start = JSON.stringify(head.subarray(0, 16).toString('latin1'));
          throw new FramingError(`frame length ${length} exceeds ${MAX_FRAME_BYTES} (stdout starts with ${start})`);
        }
        this.expected = length;
      }
      // Concatenating only once the whole frame is in keeps large frames linear in their size.
      if (this.pendingBytes < 4 + this.expected) break;
      const buffered = this.flatten();
      frames.push(parseBody(buffered.subarray(4, 4 + this.expected)));
      this.pending = [buffered.subarray(4 + this.expected)];
      this.pendingBytes = buffered.length - 4 - this.expected;
      this.expected = undefined;
    }
    return frames;
  }

  /** Bytes received that do not yet form a whole frame. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  private flatten(): Buffer {
    if (this.pending.length !== 1) this.pending = [Buffer.concat(this.pending)];
    return this.pending[0]!;
  }
}

function parseBody(body: Buffer): unknown {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let json: string;
  try {
    json = text.decode(body);
  } catch {
    throw new FramingError('frame body is not valid UTF-8');
  }
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new FramingError(`frame body is not JSON: ${(e as Error).message}; starts with ${JSON.stringify(json.slice(0, 60))}`);
  }
}
