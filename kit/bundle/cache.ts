/**
 * Builds kept in a cache directory, keyed by the hash of their inputs (kit/bundle/inputKey.mjs):
 * a stale build is never used, a current one is found by hashing its recorded inputs again.
 *
 * A build's files are written into a temporary directory and renamed into place as a whole, with
 * a `.complete` marker last, and the manifest is replaced by rename: concurrent processes (test
 * files started together, parallel workers) either find a whole build or make their own, never
 * half of one. Older builds of the same name beyond the newest few are removed.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { currentBuild, inputKey } from './inputKey.mjs';

export interface BuildOutput {
  /** Output files, by name relative to the build's directory. */
  files: Array<[string, string | Uint8Array, number?]>;
  /** Every file the build read, relative to the root. */
  inputs: string[];
  /** Directories (relative to the root) whose listing of `.ts` files shapes the build. */
  listings: string[];
}

export interface CachedBuild {
  /** The build's directory. */
  dir: string;
  key: string;
  /** Whether this call built it (false: a cached build matched its inputs). */
  built: boolean;
  inputs: string[];
}

/** Builds kept per name: enough for a few checkouts' worth of switching back and forth. */
const KEEP = 3;
/** A run may still load chunks (or start its cucumber child) from the build it started with: a recent build stays. */
const IN_USE_MS = 6 * 3600_000;

export async function cachedBuild(opts: { root: string; cacheDir: string; name: string; build: () => Promise<BuildOutput> }): Promise<CachedBuild> {
  const { root, cacheDir, name } = opts;
  const current = currentBuild(root, cacheDir, name);
  if (current) return { ...current, built: false };
  const out = await opts.build();
  const key = inputKey(root, name, out.inputs, out.listings);
  const dir = join(cacheDir, `${name}-${key}`);
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const tmp = mkdtempSync(join(cacheDir, `.${name}-`));
  try {
    for (const [rel, content, mode] of out.files) {
      mkdirSync(dirname(join(tmp, rel)), { recursive: true });
      writeFileSync(join(tmp, rel), content, { mode: mode ?? 0o644 });
    }
    writeFileSync(join(tmp, '.complete'), '');
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another process finished the same build first: its copy is as good as ours.
      if ((e as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const manifestTmp = join(cacheDir, `.${name}.json.${process.pid}.tmp`);
  writeFileSync(manifestTmp, JSON.stringify({ key, inputs: out.inputs, listings: out.listings }, null, 1) + '\n');
  renameSync(manifestTmp, join(cacheDir, `${name}.json`));
  prune(cacheDir, name, dir);
  return { dir, key, built: true, inputs: out.inputs };
}

/** Removes builds of `name` beyond the newest KEEP that were built more than IN_USE_MS ago (never `keep`). */
function prune(cacheDir: string, name: string, keep: string): void {
  const builds = readdirSync(cacheDir)
    .filter((e) => e.startsWith(`${name}-`))
    .map((e) => join(cacheDir, e))
    .filter((p) => p !== keep)
    .map((p) => ({ p, t: mtime(p) }))
    .sort((a, b) => b.t - a.t);
  for (const { p, t } of builds.slice(KEEP - 1)) if (Date.now() - t > IN_USE_MS) rmSync(p, { recursive: true, force: true });
}

function mtime(p: string): number {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}
