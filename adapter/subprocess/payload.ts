/**
 * Image bytes cross the protocol either base64 inside the frame (small) or as a file in the
 * kit's scratch directory (large), never as base64 megabytes that both sides must parse.
 */
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Dtype, NdArray } from '../types.ts';
import { INLINE_PAYLOAD_LIMIT, type Payload, type WireArray } from './protocol.ts';

export class PayloadError extends Error {}

/** RAM-backed when possible: a 7 MB frame then costs a memcpy, not a disk write. */
export function payloadRoot(): string {
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
 * (and later delete) arbitrary paths.
 */
export function decodePayload(payload: Payload, expectedFile?: string): Uint8Array {
  if ('inline' in payload) {
    const bytes = Buffer.from(payload.inline, 'base64');
    if (bytes.length > INLINE_PAYLOAD_LIMIT) throw new PayloadError(`inline payload of ${bytes.length} bytes exceeds ${INLINE_PAYLOAD_LIMIT}`);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (expectedFile !== undefined && payload.file !== expectedFile) {
    throw new PayloadError(`payload file ${payload.file} is not the one offered (${expectedFile})`);
  }
  const bytes = readFileSync(payload.file);
  if (bytes.length !== payload.length) throw new PayloadError(`payload file ${payload.file} has ${bytes.length} bytes, message says ${payload.length}`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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

export function decodeArray(wire: WireArray, expectedFile?: string): NdArray {
  const data = decodePayload(wire.data, expectedFile);
  const want = expectedByteLength(wire.dtype, wire.shape);
  if (data.byteLength !== want) {
    throw new PayloadError(`${wire.dtype} array of shape [${wire.shape.join(', ')}] needs ${want} bytes, got ${data.byteLength}`);
  }
  return { dtype: wire.dtype, shape: [...wire.shape], data };
}
