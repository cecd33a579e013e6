/**
 * Per-scenario writer state, keyed by the cucumber World so the World class (owned by the
 * support code) needs no writer fields.
 */
import type { SpecGeneration } from '../../adapter/types.ts';
import type { SegmentTransport } from '../../adapter/runner/types.ts';
import { loadCatalog, resolveReadings, type Catalog } from '../../kit/catalog.ts';
import { isRunParams, type RunParams } from '../../kit/run-params.ts';
import type { Behaviour } from '../../probe/script.ts';
import type { WriterSession } from './session.ts';

export interface WriterState {
  params: RunParams;
  readings: Record<string, string>;
  generation?: SpecGeneration;
  transport?: SegmentTransport;
  session?: WriterSession;
  next: Behaviour;
  /** The texts of the scenario's steps, known before any runs: what it will ask of the Runner. */
  stepTexts?: string[];
}

interface HasParameters { parameters: unknown }

const states = new WeakMap<object, WriterState>();
let catalog: Catalog | undefined;

export function writerState(world: HasParameters): WriterState {
  let s = states.get(world);
  if (!s) {
    const params = world.parameters;
    if (!isRunParams(params)) throw new Error('writer steps need RunParams as cucumber world parameters');
    catalog ??= loadCatalog();
    s = { params, readings: { ...resolveReadings(catalog, params.profile), ...params.readings }, next: { reply: 'ok', delayMs: 0 } };
    states.set(world, s);
  }
  return s;
}

export function peekWriterState(world: object): WriterState | undefined {
  return states.get(world);
}

export function session(world: HasParameters): WriterSession {
  const s = writerState(world).session;
  if (!s) throw new Error('no Runner started in this scenario (missing "Given a <generation> Runner using the <transport> transport")');
  return s;
}

export function reading(world: HasParameters, clause: string): string {
  const r = writerState(world).readings[clause];
  if (!r) throw new Error(`no reading selected for ${clause}`);
  return r;
}
