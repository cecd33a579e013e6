/**
 * The one framing every ProcVision pipe uses: a 4-byte big-endian length, then UTF-8 JSON.
 * Shared by the probe, the reference Runner and the driver protocol so all three agree on what
 * counts as a broken stream.
 */

/** Larger prefixes are taken as junk rather than a frame to wait for. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function encodeFrame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

export type Decoded =
  | { kind: 'frame'; value: unknown; bytes: number; text: string }
  | { kind: 'junk'; reason: string; head: string };

/**
 * Accumulates a byte stream and yields whole frames. After the first junk it yields nothing
 * more: once the framing is lost there is no way back into it.
 */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private broken = false;

  push(chunk: Buffer): Decoded[] {
    if (this.broken) return [];
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Decoded[] = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (len === 0 || len > MAX_FRAME_BYTES) {
        out.push(this.junk(`length prefix ${len} out of range`));
        return out;
      }
      if (this.buf.length < 4 + len) break;
      const body = this.buf.subarray(4, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      const text = body.toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        out.push(this.junk('body is not JSON'));
        return out;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        out.push(this.junk('body is not a JSON object'));
        return out;
      }
      out.push({ kind: 'frame', value, bytes: len, text });
    }
    return out;
  }

  private junk(reason: string): Decoded {
    this.broken = true;
    const head = this.buf.subarray(0, 32).toString('latin1');
    this.buf = Buffer.alloc(0);
    return { kind: 'junk', reason, head };
  }
}
