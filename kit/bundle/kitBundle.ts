/**
 * The kit as plain JavaScript: cli/main.ts, the cucumber child and the step definitions of each
 * side, bundled by esbuild into `<kit>/.cache/kit/kit-<key>/` and started by plain `node`.
 * Loading some two hundred TypeScript modules through tsx's loader hooks cost every
 * `pv-conform` process seconds of start-up; the bundle costs a fraction of one (docs/benchmarks.md).
 *
 * - Packages stay outside (`packages: 'external'`) and resolve from the kit's node_modules at run
 *   time: @cucumber/cucumber must be the one instance both the runner and the step definitions
 *   see, and sharp is native. So the bundle must live inside the kit's tree; where the kit's
 *   directory is read-only there is no bundle and bin/pv-conform.mjs runs the sources with tsx.
 * - Entries: `main.js` (the CLI), `cucumberChild.js` (cli/supervisedCucumber.ts starts it),
 *   `readOnce.js` (the reference SDK's read in a fresh process, started once per such read) and
 *   `reader-parts/<name>.js` (the reader mutants' parts modules, which such a read imports),
 *   `steps-reader.js` and `steps-writer.js` (every file cucumber would import for that side,
 *   in the same order: kit/bundle/stepFiles.ts), and the scripts kit/bundle/startEntry.mjs
 *   starts as processes of their own (SCRIPT_ENTRIES: the reference Runner's driver, the served
 *   mutants). Shared code goes into chunks.
 * - Bundled code finds its siblings through kit/bundle/entries.ts and the kit's root through
 *   kit/paths.ts, both told by the `PV_KIT_BUNDLED` define that they run from a bundle.
 * - Source maps are linked, so stack traces and coverage name the TypeScript sources.
 */
import { accessSync, constants, mkdirSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { kitRoot } from '../paths.ts';
import { cachedBuild, type BuildOutput } from './cache.ts';
import { READER_PARTS_DIR } from './entries.ts';
import { SCRIPT_ENTRIES } from './importEntry.mjs';
import { listing } from './inputKey.mjs';
import { STEP_ROOTS, stepFiles, type Side } from './stepFiles.ts';
import { precompiledSchemaFiles, precompiledSchemaModule } from './schemaModule.ts';

/** Bump when the build changes in a way its inputs do not show. */
const BUILD_FORMAT = 1;
export const KIT_BUNDLE = 'kit';
export const kitBundleCache = join(kitRoot, '.cache', 'kit');

const rel = (p: string) => relative(kitRoot, p).split(sep).join('/');

/** The directory of the current kit bundle, built if needed; undefined when the kit's tree cannot hold one. */
export async function kitBundle(): Promise<string | undefined> {
  try {
    mkdirSync(kitBundleCache, { recursive: true, mode: 0o700 });
    accessSync(kitBundleCache, constants.W_OK);
  } catch {
    return undefined;
  }
  return (await cachedBuild({ root: kitRoot, cacheDir: kitBundleCache, name: KIT_BUNDLE, build })).dir;
}

const SIDES: Side[] = ['reader', 'writer'];
const PARTS_SOURCES = 'implementations/mutants/reader';

async function build(): Promise<BuildOutput> {
  const r = await esbuild.build({
    absWorkingDir: kitRoot,
    entryPoints: {
      main: 'cli/main.ts',
      cucumberChild: 'cli/cucumberChild.ts',
      readOnce: 'implementations/reference-sdk/readOnce.ts',
      ...SCRIPT_ENTRIES,
      ...Object.fromEntries(readdirSync(join(kitRoot, PARTS_SOURCES)).filter((f) => f.endsWith('Parts.ts'))
        .map((f) => [`${READER_PARTS_DIR}/${f.slice(0, -'.ts'.length)}`, `${PARTS_SOURCES}/${f}`])),
      ...Object.fromEntries(SIDES.map((s) => [`steps-${s}`, `pv-steps:${s}`])),
    },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: 'out',
    write: false,
    metafile: true,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'silent',
    legalComments: 'none',
    packages: 'external',
    define: { PV_KIT_BUNDLED: 'true' },
    plugins: [{
      name: 'pv-precompiled-schemas',
      setup(b) {
        b.onLoad({ filter: /[\\/]kit[\\/]precompiledSchemas\.ts$/ }, () => ({ contents: precompiledSchemaModule(kitRoot), loader: 'js', resolveDir: join(kitRoot, 'kit') }));
      },
    }, {
      name: 'pv-step-entries',
      setup(b) {
        b.onResolve({ filter: /^pv-steps:/ }, (a) => ({ path: a.path.slice('pv-steps:'.length), namespace: 'pv-steps' }));
        b.onLoad({ filter: /.*/, namespace: 'pv-steps' }, (a) => ({
          contents: stepFiles(a.path as Side).map((f) => `import ${JSON.stringify(`./${f}`)};`).join('\n'),
          resolveDir: kitRoot,
          loader: 'js',
        }));
      },
    }],
  });
  const outDir = join(kitRoot, 'out');
  const files: BuildOutput['files'] = (r.outputFiles ?? []).map((f) => [relative(outDir, f.path), f.contents]);
  if (!files.some(([name]) => name === 'main.js')) throw new Error('kit bundle: esbuild produced no main.js');
  const inputs = Object.keys(r.metafile.inputs).filter((p) => !p.startsWith('pv-steps:'));
  const packageJson = (name: string) => rel(join(kitRoot, 'node_modules', name, 'package.json'));
  const self = ['kit/bundle/kitBundle.ts', 'kit/bundle/cache.ts', 'kit/bundle/inputKey.mjs', 'kit/bundle/importEntry.mjs', 'kit/bundle/stepFiles.ts', 'kit/bundle/schemaModule.ts', 'bin/pv-conform.mjs',
    // Read by the schema plugin, not by esbuild: the schemas and what compiles them.
    ...precompiledSchemaFiles(kitRoot), ...listing(kitRoot, 'schemas', '.json'), ...['esbuild', 'ajv', 'ajv-formats'].map(packageJson)];
  return {
    files: [...files, ['package.json', JSON.stringify({ type: 'module', format: BUILD_FORMAT }) + '\n']],
    inputs: [...new Set([...inputs, ...self])].sort(),
    // A parts module added is an entry added.
    listings: [...STEP_ROOTS, PARTS_SOURCES],
  };
}
