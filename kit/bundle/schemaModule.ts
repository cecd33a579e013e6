/**
 * The kit bundle's stand-in for kit/precompiledSchemas.ts: ajv's standalone code for the
 * top-level schemas in schemas/ (the catalog, results, certificate, manifest, expectations...),
 * compiled with kit/schemas.ts's own options and formats, so they answer exactly as compiled
 * ones would. The schema families in subfolders (the two protocols), referenced by fragment,
 * are still compiled on first use.
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
  return readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.json')).sort().map((f) => `schemas/${f}`);
}

/** Module source exporting `precompiledValidator(ref)` for each top-level schema file name. */
export function precompiledSchemaModule(root: string): string {
  // Every schema is added (top-level ones may refer to the others); only top-level ones are emitted.
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  addFormats(ajv);
  const all = readdirSync(join(root, 'schemas'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).map((f) => f.split('\\').join('/'));
  for (const f of all) ajv.addSchema(JSON.parse(readFileSync(join(root, 'schemas', f), 'utf8')), f);
  const names: Record<string, string> = {};
  const table: string[] = [];
  precompiledSchemaFiles(root).forEach((file, i) => {
    const ref = file.slice('schemas/'.length);
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
