/**
 * The adapter calls the reader steps make, with outcome handling in one place:
 * skipped capabilities skip the scenario, broken adapters are adapter errors, never spec failures.
 */
import type { Capability, Outcome, ReadOptions, ReadValue, Transport } from '../../adapter/types.ts';
import { SKIP_CAUSE_MEDIA_TYPE, skipCause, type SkipCause, type SkipCauseKind } from '../../kit/skipCause.ts';
import { AdapterError } from '../support/failure.ts';
import { capText } from '../../kit/capText.ts';
import type { PvWorld } from '../support/world.ts';
import type { StoredContent } from './state.ts';

/**
 * Thrown to mark the scenario skipped: the target lacks what the scenario needs. `skipCause`
 * says what, for the scope of the run (reports/scope.ts); the message is for people.
 */
export class Skip extends Error {
  constructor(message: string, readonly skipCause: SkipCause) {
    super(message);
  }
}

const readerCause = (kind: SkipCauseKind, name: string): SkipCause => skipCause('reader', kind, name);

type StepBody<A extends unknown[]> = (this: PvWorld, ...args: A) => Promise<void>;

/** Wraps a step body so a Skip becomes cucumber's 'skipped' result. */
export function step<A extends unknown[]>(body: StepBody<A>) {
  const wrapped = async function (this: PvWorld, ...args: A): Promise<void | 'skipped'> {
    try {
      await body.apply(this, args);
    } catch (e) {
      if (e instanceof Skip) {
        await this.attach(`skipped: ${e.message}`, 'text/plain');
        await this.attach(JSON.stringify(e.skipCause), SKIP_CAUSE_MEDIA_TYPE);
        return 'skipped';
      }
      throw e;
    }
  };
  // Cucumber matches a step's arity against its parameters.
  Object.defineProperty(wrapped, 'length', { value: body.length });
  return wrapped;
}

/**
 * `cause`: what a skipped answer means when the adapter does not say: the command itself (the
 * SDK's API, required) unless the call asked for something optional.
 */
function unwrap<T>(o: Outcome<T>, what: string, cause: SkipCause): T {
  if (o.status === 'ok') return o.value;
  if (o.status === 'skipped') throw new Skip(`${what}: ${capText(o.message)}`, o.cause ? readerCause(o.cause.kind, o.cause.name) : cause);
  throw new AdapterError(`${what}: the adapter failed: ${capText(o.message)}`, o.stderrTail);
}

export async function requireCapability(world: PvWorld, cap: Capability): Promise<void> {
  const { hello } = await world.reader();
  if (!hello.capabilities.includes(cap)) throw new Skip(`the target does not declare capability "${cap}"`, readerCause('capability', cap));
}

export async function requireTransport(world: PvWorld, t: Transport): Promise<void> {
  const { hello } = await world.reader();
  if (!hello.transports.includes(t)) throw new Skip(`the target does not declare transport "${t}"`, readerCause('transport', t));
}

export async function store(world: PvWorld, id: string, c: StoredContent, transport?: Transport): Promise<void> {
  const { adapter, hello } = await world.reader();
  if (transport) await requireTransport(world, transport);
  const opts = transport ? { transport } : undefined;
  // A write to a transport named beyond the default one is optional; any other write is the API.
  const writeCause = (cmd: Capability) => (transport && transport !== hello.transports[0] ? readerCause('transport', transport) : readerCause('command', cmd));
  if (c.kind === 'nothing') {
    await clear(world, id);
  } else if (c.array && c.layout) {
    // A layout is optional: an adapter that cannot hold one narrows the scope, never the API.
    await requireCapability(world, 'write-array');
    await requireCapability(world, 'array-layouts');
    unwrap(await adapter.writeArray(id, c.array, { ...opts, layout: c.layout }), `write-array ${JSON.stringify(id)}`, readerCause('capability', 'array-layouts'));
  } else if (c.array) {
    await requireCapability(world, 'write-array');
    unwrap(await adapter.writeArray(id, c.array, opts), `write-array ${JSON.stringify(id)}`, writeCause('write-array'));
  } else if (c.bytes) {
    await requireCapability(world, 'write-bytes');
    unwrap(await adapter.writeBytes(id, c.bytes, opts), `write-bytes ${JSON.stringify(id)}`, writeCause('write-bytes'));
  }
}

export async function clear(world: PvWorld, id: string): Promise<void> {
  const { adapter } = await world.reader();
  await requireCapability(world, 'clear');
  unwrap(await adapter.clear(id), `clear ${JSON.stringify(id)}`, readerCause('command', 'clear'));
}

export async function read(world: PvWorld, id: string, meta: unknown, opts?: ReadOptions): Promise<{ value: ReadValue; elapsedMs: number }> {
  const { adapter } = await world.reader();
  if (opts?.process === 'other') await requireCapability(world, 'read-other-process');
  if (opts?.scribble) await requireCapability(world, 'scribble');
  const t0 = performance.now();
  // Reading in another process and scribbling are options of their own; a plain read is the API.
  const cause = opts?.process === 'other' ? readerCause('capability', 'read-other-process')
    : opts?.scribble ? readerCause('capability', 'scribble') : readerCause('command', 'read');
  const value = unwrap(await adapter.read(id, meta, opts), `read ${JSON.stringify(id)}`, cause);
  return { value, elapsedMs: performance.now() - t0 };
}
