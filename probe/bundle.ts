/**
 * The probe as a Runner starts it: one self-contained JavaScript file with an absolute path,
 * run as `node <file>`. It needs no NODE_OPTIONS (no tsx), no particular working directory and
 * no package resolution: esbuild bundles probe/main.ts and everything it imports; only Node's
 * builtins stay outside. The wire schemas go in precompiled (ajv standalone code, in place of
 * adapter/runner/wire-schemas.ts), so the probe neither reads schema files nor spends its
 * start-up compiling them.
 *
 * Built on demand, the first time a process asks for it, into a kit-owned cache
 * (`<kit>/.cache/probe/`, or the OS temp dir when the kit's directory is read-only, as under
 * node_modules), as `<key>.mjs`, where the key hashes every input of the bundle (the files
 * esbuild read, the schemas, ajv's version, esbuild's version and this file): a stale bundle is
 * never used. `inputs.json` remembers the inputs of the last build, so a run whose sources did
 * not change only hashes them and uses the cached file. Every file is written under a temporary
 * name and renamed, so concurrent runs (or parallel workers) never see half a file.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { Ajv as AjvClass } from 'ajv';
import * as esbuild from 'esbuild';
import { kitRoot } from '../kit/paths.ts';
import { inputKey as hashInputs } from '../kit/bundle/inputKey.mjs';
import { AJV_OPTIONS } from '../kit/schemas.ts';
import { ID_BASE, WIRE_ERRORS_DATA_VAR, wireSchemaFiles } from '../adapter/runner/wire-schemas.ts';

/** Bump when the build changes in a way its inputs do not show. */
const BUILD_FORMAT = 1;
const ENTRY = 'probe/main.ts';
const WIRE_SCHEMAS = join(kitRoot, 'adapter', 'runner', 'wire-schemas.ts');
/** Where the ajv options come from: not read by esbuild, yet they shape the precompiled code. */
const KIT_SCHEMAS = join(kitRoot, 'kit', 'schemas.ts');
// CommonJS whose default export the type declarations and Node's ESM interop see differently.
// Loaded when a bundle is built, not with this module: every writer run imports it to find the cached bundle.
const require = createRequire(import.meta.url);

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

let memo: Promise<string> | undefined;

/** The absolute path of the probe bundle, built if needed; one check per process. */
export function probeBundle(): Promise<string> {
  memo ??= ensureProbeBundle().then((b) => b.file);
  memo.catch(() => {
    memo = undefined; // a failed build is retried by the next caller
  });
  return memo;
}

/** Finds the bundle for the current sources in the cache, or builds it there. */
export async function ensureProbeBundle(opts: ProbeBundleOptions = {}): Promise<ProbeBundle> {
  const dirs = opts.cacheDir ? [opts.cacheDir] : [join(kitRoot, '.cache', 'probe'), sharedTmpCache()];
  // A cached bundle whose recorded inputs still hash to its name is current.
  for (const dir of dirs) {
    const manifest = trusted(dir) ? readManifest(dir) : undefined;
    if (!manifest) continue;
    const key = inputKey(kitRoot, manifest.inputs);
    const file = join(dir, `${key}.mjs`);
    if (key === manifest.key && existsSync(file)) return { file, key, built: false, inputs: manifest.inputs };
  }
  const { text, inputs } = await build();
  const key = inputKey(kitRoot, inputs);
  let lastError: unknown;
  for (const dir of dirs) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!trusted(dir)) throw new Error(`${dir} is not a directory of this user's that only it can write`);
      const file = join(dir, `${key}.mjs`);
      writeAtomically(file, text, 0o755);
      writeAtomically(join(dir, 'inputs.json'), JSON.stringify({ key, inputs } satisfies Manifest, null, 1) + '\n');
      return { file, key, built: true, inputs };
    } catch (e) {
      lastError = e; // a read-only kit directory: the next place
    }
  }
  throw new Error(`probe bundle: nowhere to write it (${dirs.join(', ')}): ${(lastError as Error).message}`);
}

/** The key a bundle of these inputs (paths relative to `root`) is stored under (kit/bundle/inputKey.mjs). */
export function inputKey(root: string, inputs: string[]): string {
  return hashInputs(root, `probe ${BUILD_FORMAT}, esbuild ${esbuild.version}, node target 20`, inputs, []);
}

async function build(): Promise<{ text: string; inputs: string[] }> {
  const schemas = wireSchemaFiles();
  const wireModule = precompiledWireSchemas(schemas.map(([, text]) => JSON.parse(text) as { $id: string }));
  const r = await esbuild.build({
    absWorkingDir: kitRoot,
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
    banner: { js: '#!/usr/bin/env node' },
    plugins: [{
      name: 'pv-precompiled-wire-schemas',
      setup(b) {
        b.onLoad({ filter: /wire-schemas\.ts$/ }, (args) => (args.path === WIRE_SCHEMAS
          ? { contents: wireModule, loader: 'js', resolveDir: dirname(WIRE_SCHEMAS) }
          : undefined));
      },
    }],
  });
  const text = r.outputFiles?.[0]?.text;
  if (!text) throw new Error('probe bundle: esbuild produced no output');
  const inputs = Object.keys(r.metafile.inputs);
  const native = inputs.filter((p) => p.endsWith('.node') || /(^|\/)node_modules\/(sharp|@img)\//.test(p));
  if (native.length) throw new Error(`probe bundle: the probe imports native code, which a bundle cannot carry: ${native.join(', ')}`);
  for (const out of Object.values(r.metafile.outputs)) {
    const outside = out.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path);
    if (outside.length) throw new Error(`probe bundle: imports left outside the bundle: ${outside.join(', ')}`);
  }
  const rel = (p: string) => relative(kitRoot, p).split(sep).join('/');
  // Besides what esbuild read: the schemas, ajv and its options (compiled into the bundle's validators), and this file (the build).
  const extra = [...schemas.map(([p]) => rel(p)), rel(createRequire(import.meta.url).resolve('ajv/package.json')), rel(KIT_SCHEMAS), 'probe/bundle.ts'];
  return { text, inputs: [...new Set([...inputs, ...extra])].sort() };
}

/** The schemas the probe validates against: the frames, its script and its observations. */
const PROBE_SCHEMAS = /^(frames\/|runner-driver\/probe-)/;

/**
 * The bundle's stand-in for adapter/runner/wire-schemas.ts: the probe's schemas compiled to
 * standalone validation code, and the `wireErrors` the probe calls, with the same texts.
 */
export function precompiledWireSchemas(schemas: { $id: string }[]): string {
  const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
  const standaloneCode = require('ajv/dist/standalone').default as typeof import('ajv/dist/standalone/index.js').default;
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  for (const s of schemas) ajv.addSchema(s);
  const names: Record<string, string> = {};
  const table: string[] = [];
  schemas.forEach((s, i) => {
    if (!s.$id.startsWith(ID_BASE)) throw new Error(`probe bundle: schema id ${s.$id} is not under ${ID_BASE}`);
    if (!PROBE_SCHEMAS.test(s.$id.slice(ID_BASE.length))) return;
    names[`v${i}`] = s.$id;
    table.push(`${JSON.stringify(s.$id.slice(ID_BASE.length))}: v${i}`);
  });
  return `${standaloneCode(ajv, names)}
const __pvValidators = { ${table.join(', ')} };
export function wireValidator(ref) {
  const v = __pvValidators[ref];
  if (!v) throw new Error("no precompiled schema " + ref + " in the probe bundle");
  return v;
}
export function wireErrors(ref, value) {
  const v = wireValidator(ref);
  if (v(value)) return null;
  const errors = v.errors;
  if (!errors || errors.length === 0) return "No errors";
  return errors.map((e) => ${JSON.stringify(WIRE_ERRORS_DATA_VAR)} + e.instancePath + " " + e.message).join(", ");
}
export class WireError extends Error {}
export function assertWire(ref, value, what) {
  const errors = wireErrors(ref, value);
  if (errors) throw new WireError(what + " does not match " + ref + ": " + errors);
  return value;
}
`;
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

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The fallback under the OS temp dir, shared with other users: one directory per user and kit. */
function sharedTmpCache(): string {
  return join(tmpdir(), `pv-conform-probe-${process.getuid?.() ?? 'u'}-${sha256(kitRoot).slice(0, 12)}`);
}

/** Only a directory of this user's that nobody else can write may hold the file the kit runs. */
function trusted(dir: string): boolean {
  if (!dir.startsWith(tmpdir())) return true;
  try {
    const st = lstatSync(dir);
    const uid = process.getuid?.();
    return st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
