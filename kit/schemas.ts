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

/** Shared with the probe bundle, whose precompiled validators must answer as these do. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

const schemaDir = join(kitRoot, 'schemas');
let ajv: AjvClass | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): AjvClass {
  if (ajv) return ajv;
  // Loaded here, not with the module: from the kit bundle most runs find every schema they check
  // precompiled, and loading ajv (some sixty modules) cost each pv-conform process its start-up.
  const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
  const addFormats = require('ajv-formats') as (ajv: AjvClass) => AjvClass;
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

type AjvError = NonNullable<ValidateFunction['errors']>[number];

/** One error as a person reads it: ajv's text, naming the extra property ajv leaves out of it. */
function errorLine(e: AjvError, dataVar: string): string {
  const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty?: string }).additionalProperty : undefined;
  return `${dataVar}${e.instancePath} ${extra === undefined ? e.message : `must NOT have the property "${extra}"`}`;
}

/** A branch's own schema, one $ref followed (the skipped and errored shapes live in a shared file). */
function branchSchema(file: string, branchRef: string): { properties?: Record<string, unknown>; required?: string[] } | undefined {
  const s = instance().getSchema(branchRef)?.schema as { $ref?: string } | undefined;
  if (typeof s?.$ref !== 'string') return s as ReturnType<typeof branchSchema>;
  const rootId = (instance().getSchema(file)?.schema as { $id?: string } | undefined)?.$id;
  if (!rootId) return undefined;
  return instance().getSchema(new URL(s.$ref, rootId).href)?.schema as ReturnType<typeof branchSchema>;
}

/**
 * Why a reply does not match `ref`, a schema that is a oneOf (or anyOf) over `status` branches
 * (schemas/adapter-protocol/*#/$defs/reply, schemas/runner-driver/*#/$defs/reply). ajv lists
 * every branch's complaints, nineteen lines of which one matters; this names only the branch
 * the reply's own `status` selects, or, when no branch has that status, the statuses there are,
 * and ends with a hint: the fields that branch has and the document describing it. Anything
 * else gets ajv's text.
 */
export function replyErrorsText(ref: string, value: unknown, dataVar = 'data'): string {
  const v = compileSchema(ref);
  if (v(value)) return 'No errors';
  const all = ajvErrorsText(v.errors, dataVar);
  const [file, fragment = ''] = ref.split('#');
  const schema = instance().getSchema(ref)?.schema as { oneOf?: unknown[]; anyOf?: unknown[] } | undefined;
  const key = Array.isArray(schema?.oneOf) ? 'oneOf' : Array.isArray(schema?.anyOf) ? 'anyOf' : undefined;
  if (!key || typeof value !== 'object' || value === null || Array.isArray(value)) return all;
  const doc = ref.startsWith('runner-driver/') ? 'docs/runner-driver.md' : 'docs/adapter-protocol.md';
  // Each branch's statuses, learnt from the complaint about a status no branch has.
  const branches = schema![key]!.map((_, i) => {
    const branchRef = `${file}#${fragment}/${key}/${i}`;
    const validate = compileSchema(branchRef);
    validate({ status: '\u0000' });
    const statuses = (validate.errors ?? []).filter((e) => e.instancePath === '/status').flatMap((e) => {
      const p = e.params as { allowedValue?: unknown; allowedValues?: unknown[] };
      return p.allowedValues ?? (p.allowedValue === undefined ? [] : [p.allowedValue]);
    }).filter((x): x is string => typeof x === 'string');
    return { branchRef, validate, statuses };
  });
  const known = [...new Set(branches.flatMap((b) => b.statuses))].map((x) => JSON.stringify(x)).join(', ');
  const status = (value as { status?: unknown }).status;
  if (!known) return all;
  if (typeof status !== 'string' || !branches.some((b) => b.statuses.includes(status))) {
    const got = status === undefined ? 'none' : JSON.stringify(status);
    return `${dataVar}/status must be one of ${known}, got ${got} (hint: a reply's status names its shape; the shapes are in ${doc})`;
  }
  const matching = branches.filter((b) => b.statuses.includes(status));
  if (matching.length !== 1) return all;
  const { branchRef, validate } = matching[0]!;
  if (validate(value)) return all;
  const lines = [...new Set((validate.errors ?? []).map((e) => errorLine(e, dataVar)))];
  const own = branchSchema(file!, branchRef);
  const fields = own?.properties ? Object.keys(own.properties).map((f) => (own.required?.includes(f) ? f : `${f}?`)).join(', ') : undefined;
  return `${lines.join(', ')} (hint: a reply with status "${status}" ${fields ? `has the fields ${fields}` : `is ${branchRef}`}; see ${doc})`;
}
