/**
 * pv-conform's adapter for a JavaScript or TypeScript SDK module, as adapters/python/pv_conform_shim.py
 * is for a Python one: `--target node:<module>` starts it in a child process (with tsx, so a
 * TypeScript module needs no build step), and it serves the subprocess adapter protocol
 * (adapter/subprocess/serve.ts) by calling only the module's public functions, by the spec's
 * names or their camelCase forms:
 *
 *   read_image_from_shared_memory(id, meta)        readImageFromSharedMemory
 *   dev_write_image_to_shared_memory(id, bytes)    devWriteImageToSharedMemory
 *   write_image_array_to_shared_memory(id, array)  writeImageArrayToSharedMemory
 *   dev_clear_shared_memory(id)                    devClearSharedMemory
 *
 * bytes is a Uint8Array; an array, given or returned, is `{ dtype, shape, data }` with `data` the
 * C-ordered little-endian bytes in a Uint8Array (numpy's layout); a read returns such an array,
 * or null or undefined for Python's None, directly or as a promise. A missing write or clear
 * function leaves its capability out of the hello (the scenarios that need it are skipped).
 * A module that exports `__pv_array_layouts__ = true` (or `pvArrayLayouts`) also receives arrays
 * as camera code may hold them (docs/adapter-protocol.md, "Array layouts"): a `HeldArray`
 * (adapter/types.ts), `{ dtype, shape, data, strides, offset, byteOrder, readOnly }`, whose element
 * [i, j, ...] is at byte `offset + i * strides[0] + j * strides[1] + ...` of `data`.
 *
 *   node --import tsx pv_conform_node_shim.ts <module path or package name>
 *
 * The module's transports are what it exports as `__pv_transports__` (or `pvTransports`);
 * without either, a probe write shows whether it honours PROC_SHM_DIR (then ["fs"]) or keeps
 * segments to itself (then ["inproc"]). Its name and version come from the nearest package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Capability, Hello, NdArray, Outcome, ReaderAdapter, ReadValue, TargetContext, Transport } from '../../adapter/types.ts';
import { serveReaderAdapter } from '../../adapter/subprocess/serve.ts';
import { holdArray, layoutProblem } from '../../kit/arrayLayout.ts';

type Fn = (...args: unknown[]) => unknown;

const NAMES = {
  read: ['read_image_from_shared_memory', 'readImageFromSharedMemory'],
  writeBytes: ['dev_write_image_to_shared_memory', 'devWriteImageToSharedMemory'],
  writeArray: ['write_image_array_to_shared_memory', 'writeImageArrayToSharedMemory'],
  clear: ['dev_clear_shared_memory', 'devClearSharedMemory'],
} as const;

/** A file from the working directory (as the kit passes it: absolute); otherwise a package found from it. */
export function resolveModule(spec: string, cwd = process.cwd()): string {
  const file = resolve(cwd, spec);
  if (/^[./]/.test(spec) || existsSync(file)) return file;
  return createRequire(join(cwd, 'package.json')).resolve(spec);
}

function pick(module: Record<string, unknown>, names: readonly string[]): Fn | undefined {
  for (const n of names) if (typeof module[n] === 'function') return module[n] as Fn;
  return undefined;
}

function identity(file: string): { name: string; version: string } {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const p = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown; version?: unknown };
        if (typeof p.name === 'string') return { name: p.name, version: typeof p.version === 'string' ? p.version : 'unknown' };
      } catch {
        // not JSON: look further up
      }
    }
    if (dirname(dir) === dir) return { name: basename(file, extname(file)), version: 'unknown' };
  }
}

function exceptionOf(e: unknown): { type: string; message: string } {
  return e instanceof Error ? { type: e.name, message: e.message } : { type: typeof e, message: String(e) };
}

function isNdArray(v: unknown): v is NdArray {
  const a = v as Partial<NdArray> | null;
  return typeof v === 'object' && a !== null && typeof a.dtype === 'string' && Array.isArray(a.shape) && a.data instanceof Uint8Array;
}

export async function bindModule(file: string, ctx: TargetContext): Promise<ReaderAdapter> {
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const read = pick(module, NAMES.read);
  if (!read) throw new Error(`${file} exports neither ${NAMES.read.join(' nor ')}`);
  const writeBytes = pick(module, NAMES.writeBytes);
  const writeArray = pick(module, NAMES.writeArray);
  const clear = pick(module, NAMES.clear);
  // Without numpy a strided array is a contract of its own: only a module that says it reads one gets one.
  const takesLayouts = (module.__pv_array_layouts__ ?? module.pvArrayLayouts) === true;
  const who = identity(file);
  let transports: Transport[] | undefined;

  const known = async (): Promise<Transport[]> => {
    if (transports) return transports;
    const declared = module.__pv_transports__ ?? module.pvTransports;
    if (Array.isArray(declared)) return (transports = declared as Transport[]);
    if (!writeBytes) return (transports = ['inproc']);
    const probe = `pv-conform-probe-${process.pid}`;
    await writeBytes(probe, Uint8Array.of(0xff, 0xd8, 0xff, 0xd9));
    try {
      transports = existsSync(join(ctx.shmDir, `${probe}.bin`)) ? ['fs'] : ['inproc'];
    } finally {
      await clear?.(probe);
    }
    return transports;
  };

  const call = async (transport: Transport | undefined, what: string, action: () => unknown): Promise<Outcome<void>> => {
    const mine = await known();
    if (transport !== undefined && !mine.includes(transport)) return { status: 'skipped', message: `${who.name} has no ${transport} transport` };
    try {
      await action();
      return { status: 'ok', value: undefined };
    } catch (e) {
      const { type, message } = exceptionOf(e);
      return { status: 'errored', message: `${what} failed: ${type}: ${message}` };
    }
  };
  const missing = (what: string): Outcome<void> => ({ status: 'skipped', message: `${who.name} exports no ${what} function` });

  return {
    async hello(): Promise<Hello> {
      const capabilities: Capability[] = [
        ...(writeBytes ? ['write-bytes' as const] : []), ...(writeArray ? ['write-array' as const] : []), ...(clear ? ['clear' as const] : []),
        'scribble', 'read-timing', ...(writeArray && takesLayouts ? ['array-layouts' as const] : []),
      ];
      return {
        ...who, language: /\.[cm]?ts$/.test(file) ? 'typescript' : 'javascript',
        specGenerations: Array.isArray(module.__pv_spec_generations__) ? module.__pv_spec_generations__ as Hello['specGenerations'] : ['v1', 'v2'],
        transports: await known(), capabilities,
      };
    },
    writeBytes: (id, bytes, opts) => (writeBytes ? call(opts?.transport, 'write', () => writeBytes(id, bytes)) : Promise.resolve(missing('write-bytes'))),
    async writeArray(id, array, opts) {
      if (!writeArray) return missing('write-array');
      const layout = opts?.layout;
      if (!layout) return call(opts?.transport, 'write', () => writeArray(id, array));
      if (!takesLayouts) return { status: 'skipped', message: `${who.name} does not export __pv_array_layouts__: it takes C-ordered little-endian arrays only` };
      const problem = layoutProblem(array, layout);
      if (problem) return { status: 'errored', message: `cannot hold the array as asked: ${problem}` };
      return call(opts?.transport, 'write', () => writeArray(id, holdArray(array, layout)));
    },
    clear: (id) => (clear ? call(undefined, 'clear', () => clear(id)) : Promise.resolve(missing('clear'))),
    async read(id, meta, opts = {}): Promise<Outcome<ReadValue>> {
      if (opts.process === 'other') return { status: 'skipped', message: 'node: targets read in their own process only' };
      const started = process.hrtime.bigint();
      let result: unknown;
      try {
        result = await read(id, meta);
      } catch (e) {
        return { status: 'ok', value: { kind: 'exception', ...exceptionOf(e) }, implMicros: micros(started) };
      }
      const implMicros = micros(started);
      if (result === null || result === undefined) return { status: 'ok', value: { kind: 'none' }, implMicros };
      if (!isNdArray(result)) return { status: 'errored', message: 'read returned neither null nor { dtype, shape, data: Uint8Array }' };
      // Copied before a scribble overwrites the module's own array: the next read shows whether it was shared.
      const image: NdArray = { dtype: result.dtype, shape: [...result.shape], data: opts.scribble ? new Uint8Array(result.data) : result.data };
      if (opts.scribble) for (let i = 0; i < result.data.length; i++) result.data[i] = 255 - result.data[i]!;
      return { status: 'ok', value: { kind: 'image', image }, implMicros };
    },
    async close() {},
  };
}

function micros(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const spec = process.argv[2];
  if (!spec || process.argv.length > 3) {
    process.stderr.write('usage: node --import tsx pv_conform_node_shim.ts <module path or package name>\n');
    process.exit(2);
  }
  // Resolved when the kit asks for the hello, so that a module that cannot load is an errored hello with its reason.
  serveReaderAdapter(async (ctx) => bindModule(resolveModule(spec), ctx)).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`pv_conform_node_shim: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
