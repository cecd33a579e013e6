/**
 * One ajv instance for every JSON that crosses a boundary; schemas are loaded from schemas/
 * by file name and compiled once. The writer side's wire checks (adapter/runner/wire-schemas.ts)
 * go through it too; only the probe bundle compiles its own copy, ahead of time, with the same
 * options (probe/bundle.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import { kitRoot } from './paths.ts';
import { precompiledValidator } from './precompiledSchemas.ts';

// ajv ships CommonJS whose default export ESM sees under .default; require gives the class itself.
const require = createRequire(import.meta.url);
const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
const addFormats = require('ajv-formats') as (ajv: AjvClass) => AjvClass;

/** Shared with the probe bundle, whose precompiled validators must answer as these do. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

const schemaDir = join(kitRoot, 'schemas');
let ajv: AjvClass | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): AjvClass {
  if (ajv) return ajv;
  ajv = new Ajv(AJV_OPTIONS);
  addFormats(ajv);
  // Recursive so that a family of schemas can live in its own folder (schemas/adapter-protocol/);
  // keys are the path below schemas/ with forward slashes, so top-level keys are unchanged.
  const files = readdirSync(schemaDir, { recursive: true, encoding: 'utf8' });
  for (const f of files.filter((n) => n.endsWith('.json')).map((n) => n.split(sep).join('/'))) {
    const schema = JSON.parse(readFileSync(join(schemaDir, f), 'utf8'));
    ajv.addSchema(schema, f);
  }
  return ajv;
}

/**
 * Compiles schemas/<file> (optionally a `#/...` fragment of it); a schema's `$id` names it too,
 * which is how the schemas of one folder refer to each other.
 */
export function compileSchema(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (!v) {
    v = precompiledValidator(ref) ?? instance().getSchema(ref);
    if (!v) throw new Error(`no schema ${ref} in schemas/`);
    compiled.set(ref, v);
  }
  return v;
}

/** `dataVar` names the value in the text (ajv's default: "data"). */
export function errorsText(v: ValidateFunction, options?: { dataVar?: string }): string {
  return ajvErrorsText(v.errors, options?.dataVar);
}

/**
 * ajv's own errorsText (Ajv.prototype.errorsText), without an instance: a precompiled validator
 * has none, and building one costs a run its start-up. test/kit/schemas.test.ts holds the two equal.
 */
export function ajvErrorsText(errors: ValidateFunction['errors'], dataVar = 'data'): string {
  if (!errors || errors.length === 0) return 'No errors';
  return errors.map((e) => `${dataVar}${e.instancePath} ${e.message}`).join(', ');
}

/** Validates or throws with ajv's own error text, prefixed by what was being checked. */
export function assertValid<T>(ref: string, value: unknown, what: string): T {
  const v = compileSchema(ref);
  if (!v(value)) throw new Error(`${what} does not match ${ref}: ${errorsText(v)}`);
  return value as T;
}
