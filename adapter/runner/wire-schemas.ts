/**
 * Validation for everything that crosses the writer-side boundaries: call frames (probe),
 * driver commands and replies (both directions), probe scripts and observations.
 *
 * The schemas live in schemas/frames and schemas/runner-driver and reference each other by
 * `$id`; they are checked by the kit's one ajv instance (kit/schemas.ts). This module stays as
 * the seam the probe bundle replaces with precompiled validators (probe/bundle.ts), so the
 * probe neither reads schema files nor compiles them at start-up.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { kitRoot } from '../../kit/paths.ts';
import { compileSchema, errorsText } from '../../kit/schemas.ts';

export const ID_BASE = 'https://pv-conform.dev/schemas/';
const DIRS = ['frames', 'runner-driver'];

/** Names the checked value in error texts; the probe bundle's texts use it too. */
export const WIRE_ERRORS_DATA_VAR = 'frame';

/** Every schema file under schemas/frames and schemas/runner-driver, as [path, text] pairs. */
export function wireSchemaFiles(): [string, string][] {
  return DIRS.flatMap((dir) => readdirSync(join(kitRoot, 'schemas', dir)).filter((n) => n.endsWith('.json')).sort()
    .map((f): [string, string] => [join(kitRoot, 'schemas', dir, f), readFileSync(join(kitRoot, 'schemas', dir, f), 'utf8')]));
}

/** `ref` is relative to schemas/, e.g. "runner-driver/step.schema.json#/$defs/reply". */
export function wireValidator(ref: string): ValidateFunction {
  return compileSchema(ref);
}

/** ajv's error text when `value` does not match, null when it does. */
export function wireErrors(ref: string, value: unknown): string | null {
  const v = wireValidator(ref);
  return v(value) ? null : errorsText(v, { dataVar: WIRE_ERRORS_DATA_VAR });
}

export class WireError extends Error {}

export function assertWire<T>(ref: string, value: unknown, what: string): T {
  const errors = wireErrors(ref, value);
  if (errors) throw new WireError(`${what} does not match ${ref}: ${errors}`);
  return value as T;
}
