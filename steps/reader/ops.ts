/**
 * The adapter calls the reader steps make, with outcome handling in one place:
 * skipped capabilities skip the scenario, broken adapters are adapter errors, never spec failures.
 */
import type { Capability, Outcome, ReadOptions, ReadValue, Transport } from '../../adapter/types.ts';
import { AdapterError } from '../support/failure.ts';
import type { PvWorld } from '../support/world.ts';
import type { StoredContent } from './state.ts';

/** Thrown to mark the scenario skipped: the target lacks what the scenario needs. */
export class Skip extends Error {}

type StepBody<A extends unknown[]> = (this: PvWorld, ...args: A) => Promise<void>;

/** Wraps a step body so a Skip becomes cucumber's 'skipped' result. */
export function step<A extends unknown[]>(body: StepBody<A>) {
  const wrapped = async function (this: PvWorld, ...args: A): Promise<void | 'skipped'> {
    try {
      await body.apply(this, args);
    } catch (e) {
      if (e instanceof Skip) {
        await this.attach(`skipped: ${e.message}`, 'text/plain');
        return 'skipped';
      }
      throw e;
    }
  };
  // Cucumber matches a step's arity against its parameters.
  Object.defineProperty(wrapped, 'length', { value: body.length });
  return wrapped;
}

function unwrap<T>(o: Outcome<T>, what: string): T {
  if (o.status === 'ok') return o.value;
  if (o.status === 'skipped') throw new Skip(`${what}: ${o.message}`);
  throw new AdapterError(`${what}: the adapter failed: ${o.message}`, o.stderrTail);
}

export async function requireCapability(world: PvWorld, cap: Capability): Promise<void> {
  const { hello } = await world.reader();
  if (!hello.capabilities.includes(cap)) throw new Skip(`the target does not declare capability "${cap}"`);
}

export async function requireTransport(world: PvWorld, t: Transport): Promise<void> {
  const { hello } = await world.reader();
  if (!hello.transports.includes(t)) throw new Skip(`the target does not declare transport "${t}"`);
}

export async function store(world: PvWorld, id: string, c: StoredContent, transport?: Transport): Promise<void> {
  const { adapter } = await world.reader();
  if (transport) await requireTransport(world, transport);
  const opts = transport ? { transport } : undefined;
  if (c.kind === 'nothing') {
    await clear(world, id);
  } else if (c.array) {
    await requireCapability(world, 'write-array');
    unwrap(await adapter.writeArray(id, c.array, opts), `write-array ${JSON.stringify(id)}`);
  } else if (c.bytes) {
    await requireCapability(world, 'write-bytes');
    unwrap(await adapter.writeBytes(id, c.bytes, opts), `write-bytes ${JSON.stringify(id)}`);
  }
}

export async function clear(world: PvWorld, id: string): Promise<void> {
  const { adapter } = await world.reader();
  await requireCapability(world, 'clear');
  unwrap(await adapter.clear(id), `clear ${JSON.stringify(id)}`);
}

export async function read(world: PvWorld, id: string, meta: unknown, opts?: ReadOptions): Promise<{ value: ReadValue; elapsedMs: number }> {
  const { adapter } = await world.reader();
  if (opts?.process === 'other') await requireCapability(world, 'read-other-process');
  if (opts?.scribble) await requireCapability(world, 'scribble');
  const t0 = performance.now();
  const value = unwrap(await adapter.read(id, meta, opts), `read ${JSON.stringify(id)}`);
  return { value, elapsedMs: performance.now() - t0 };
}
