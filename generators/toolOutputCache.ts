/**
 * What an external encoder wrote (externalTool.ts), kept under `<kit>/.cache/tools` by the hash of
 * everything that decides it: the tool's own binary (its real path, size and modification time),
 * its arguments and its input. Only a successful output is kept, written whole under a temporary
 * name and renamed into place; a tool that is missing, replaced or upgraded misses the cache and
 * runs. Nothing here can change a verdict: an entry is the bytes the same binary wrote for the same
 * input. `PV_CONFORM_TOOL_CACHE=0` turns it off; a kit directory that cannot be written only
 * means no entry is kept.
 *
 * Bounded: past MAX_ENTRIES files, the entries used least recently go (a hit marks its entry used).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { kitRoot } from '../kit/paths.ts';

export const TOOL_CACHE_DIR = join(kitRoot, '.cache', 'tools');
export const MAX_ENTRIES = 4000;
/** What a prune leaves, so that it runs again only after many more writes. */
const KEEP_AFTER_PRUNE = 3000;
const STALE_TEMPORARY_MS = 10 * 60_000;

export interface CachedOutput {
  get(): Uint8Array | undefined;
  put(output: Uint8Array): void;
}

/** The cache slot of one tool call, or undefined when it cannot be cached (no such tool, cache off). */
export function toolOutputCache(tool: string, args: string[], input: Uint8Array, dir = TOOL_CACHE_DIR): CachedOutput | undefined {
  if (process.env.PV_CONFORM_TOOL_CACHE === '0') return undefined;
  const identity = toolIdentity(tool);
  if (!identity) return undefined;
  const hash = createHash('sha256');
  for (const part of [identity, ...args]) hash.update(part).update('\0');
  hash.update(input);
  const file = join(dir, hash.digest('hex'));
  return {
    get() {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        return undefined;
      }
      try {
        const now = new Date();
        utimesSync(file, now, now);
      } catch {
        // pruned by another run meanwhile: the bytes read are whole all the same
      }
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    },
    put(output) {
      try {
        mkdirSync(dir, { recursive: true });
        const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
        writeFileSync(temporary, output);
        renameSync(temporary, file);
        pruneOnce(dir);
      } catch {
        // a read-only kit directory or a full disk: the output is used, just not kept
      }
    },
  };
}

/** `<real path>:<size>:<mtime>` of the executable a spawn of `tool` would run, looked up once per process. */
const identities = new Map<string, string | undefined>();

function toolIdentity(tool: string): string | undefined {
  const path = process.env.PATH ?? '';
  const key = `${tool}\0${path}`;
  if (!identities.has(key)) identities.set(key, findExecutable(tool, path));
  return identities.get(key);
}

function findExecutable(tool: string, path: string): string | undefined {
  const candidates = tool.includes('/') ? [resolve(tool)] : path.split(delimiter).filter(Boolean).map((d) => join(d, tool));
  for (const candidate of candidates) {
    try {
      const st = statSync(candidate);
      if (!st.isFile() || (st.mode & 0o111) === 0) continue;
      return `${realpathSync(candidate)}:${st.size}:${st.mtimeMs}`;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const pruned = new Set<string>();

/** Once per process and directory: the cache stays under MAX_ENTRIES however many runs write to it. */
function pruneOnce(dir: string): void {
  if (pruned.has(dir)) return;
  pruned.add(dir);
  pruneToolCache(dir);
}

export function pruneToolCache(dir = TOOL_CACHE_DIR, max = MAX_ENTRIES, keep = KEEP_AFTER_PRUNE): void {
  let all: string[];
  try {
    all = readdirSync(dir);
  } catch {
    return;
  }
  // A temporary file outlives its write only when the process died in between.
  for (const n of all.filter((f) => f.endsWith('.tmp'))) {
    try {
      if (Date.now() - statSync(join(dir, n)).mtimeMs > STALE_TEMPORARY_MS) unlinkSync(join(dir, n));
    } catch {
      // renamed or removed meanwhile
    }
  }
  const names = all.filter((n) => /^[0-9a-f]{64}$/.test(n));
  if (names.length <= max) return;
  const used = names.map((n) => {
    try {
      return { n, t: statSync(join(dir, n)).mtimeMs };
    } catch {
      return { n, t: 0 };
    }
  }).sort((a, b) => a.t - b.t);
  for (const { n } of used.slice(0, used.length - keep)) {
    try {
      unlinkSync(join(dir, n));
    } catch {
      // gone already
    }
  }
}
