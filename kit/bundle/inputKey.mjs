/**
 * The part of the kit's bundle cache that runs before any TypeScript can: bin/pv-conform.mjs
 * uses it to find a current bundle without loading tsx. A bundle is current when every input it
 * was built from still hashes to the key it is stored under: the files esbuild read, and the
 * listings of the directories whose set of files shapes an entry (a new step file changes no
 * existing file, yet belongs in the bundle).
 *
 * Layout of a cache directory: `<name>.json` (the manifest of the newest build: key, inputs,
 * listings) and `<name>-<key>/` (that build's files).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sorted files under `dir` ending in `ext` (relative to `root`, with forward slashes). */
export function listing(root, dir, ext = '.ts') {
  const out = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return; // a missing directory lists as empty, and changes the key when it appears
    }
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.name.endsWith(ext)) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** The key a build of `name` from these inputs is stored under. */
export function inputKey(root, name, inputs, listings) {
  const h = createHash('sha256').update(`pv-conform bundle ${name}\n`);
  for (const rel of [...inputs].sort()) {
    h.update(`${rel}\n`);
    try {
      h.update(readFileSync(join(root, rel)));
    } catch {
      h.update('\0missing\0'); // a vanished input changes the key too
    }
    h.update('\n');
  }
  for (const dir of [...listings].sort()) h.update(`listing ${dir}\n${listing(root, dir).join('\n')}\n`);
  return h.digest('hex').slice(0, 32);
}

/** The manifest of the newest build of `name` in `cacheDir`, when it is well-formed. */
export function readManifest(cacheDir, name) {
  try {
    const m = JSON.parse(readFileSync(join(cacheDir, `${name}.json`), 'utf8'));
    const strings = (a) => Array.isArray(a) && a.every((s) => typeof s === 'string');
    return typeof m.key === 'string' && strings(m.inputs) && strings(m.listings) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The directory of the build of `name` that matches the sources under `root` now, if there is one. */
export function currentBuild(root, cacheDir, name) {
  const m = readManifest(cacheDir, name);
  if (!m) return undefined;
  const key = inputKey(root, name, m.inputs, m.listings);
  const dir = join(cacheDir, `${name}-${key}`);
  return key === m.key && existsSync(join(dir, '.complete')) ? { dir, key, inputs: m.inputs } : undefined;
}
