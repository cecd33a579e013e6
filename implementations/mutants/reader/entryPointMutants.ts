/**
 * Mutants of the entry point itself, for defects that come before the SDK's pipeline (which
 * sees the id only after meta validation). They wrap the bound reference adapter, so they act
 * the same in this process and in another one, and declare the same capabilities.
 */
import type { ReaderAdapter, ReaderTargetFactory } from '../../../adapter/types.ts';

/** The read raises whenever `rejects(id)` is true, before anything else happens. */
export function raisingOnIds(inner: ReaderTargetFactory, rejects: (id: string) => boolean, error: { type: string; message: string }): ReaderTargetFactory {
  return async (ctx) => {
    const adapter = await inner(ctx);
    const wrapped: ReaderAdapter = {
      hello: () => adapter.hello(),
      writeBytes: (id, bytes, opts) => adapter.writeBytes(id, bytes, opts),
      writeArray: (id, array, opts) => adapter.writeArray(id, array, opts),
      clear: (id) => adapter.clear(id),
      read: async (id, meta, opts) => (rejects(id)
        ? { status: 'ok', value: { kind: 'exception', type: error.type, message: `${error.message}: ${JSON.stringify(id)}` } }
        : adapter.read(id, meta, opts)),
      close: () => adapter.close(),
    };
    return wrapped;
  };
}

/**
 * RD-ROBUST-01: ids must start with a letter or digit (a validation regex), else ValueError.
 * Every id the kit makes itself starts with a letter, so only the hostile-read property, which
 * passes generated ids through raw ("", "../x", " a", "\r"), meets it.
 */
export const idNotStartingAlphanumeric = (id: string): boolean => !/^[A-Za-z0-9]/.test(id);

/**
 * RD-CLEAN-01: dev_clear_shared_memory is a stub that answers and does nothing, so a cleared
 * segment is still read, in this process and in another.
 */
export function clearIgnored(inner: ReaderTargetFactory): ReaderTargetFactory {
  return async (ctx) => {
    const adapter = await inner(ctx);
    return {
      hello: () => adapter.hello(),
      writeBytes: (id, bytes, opts) => adapter.writeBytes(id, bytes, opts),
      writeArray: (id, array, opts) => adapter.writeArray(id, array, opts),
      clear: async () => ({ status: 'ok', value: undefined }),
      read: (id, meta, opts) => adapter.read(id, meta, opts),
      close: () => adapter.close(),
    };
  };
}
