#!/usr/bin/env node
// Starts one of the kit's scripts from the kit's bundle: `node kit/bundle/startEntry.mjs <name>
// [args...]`, with the names of SCRIPT_ENTRIES (kit/bundle/importEntry.mjs). The script sees the
// arguments after its name from process.argv[2] on, as if started as `node <its source> [args]`.
import { join } from 'node:path';
import { importKitEntry, kit, SCRIPT_ENTRIES } from './importEntry.mjs';

const [name] = process.argv.splice(2, 1);
const source = Object.hasOwn(SCRIPT_ENTRIES, name ?? '') ? SCRIPT_ENTRIES[name] : undefined;
if (!source) {
  process.stderr.write(`usage: node kit/bundle/startEntry.mjs <${Object.keys(SCRIPT_ENTRIES).join('|')}> [args...]\n`);
  process.exit(2);
}
process.argv[1] = join(kit, source);
await importKitEntry(name, source);
