/**
 * The kit bundle's stand-in for kit/precompiledSchemas.ts: ajv's standalone code for every schema
 * in schemas/ (the catalog, results, certificate, manifest, expectations, and the two protocols'
 * messages, each file and each of its `$defs`, the fragments the protocol checks name), compiled
 * with kit/schemas.ts's own options and formats, so they answer exactly as compiled ones would.
 * A run that checks only these never loads ajv itself: before, every writer run and every run
 * against an out-of-process target loaded it and compiled the protocol schemas at start-up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv as AjvClass } from 'ajv';
import { AJV_OPTIONS } from '../schemas.ts';

const require = createRequire(import.meta.url);
const { Ajv, _ } = require('ajv') as { Ajv: typeof AjvClass; _: typeof import('ajv')._ };
const addFormats = require('ajv-formats') as (ajv: AjvClass) => AjvClass;
const standaloneCode = require('ajv/dist/standalone').default as typeof import('ajv/dist/standalone/index.js').default;

/** The files precompiled, relative to the kit's root (inputs of the bundle). */
export function precompiledSchemaFiles(root: string): string[] {
  return readdirSync(join(root, 'schemas'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'))
    .map((f) => `schemas/${f.split('\\').join('/')}`).sort();
}

/** The refs precompiled: each schema file (relative to schemas/), and each of its `$defs` as `file#/$defs/name`. */
export function precompiledSchemaRefs(root: string): string[] {
  return precompiledSchemaFiles(root).flatMap((file) => {
    const ref = file.slice('schemas/'.length);
    const defs = Object.keys((JSON.parse(readFileSync(join(root, file), 'utf8')) as { $defs?: object }).$defs ?? {});
    return [ref, ...defs.map((d) => `${ref}#/$defs/${d}`)];
  });
}

/** Module source exporting `precompiledValidator(ref)` for each top-level schema file name. */
export function precompiledSchemaModule(root: string): string {
  // Added under the names kit/schemas.ts gives them (the path below schemas/), so refs resolve alike.
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  addFormats(ajv);
  for (const file of precompiledSchemaFiles(root)) ajv.addSchema(JSON.parse(readFileSync(join(root, file), 'utf8')), file.slice('schemas/'.length));
  const names: Record<string, string> = {};
  const table: string[] = [];
  precompiledSchemaRefs(root).forEach((ref, i) => {
    names[`v${i}`] = ref;
    table.push(`${JSON.stringify(ref)}: v${i}`);
  });
  return `import { createRequire as __pvCreateRequire } from 'node:module';
const require = __pvCreateRequire(import.meta.url);
${standaloneCode(ajv, names)}
const __pvValidators = { ${table.join(', ')} };
export function precompiledValidator(ref) {
  return Object.hasOwn(__pvValidators, ref) ? __pvValidators[ref] : undefined;
}
`;
}
