/**
 * Turns a --target string into a factory. Embedded implementations are loaded by dynamic
 * import here, so that features, steps and generators never import an implementation.
 *
 *   reference          the embedded TypeScript reference SDK, in-process
 *   mutant:<name>      a deliberately broken variant of it (see implementations/mutants)
 *   python:<sdk>       a Python SDK through the bundled shim (adapters/python/pv_conform_shim.py)
 *   node:<module>      a JavaScript/TypeScript SDK module through adapters/node/pv_conform_node_shim.ts
 *   anything else      a command line speaking the subprocess adapter protocol
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { kitRoot } from '../kit/paths.ts';
import type { ReaderTargetFactory } from './types.ts';
import { findProgram } from './subprocess/executable.ts';

export class TargetError extends Error {}

export interface ResolveTargetOptions {
  /** The user's working directory: relative paths in the target mean what they meant there. */
  cwd?: string | undefined;
  /** The interpreter for `python:` targets (--python); absent: DEFAULT_PYTHON. */
  python?: string | undefined;
}

/** Debian's, which has the numpy and Pillow an SDK typically needs; a venv's python3 may not. */
export const DEFAULT_PYTHON = '/usr/bin/python3';
/** What the shim imports when given only a directory: the module the spec names. */
export const DEFAULT_PYTHON_MODULE = 'procvision_algorithm_sdk.shared_memory';
export const PYTHON_SHIM = join(kitRoot, 'adapters', 'python', 'pv_conform_shim.py');
export const NODE_SHIM = join(kitRoot, 'adapters', 'node', 'pv_conform_node_shim.ts');

export async function resolveReaderTarget(target: string, options: ResolveTargetOptions = {}): Promise<ReaderTargetFactory> {
  if (target === 'reference') {
    const m = await import('../implementations/reference-sdk/binding.ts');
    return m.createReferenceTarget;
  }
  if (target.startsWith('mutant:')) {
    const name = target.slice('mutant:'.length);
    const m = await import('../implementations/mutants/readerMutants.ts');
    const factory = m.readerMutants[name];
    if (!factory) {
      throw new TargetError(`unknown reader mutant "${name}"; known: ${Object.keys(m.readerMutants).sort().join(', ')}`);
    }
    return factory;
  }
  if (!target.trim()) throw new TargetError('empty --target');
  const m = await import('./subprocess/client.ts');
  if (target.startsWith('python:')) return m.createSubprocessTarget(pythonCommandLine(target.slice('python:'.length), options));
  if (target.startsWith('node:')) return m.createSubprocessTarget(nodeCommandLine(target.slice('node:'.length), options));
  return m.createSubprocessTarget(target);
}

const PYTHON_MODULE = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The shim's command line for `python:<spec>`, where spec is
 *
 *   <dir>             the directory holding the SDK package (what goes on sys.path), or the
 *                     package directory itself; the module is procvision_algorithm_sdk.shared_memory,
 *                     or the package's own name when it is called something else
 *   <module>          an importable module, e.g. an SDK installed into the interpreter
 *   <dir>:<module>    that module, found in that directory
 *
 * A name that is both a directory here and a module name is taken as the directory, as the
 * user can see it. Directories are checked now, so a typo is one line before anything starts.
 */
export function pythonCommandLine(spec: string, options: ResolveTargetOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const python = options.python ?? DEFAULT_PYTHON;
  if (!spec) throw new TargetError(`python: needs the SDK's directory or module, e.g. python:./sdk or python:my_sdk.shared_memory`);
  if (!findProgram(python, cwd)) {
    throw new TargetError(`python:${spec}: the interpreter ${python} is not an executable file${python.includes('/') ? '' : ' on PATH'}; name another with --python EXE`);
  }
  const pair = /^(.+):([^:]+)$/.exec(spec);
  let dir: string | undefined;
  let module: string | undefined;
  if (pair && PYTHON_MODULE.test(pair[2]!)) [dir, module] = [pair[1]!, pair[2]!];
  else if (PYTHON_MODULE.test(spec) && !isDirectory(resolve(cwd, spec))) module = spec;
  else dir = spec;
  const args = [python, PYTHON_SHIM];
  if (dir !== undefined) {
    let path = resolve(cwd, dir);
    if (!isDirectory(path)) throw new TargetError(`python:${spec}: ${dir} is not a directory (relative paths are taken from the working directory)`);
    // The package itself rather than the directory above it: what a vendor is likely to point at.
    if (module === undefined && existsSync(join(path, '__init__.py'))) {
      const name = basename(path);
      path = dirname(path);
      module = name === DEFAULT_PYTHON_MODULE.split('.')[0] ? DEFAULT_PYTHON_MODULE : name;
    }
    args.push('--sdk-path', path);
  }
  if (module !== undefined) args.push('--module', module);
  return args.map(quoteWord).join(' ');
}

/**
 * The node shim's command line for `node:<module>`: a file from the working directory (a path
 * that starts with . or /, or names a file there), or else a package found from it, as the
 * user's own code would find it (`my-sdk`, `@acme/sdk`). The shim runs under tsx, so a
 * TypeScript module needs no build.
 */
export function nodeCommandLine(spec: string, options: ResolveTargetOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  if (!spec) throw new TargetError('node: needs the SDK module, e.g. node:./src/sdk.ts or node:my-sdk');
  let file = resolve(cwd, spec);
  if (/^[./]/.test(spec)) {
    if (!existsSync(file)) throw new TargetError(`node:${spec}: no such file (relative paths are taken from the working directory)`);
  } else if (!existsSync(file)) {
    try {
      file = createRequire(join(cwd, 'package.json')).resolve(spec);
    } catch {
      throw new TargetError(`node:${spec}: no such file here, and no package ${spec} installed where the command runs`);
    }
  }
  return [process.execPath, '--import', import.meta.resolve('tsx'), NODE_SHIM, file].map(quoteWord).join(' ');
}

/** Single-quoted for splitCommandLine (adapter/subprocess/commandLine.ts) when it needs to be. */
function quoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
