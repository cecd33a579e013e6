/**
 * What the reader steps asked of the target during a benchmarked cucumber run: every adapter
 * call in order, with its inputs and a digest of each read's result, and the time spent inside
 * the adapter. Filled by support/recordCalls.ts, replayed by kitOverhead.ts.
 */
import { createHash } from 'node:crypto';
import type { Meta, NdArray, Outcome, ReadOptions, ReadValue, WriteOptions } from '../adapter/types.ts';

export type Call =
  | { op: 'writeBytes'; id: string; bytes: Uint8Array; opts?: WriteOptions }
  | { op: 'writeArray'; id: string; array: NdArray; opts?: WriteOptions }
  | { op: 'clear'; id: string }
  | { op: 'read'; id: string; meta: Meta; opts?: ReadOptions; digest: string };

export const callLog = {
  recording: false,
  calls: [] as Call[],
  /** Milliseconds spent inside adapter calls, recording or not. */
  adapterMs: 0,
  callCount: 0,
};

/** Outcome and value, with the image reduced to its shape and a hash of its bytes. */
export function digestOf(outcome: Outcome<ReadValue>): string {
  if (outcome.status !== 'ok') return `${outcome.status}`;
  const v = outcome.value;
  if (v.kind !== 'image') return JSON.stringify(v);
  const hash = createHash('sha1').update(v.image.data).digest('hex');
  return `image ${v.image.dtype} ${v.image.shape.join('x')} ${hash}`;
}
