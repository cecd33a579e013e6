import type { StoredArray } from './heldArray.ts';

/** What a segment holds: encoded bytes (the platform's JPEG) or an array (the dev-time shortcut). */
export type StoredSegment =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'array'; array: StoredArray };

/** The transports this SDK can write to; `posix` is the planned native back end, not ours. */
export type SdkTransport = 'inproc' | 'fs';
