/** Reads the probe's side channel: new JSON lines since the last read, each schema-checked. */
import { readFileSync } from 'node:fs';
import { AdapterError } from '../support/failure.ts';
import { wireErrors } from '../../adapter/runner/wire-schemas.ts';
import type { Behaviour } from '../../probe/script.ts';
import type { SegmentObservation } from '../../probe/observe-segment.ts';
import type { FrameRole } from '../../adapter/runner/types.ts';
import type { ShmEntry } from '../../kit/transports/shm-listing.ts';

export interface ImageObservation {
  role: FrameRole;
  id: string | null;
  meta: unknown;
  metaSchemaErrors: string | null;
  segment: SegmentObservation;
}

export type Observation =
  | { type: 'start'; at: number; pid: number; generation: string; transport: string; procShmDir: string | null }
  | { type: 'hello'; at: number; pid: number; sentHelloAt: number; callsBefore: number; schemaErrors: string | null }
  | { type: 'frame'; at: number; pid: number; frameType: string; schemaErrors: string | null }
  | { type: 'violation'; at: number; pid: number; kind: string; detail: string }
  | {
      type: 'call'; at: number; pid: number; step: number; requestId?: string; shape: string; frameBytes: number;
      schemaErrors: Record<string, string | null>; bulkyStrings: { path: string; length: number; why: string }[];
      images: ImageObservation[]; behaviour: Behaviour;
      /** fs, when a segment was missing: what PROC_SHM_DIR held as the call arrived. */
      shmListing?: ShmEntry[];
    }
  | { type: 'recheck'; at: number; pid: number; step: number; images: { role: FrameRole; id: string | null; exists: boolean; sameBytes: boolean }[] }
  | { type: 'reply'; at: number; pid: number; step: number; sent: string }
  | { type: 'exit'; at: number; pid: number; reason: string };

export type CallObservation = Extract<Observation, { type: 'call' }>;
export type RecheckObservation = Extract<Observation, { type: 'recheck' }>;

export class ObservationReader {
  private offset = 0;
  readonly all: Observation[] = [];

  constructor(private readonly file: string) {}

  /** Lines appended since the last call; a partial last line waits for the next read. */
  readNew(): Observation[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const end = text.lastIndexOf('\n') + 1;
    const chunk = text.slice(this.offset, end);
    this.offset = end;
    const fresh: Observation[] = [];
    for (const line of chunk.split('\n')) {
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new AdapterError(`probe observation is not JSON: ${line.slice(0, 200)}`);
      }
      const problems = wireErrors('runner-driver/probe-observation.schema.json', value);
      if (problems) throw new AdapterError(`probe observation does not match its schema (${problems}): ${line.slice(0, 300)}`);
      fresh.push(value as Observation);
    }
    this.all.push(...fresh);
    return fresh;
  }
}

/**
 * Which algorithm process made each observation, as `<pid>#<n>` (the n-th process with that pid).
 * A pid alone does not say: a one-shot Runner starts a process per step, and the system may give
 * a later one the pid of an earlier one. The probes append in time order and two processes with
 * one pid never overlap, so an observation belongs to the latest `start` of its pid before it.
 */
export function processInstances(all: readonly Observation[]): Map<Observation, string> {
  const starts = new Map<number, number>();
  const out = new Map<Observation, string>();
  for (const o of all) {
    if (o.type === 'start') starts.set(o.pid, (starts.get(o.pid) ?? 0) + 1);
    out.set(o, `${o.pid}#${starts.get(o.pid) ?? 0}`);
  }
  return out;
}
