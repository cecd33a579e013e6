/**
 * Validation for everything that crosses the writer-side boundaries: call frames (probe),
 * driver commands and replies (both directions), probe scripts and observations.
 *
 * kit/schemas.ts loads only the top level of schemas/; these live in schemas/frames and
 * schemas/runner-driver and reference each other by `$id`, so they get their own instance.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { kitRoot } from '../../kit/paths.ts';

export const ID_BASE = 'https://pv-conform.dev/schemas/';
const DIRS = ['frames', 'runner-driver'];

/** Shared with the probe bundle, which carries these validators precompiled (probe/bundle.ts). */
export const WIRE_AJV_OPTIONS = { allErrors: true, strict: false } as const;
export const WIRE_ERRORS_DATA_VAR = 'frame';

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

/** Every schema file under schemas/frames and schemas/runner-driver, as [path, text] pairs. */
export function wireSchemaFiles(): [string, string][] {
  return DIRS.flatMap((dir) => readdirSync(join(kitRoot, 'schemas', dir)).filter((n) => n.endsWith('.json')).sort()
    .map((f): [string, string] => [join(kitRoot, 'schemas', dir, f), readFileSync(join(kitRoot, 'schemas', dir, f), 'utf8')]));
}

function instance(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv(WIRE_AJV_OPTIONS);
  for (const [, text] of wireSchemaFiles()) ajv.addSchema(JSON.parse(text) as object);
  return ajv;
}

/** `ref` is relative to schemas/, e.g. "runner-driver/step.schema.json#/$defs/reply". */
export function wireValidator(ref: string): ValidateFunction {
  let v = cache.get(ref);
  if (!v) {
    v = instance().getSchema(ID_BASE + ref);
    if (!v) throw new Error(`no schema ${ref} under schemas/${DIRS.join(', schemas/')}`);
    cache.set(ref, v);
  }
  return v;
}

/** ajv's error text when `value` does not match, null when it does. */
export function wireErrors(ref: string, value: unknown): string | null {
  const v = wireValidator(ref);
  return v(value) ? null : instance().errorsText(v.errors, { dataVar: WIRE_ERRORS_DATA_VAR });
}

export class WireError extends Error {}

export function assertWire<T>(ref: string, value: unknown, what: string): T {
  const errors = wireErrors(ref, value);
  if (errors) throw new WireError(`${what} does not match ${ref}: ${errors}`);
  return value as T;
}
