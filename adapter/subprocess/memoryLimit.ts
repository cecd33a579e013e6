/**
 * Runs a target under a memory limit, so an implementation that allocates without bound
 * (rule 15) fails inside its own process instead of taking the kit and the machine with it.
 *
 * The limit is RLIMIT_DATA (private writable memory: heap, anonymous mmap), not RLIMIT_AS:
 * V8 reserves ~10 GiB of address space for every WebAssembly instance (tsx loads one), so under
 * any RLIMIT_AS a Node target cannot even start, while reservations do not count against
 * RLIMIT_DATA until they are made writable. Both wrappers exec the target, so its pid, and
 * hence its process group, stay the ones the kit spawned.
 */
import { findProgram, isExecutableFile } from './executable.ts';

export const DEFAULT_MEMORY_LIMIT_MB = 4096;

export type LimitMechanism = 'prlimit' | 'ulimit' | 'none';

export interface LimitedCommand {
  argv: string[];
  mechanism: LimitMechanism;
}

let prlimitPath: string | null | undefined;

/**
 * `limitMb` 0 or undefined: no limit. `prefer` exists for tests of the fallback; the default
 * is prlimit (util-linux) when it is on PATH, else a /bin/sh `ulimit -d` wrapper.
 */
export function withMemoryLimit(argv: string[], limitMb: number | undefined, prefer?: LimitMechanism): LimitedCommand {
  if (!limitMb || limitMb <= 0 || process.platform === 'win32') return { argv, mechanism: 'none' };
  if (prlimitPath === undefined) prlimitPath = findProgram('prlimit');
  const bytes = Math.floor(limitMb * 1024 * 1024);
  if (prlimitPath && prefer !== 'ulimit' && prefer !== 'none') {
    return { argv: [prlimitPath, `--data=${bytes}`, '--', ...argv], mechanism: 'prlimit' };
  }
  if (isExecutableFile('/bin/sh') && prefer !== 'none') {
    // $0 is the wrapper's name in error messages; the limit is $1; the target is the rest.
    const script = 'ulimit -d "$1" || exit 126; shift; exec "$@"';
    return { argv: ['/bin/sh', '-c', script, 'pv-conform-memory-limit', String(Math.floor(bytes / 1024)), ...argv], mechanism: 'ulimit' };
  }
  return { argv, mechanism: 'none' };
}

/**
 * What runtimes print when an allocation fails: CPython's MemoryError, V8's fatal heap and
 * ArrayBuffer errors, C++'s bad_alloc, glibc/strerror's ENOMEM text, Rust's and Go's aborts.
 */
const OUT_OF_MEMORY = /MemoryError|std::bad_alloc|out of memory|allocation failed|Cannot allocate memory|ENOMEM|memory allocation of \d+ bytes failed|fatal error: runtime: out of memory/i;

export function looksOutOfMemory(text: string | undefined): boolean {
  return !!text && OUT_OF_MEMORY.test(text);
}
