/**
 * Per-scenario reader state: the ids in play, what was stored under them, and every read.
 */
import type { ArrayLayout, NdArray, ReadValue, Transport } from '../../adapter/types.ts';
import type { PvWorld } from '../support/world.ts';

/** Something a scenario stored, with what a conformant read of it gives. */
export interface StoredContent {
  kind: 'array' | 'jpeg' | 'encoded' | 'bytes' | 'nothing';
  description: string;
  /** The size a meta "for its own size" names (the nominal size for corrupt content). */
  width: number;
  height: number;
  bytes?: Uint8Array;
  array?: NdArray;
  /** How the write holds `array` (a view, Fortran order, big-endian); its values stay `array`'s. */
  layout?: ArrayLayout;
  /** RGB H x W x 3 a conformant read gives under an RGB meta; absent when no pixels are implied. */
  expected?: NdArray;
  /** Other results a correct implementation may give instead of `expected` (alpha handling). */
  alternatives?: NdArray[];
  /** Arrays compare exactly; decoded encodings within the decoder tolerance. */
  exact: boolean;
}

export interface ReadRecord {
  id: string;
  meta: unknown;
  value: ReadValue;
  elapsedMs: number;
}

export interface ReaderState {
  id: string;
  secondId?: string;
  /** The transport the scenario named for its stores, when it named one. */
  transport?: Transport;
  stored: Map<string, StoredContent>;
  /** What was stored last under the scenario's main id, for "matches the last thing stored". */
  lastStored?: StoredContent;
  reads: ReadRecord[];
  lastMeta?: unknown;
  property?: { generator: string; action?: string; colorSpace?: unknown };
}

const states = new WeakMap<PvWorld, ReaderState>();

export function readerState(world: PvWorld): ReaderState {
  let s = states.get(world);
  if (!s) {
    s = { id: '', stored: new Map(), reads: [] };
    states.set(world, s);
  }
  return s;
}

let counter = 0;
/** Unique across scenarios, workers and runs sharing a segment directory. */
export function freshId(prefix = 'pvc'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export function lastRead(s: ReaderState): ReadRecord {
  const r = s.reads.at(-1);
  if (!r) throw new Error('scenario error: no read happened before this check');
  return r;
}
