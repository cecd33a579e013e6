#!/usr/bin/env node
// Starts the CLI from the kit's bundle (kit/bundle/kitBundle.ts): plain JavaScript, so a run
// does not pay for loading the TypeScript sources through tsx. The bundle is checked against the
// sources on every start and rebuilt when one changed; tsx is loaded only to build it, or to run
// the sources directly where no bundle can be kept (a read-only kit) or PV_CONFORM_FROM_SOURCES=1.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { currentBuild } from '../kit/bundle/inputKey.mjs';

const kit = dirname(dirname(fileURLToPath(import.meta.url)));
const fromSources = process.env.PV_CONFORM_FROM_SOURCES === '1';
let bundle = fromSources ? undefined : currentBuild(kit, join(kit, '.cache', 'kit'), 'kit')?.dir;
let tsx = false;
const registerTsx = async () => {
  if (!tsx) (await import('tsx/esm/api')).register();
  tsx = true;
};
if (!bundle && !fromSources) {
  await registerTsx();
  bundle = await (await import('../kit/bundle/kitBundle.ts')).kitBundle();
}
let main;
if (bundle) {
  ({ main } = await import(pathToFileURL(join(bundle, 'main.js')).href));
} else {
  await registerTsx();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
