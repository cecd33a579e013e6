/**
 * Loads one entry of the kit's bundle (kit/bundle/kitBundle.ts) the way bin/pv-conform.mjs starts
 * the CLI: from a current bundle when there is one, without loading tsx; else tsx builds it; and
 * where no bundle can be kept (a read-only kit) or PV_CONFORM_FROM_SOURCES=1, from the sources.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentBuild } from './inputKey.mjs';

/** The kit's root: this file is `<kit>/kit/bundle/importEntry.mjs`. */
export const kit = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/**
 * Scripts started as processes of their own, by `node kit/bundle/startEntry.mjs <name> [args]`:
 * the bundle's entry of each name, and its source. Through tsx each start cost about a second of
 * CPU (the loader's worker, every module transformed); from the bundle a fraction of that.
 */
export const SCRIPT_ENTRIES = {
  'reference-runner-driver': 'implementations/reference-runner/driver-main.ts',
  'serve-runner-mutant': 'implementations/mutants/writer/serveRunnerMutant.ts',
  'faulty-pipe': 'implementations/mutants/writer/faultyPipe.ts',
  'serve-mutant': 'implementations/mutants/serveMutant.ts',
};

let tsx = false;
async function registerTsx() {
  if (!tsx) (await import('tsx/esm/api')).register();
  tsx = true;
}

/** Imports the bundle entry `entry` (source: `source`, relative to the kit's root) and returns its module. */
export async function importKitEntry(entry, source) {
  const fromSources = process.env.PV_CONFORM_FROM_SOURCES === '1';
  let bundle = fromSources ? undefined : currentBuild(kit, join(kit, '.cache', 'kit'), 'kit')?.dir;
  if (!bundle && !fromSources) {
    await registerTsx();
    bundle = await (await import('./kitBundle.ts')).kitBundle();
  }
  if (bundle) return import(pathToFileURL(join(bundle, `${entry}.js`)).href);
  await registerTsx();
  return import(pathToFileURL(join(kit, source)).href);
}
