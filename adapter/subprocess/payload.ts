/**
 * Image bytes cross the protocol either base64 inside the frame (small) or as a file in the
 * kit's scratch directory (large), never as base64 megabytes that both sides must parse.
 */
import { accessSync, closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { fileKind, isSymlinkRefusal, NO_FOLLOW_NO_BLOCK } from '../../kit/regularFile.ts';
import type { Dtype, NdArray } from '../types.ts';
import { INLINE_PAYLOAD_LIMIT, type Payload, type WireArray } from './protocol.ts';

export class PayloadError extends Error {}

/**
 * The largest payload the kit accepts from an adapter: an 8K RGB frame is 100 MB, so this
 * leaves room for 16K frames while a reply claiming gigabytes is refused before anything is
 * allocated or read.
 */
export const MAX_PAYLOAD_BYTES = 512 * 1024 * 1024;

/**
 * RAM-backed when possible: a 7 MB frame then costs a memcpy, not a disk write.
 * `pv-conform run` points PV_CONFORM_PAYLOAD_ROOT at a directory of its own, so that whatever
 * happens to the processes that use it, one removal at the end takes every payload file.
 */
export function payloadRoot(): string {
  const chosen = process.env.PV_CONFORM_PAYLOAD_ROOT;
  if (chosen) return chosen;
  try {
    accessSync('/dev/shm', constants.W_OK);
    if (statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // not Linux, or no tmpfs here
  }
  return tmpdir();
}

/** Inline when small, otherwise written to `fileIfLarge`, which the caller must delete later. */
export function encodePayload(bytes: Uint8Array, fileIfLarge: string): Payload {
  if (bytes.byteLength <= INLINE_PAYLOAD_LIMIT) return { inline: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  writeFileSync(fileIfLarge, bytes);
  return { file: fileIfLarge, length: bytes.byteLength };
}

/**
 * `expectedFile` pins which file the other side may name: a peer must not make the kit read
 * (and later delete) arbitrary paths. `payloadDir`, when given, is the directory that file must
 * really be in: its real path, taken when the kit made it (see readPayloadFile).
 */
export function decodePayload(payload: Payload, expectedFile?: string, payloadDir?: string): Uint8Array {
  if ('inline' in payload) {
    // The limit is in decoded bytes, the unit docs/adapter-protocol.md states, and is checked
    // from the text's length before anything is decoded.
    const length = base64ByteLength(payload.inline);
    if (length > INLINE_PAYLOAD_LIMIT) {
      throw new PayloadError(`inline payload of ${length} bytes exceeds the inline limit of ${INLINE_PAYLOAD_LIMIT} bytes; send more as a file ({"file", "length"})`);
    }
    const bytes = Buffer.from(payload.inline, 'base64');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (expectedFile !== undefined && payload.file !== expectedFile) {
    throw new PayloadError(`payload file ${payload.file} is not the one offered (${expectedFile})`);
  }
  return readPayloadFile(payload.file, payload.length, payloadDir);
}

/** How many bytes a base64 text decodes to (the schema's pattern has already checked its alphabet). */
export function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor(((text.length - padding) * 3) / 4);
}

/**
 * The peer made the file at the path, so it decides what is there: the path is opened without
 * following a symbolic link (which would make the kit read any file) and without blocking (a
 * FIFO would block the open, and with it the run, forever), and then must be a regular file,
 * really inside `payloadDir` when that is given (a directory swapped for a link is caught too).
 * Checks the claimed length against the limit and the file's real size before allocating it.
 */
function readPayloadFile(file: string, length: number, payloadDir?: string): Uint8Array {
  if (length > MAX_PAYLOAD_BYTES) throw new PayloadError(`payload of ${length} bytes exceeds the kit's limit of ${MAX_PAYLOAD_BYTES}`);
  let fd: number;
  try {
    fd = openSync(file, NO_FOLLOW_NO_BLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (isSymlinkRefusal(e)) throw new PayloadError(`payload file ${file} is a symbolic link; the kit reads only a regular file in its payload directory`);
    throw new PayloadError(`payload file ${file} cannot be opened (${code ?? (e as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new PayloadError(`payload file ${file} is not a regular file (${fileKind(stat)}); the kit reads only a regular file in its payload directory`);
    if (payloadDir !== undefined) {
      const where = dirname(openedPath(fd, file));
      if (where !== payloadDir) throw new PayloadError(`payload file ${file} is not in the kit's payload directory (it is in ${where})`);
    }
    const size = stat.size;
    if (size !== length) throw new PayloadError(`payload file ${file} has ${size} bytes, message says ${length}`);
    // Every byte is overwritten by the read below, so zeroing first would be a wasted pass;
    // "Slow" keeps small buffers out of node's shared pool, so the array owns its memory.
    const bytes = Buffer.allocUnsafeSlow(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, bytes, done, length - done, done);
      if (n === 0) throw new PayloadError(`payload file ${file} ended after ${done} of ${length} bytes`);
      done += n;
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    closeSync(fd);
  }
}

/** Where the open file really is: /proc/self/fd says it without a second lookup of the path (Linux). */
function openedPath(fd: number, file: string): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return realpathSync(file);
  }
}

const ITEM_SIZE: Record<Dtype, number> = {
  uint8: 1, int8: 1, bool: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8,
};

export function expectedByteLength(dtype: Dtype, shape: number[]): number {
  return shape.reduce((n, d) => n * d, ITEM_SIZE[dtype]);
}

export function encodeArray(array: NdArray, fileIfLarge: string): WireArray {
  return { dtype: array.dtype, shape: [...array.shape], data: encodePayload(array.data, fileIfLarge) };
}

export function decodeArray(wire: WireArray, expectedFile?: string, payloadDir?: string): NdArray {
  // The shape is checked first: a reply claiming a gigantic array must cost nothing to refuse.
  const want = expectedByteLength(wire.dtype, wire.shape);
  if (want > MAX_PAYLOAD_BYTES) {
    throw new PayloadError(`${wire.dtype} array of shape [${wire.shape.join(', ')}] would need ${want} bytes, more than the kit's limit of ${MAX_PAYLOAD_BYTES}`);
  }
  const data = decodePayload(wire.data, expectedFile, payloadDir);
  if (data.byteLength !== want) {
    throw new PayloadError(`${wire.dtype} array of shape [${wire.shape.join(', ')}] needs ${want} bytes, got ${data.byteLength}`);
  }
  return { dtype: wire.dtype, shape: [...wire.shape], data };
}
