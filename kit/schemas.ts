/**
 * One ajv instance for every JSON that crosses a boundary; schemas are loaded from schemas/
 * by file name and compiled once.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import { kitRoot } from './paths.ts';

// ajv ships CommonJS whose default export ESM sees under .default; require gives the class itself.
const require = createRequire(import.meta.url);
const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
const addFormats = require('ajv-formats') as (ajv: AjvClass) => AjvClass;

const schemaDir = join(kitRoot, 'schemas');
let ajv: AjvClass | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): AjvClass {
  if (ajv) return ajv;
  ajv = new Ajv({ allErrors: true, strict: false });
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

/** Compiles schemas/<file> (optionally a `#/...` fragment of it). */
export function compileSchema(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (!v) {
    v = instance().getSchema(ref);
    if (!v) throw new Error(`no schema ${ref} in schemas/`);
    compiled.set(ref, v);
  }
  return v;
}

export function errorsText(v: ValidateFunction): string {
  return instance().errorsText(v.errors);
}

/** Validates or throws with ajv's own error text, prefixed by what was being checked. */
export function assertValid<T>(ref: string, value: unknown, what: string): T {
  const v = compileSchema(ref);
  if (!v(value)) throw new Error(`${what} does not match ${ref}: ${instance().errorsText(v.errors)}`);
  return value as T;
}
