#!/usr/bin/env node
// Starts the CLI from the kit's bundle (kit/bundle/kitBundle.ts): plain JavaScript, so a run
// does not pay for loading the TypeScript sources through tsx. The bundle is checked against the
// sources on every start and rebuilt when one changed; tsx is loaded only to build it, or to run
// the sources directly where no bundle can be kept (a read-only kit) or PV_CONFORM_FROM_SOURCES=1.
import { importKitEntry } from '../kit/bundle/importEntry.mjs';

const { main } = await importKitEntry('main', 'cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
