/**
 * The probe as a Runner starts it: one self-contained JavaScript file with an absolute path,
 * run as `node <file>`. It needs no NODE_OPTIONS (no tsx), no particular working directory and
 * no package resolution: probe/main.ts, everything it imports (ajv included) and the wire
 * schemas it validates against are bundled by esbuild; only Node's builtins stay outside.
 *
 * Built on demand, the first time a process asks for it, into a kit-owned cache
 * (`<kit>/.cache/probe/`, or the OS temp dir when the kit's directory is read-only, as under
 * node_modules), as `<key>.mjs`, where the key hashes every input of the bundle (the files
 * esbuild read, the schemas, esbuild's version and the build options): a stale bundle is never
 * used. `inputs.json` remembers the inputs of the last build, so a run whose sources did not
 * change hashes them and starts the cached file without building. Every file is written to a
 * temporary name and renamed, so concurrent runs (or parallel workers) never see half a file.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { kitRoot } from '../kit/paths.ts';
import { wireSchemaFiles } from '../adapter/runner/wire-schemas.ts';

/** Bump when the build below changes in a way its inputs do not show. */
const BUILD_FORMAT = 1;
const ENTRY = join('probe', 'main.ts');

export interface ProbeBundleOptions {
  /** Where to keep bundles; default `<kit>/.cache/probe`, else `<tmpdir>/pv-conform-probe-<kit hash>`. */
  cacheDir?: string;
}

export interface ProbeBundle {
  /** Absolute path of the bundle. */
  file: string;
  /** The hash of its inputs (the file is `<key>.mjs`). */
  key: string;
  /** Whether this call ran esbuild (false: the cached bundle matched its inputs). */
  built: boolean;
  /** The inputs hashed, relative to the kit root. */
  inputs: string[];
}

interface Manifest {
  key: string;
  inputs: string[];
}

let memo: string | undefined;

/** The absolute path of the probe bundle, built if needed; one check per process. */
export function probeBundle(): string {
  memo ??= ensureProbeBundle().file;
  return memo;
}

/** Finds the bundle for the current sources in the cache, or builds it there. */
export function ensureProbeBundle(opts: ProbeBundleOptions = {}): ProbeBundle {
  const root = kitRoot;
  const dirs = opts.cacheDir ? [opts.cacheDir] : [join(root, '.cache', 'probe'), join(tmpdir(), `pv-conform-probe-${hash(root).slice(0, 12)}`)];
  // A cached bundle whose recorded inputs still hash to its name is current.
  for (const dir of dirs) {
    const manifest = readManifest(dir);
    if (!manifest) continue;
    const key = inputKey(root, manifest.inputs, esbuild.version);
    const file = join(dir, `${key}.mjs`);
    if (key === manifest.key && existsSync(file)) return { file, key, built: false, inputs: manifest.inputs };
  }
  const { text, inputs } = build(root);
  const key = inputKey(root, inputs, esbuild.version);
  let lastError: unknown;
  for (const dir of dirs) {
    try {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${key}.mjs`);
      writeAtomically(file, text, 0o755);
      writeAtomically(join(dir, 'inputs.json'), JSON.stringify({ key, inputs } satisfies Manifest, null, 1) + '\n');
      return { file, key, built: true, inputs };
    } catch (e) {
      lastError = e; // read-only kit directory: try the next place
    }
  }
  throw new Error(`probe bundle: nowhere to write it (${dirs.join(', ')}): ${(lastError as Error).message}`);
}

/** The hash a bundle of these inputs is stored under. */
export function inputKey(root: string, inputs: string[], esbuildVersion: string): string {
  const h = createHash('sha256').update(`pv-conform probe bundle ${BUILD_FORMAT}\nesbuild ${esbuildVersion}\n`);
  for (const rel of [...inputs].sort()) {
    h.update(`${rel}\n`);
    try {
      h.update(readFileSync(join(root, rel)));
    } catch {
      h.update('\0missing\0'); // a vanished input changes the key, so the bundle is rebuilt
    }
    h.update('\n');
  }
  return h.digest('hex').slice(0, 32);
}

function build(root: string): { text: string; inputs: string[] } {
  const schemas = wireSchemaFiles();
  const r = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    outfile: 'probe.mjs',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    // Node's builtins are the only thing left outside; everything else is in the file.
    external: ['node:*'],
    define: { PV_EMBEDDED_WIRE_SCHEMAS: `[${schemas.map(([, text]) => JSON.stringify(JSON.parse(text))).join(',')}]` },
    banner: { js: '#!/usr/bin/env node' },
  });
  const text = r.outputFiles?.[0]?.text;
  if (!text || !r.metafile) throw new Error('probe bundle: esbuild produced no output');
  const inputs = Object.keys(r.metafile.inputs);
  const native = inputs.filter((p) => p.endsWith('.node') || /(^|\/)node_modules\/(sharp|@img)\//.test(p));
  if (native.length) throw new Error(`probe bundle: the probe imports native code, which a bundle cannot carry: ${native.join(', ')}`);
  for (const out of Object.values(r.metafile.outputs)) {
    const outside = out.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path);
    if (outside.length) throw new Error(`probe bundle: imports left outside the bundle: ${outside.join(', ')}`);
  }
  const schemaInputs = schemas.map(([p]) => relative(root, p).split(sep).join('/'));
  return { text, inputs: [...new Set([...inputs, ...schemaInputs, relative(root, fileURLToPath(import.meta.url)).split(sep).join('/')])].sort() };
}

function readManifest(dir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8')) as Manifest;
    return typeof m.key === 'string' && Array.isArray(m.inputs) && m.inputs.every((i) => typeof i === 'string') ? m : undefined;
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, text: string, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, text, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
