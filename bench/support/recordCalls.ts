/**
 * Benchmark-only cucumber support code: wraps the World's reader so every adapter call is timed
 * and, while callLog.recording is set, recorded with copies of its inputs. Loaded next to the
 * kit's own support code by bench/cucumberInProcess.ts; the kit never loads it.
 */
import type { NdArray, ReaderAdapter } from '../../adapter/types.ts';
import { PvWorld } from '../../steps/support/world.ts';
import { callLog, digestOf, type Call } from '../callLog.ts';
import { nowMs } from '../timing.ts';

const instrumented = new WeakMap<ReaderAdapter, ReaderAdapter>();
const copyArray = (a: NdArray): NdArray => ({ dtype: a.dtype, shape: [...a.shape], data: a.data.slice() });
const copyMeta = (m: unknown): unknown => (m === undefined ? undefined : structuredClone(m));

function instrument(adapter: ReaderAdapter): ReaderAdapter {
  async function timed<T>(record: () => Call | undefined, call: () => Promise<T>, finish?: (c: Call, r: T) => void): Promise<T> {
    const entry = callLog.recording ? record() : undefined;
    const t0 = nowMs();
    const result = await call();
    callLog.adapterMs += nowMs() - t0;
    callLog.callCount++;
    if (entry) {
      finish?.(entry, result);
      callLog.calls.push(entry);
    }
    return result;
  }
  return {
    hello: () => adapter.hello(),
    close: () => adapter.close(),
    writeBytes: (id, bytes, opts) => timed(() => ({ op: 'writeBytes', id, bytes: bytes.slice(), ...(opts ? { opts } : {}) }), () => adapter.writeBytes(id, bytes, opts)),
    writeArray: (id, array, opts) => timed(() => ({ op: 'writeArray', id, array: copyArray(array), ...(opts ? { opts } : {}) }), () => adapter.writeArray(id, array, opts)),
    clear: (id) => timed(() => ({ op: 'clear', id }), () => adapter.clear(id)),
    read: (id, meta, opts) => timed(
      () => ({ op: 'read', id, meta: copyMeta(meta), ...(opts ? { opts } : {}), digest: '' }),
      () => adapter.read(id, meta, opts),
      (c, r) => { if (c.op === 'read') c.digest = digestOf(r); },
    ),
  };
}

const original = PvWorld.prototype.reader;
PvWorld.prototype.reader = async function (this: PvWorld) {
  const target = await original.call(this);
  let wrapped = instrumented.get(target.adapter);
  if (!wrapped) {
    wrapped = instrument(target.adapter);
    instrumented.set(target.adapter, wrapped);
  }
  return { ...target, adapter: wrapped };
};
