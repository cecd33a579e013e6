/**
 * Validators compiled ahead of time. From the sources there are none: kit/schemas.ts compiles
 * each schema on first use. The kit bundle (kit/bundle/kitBundle.ts) replaces this module with
 * ajv's standalone code for the schemas every run checks (kit/bundle/schemaModule.ts), which
 * spares each pv-conform process compiling them at start-up.
 */
import type { ValidateFunction } from 'ajv';

export function precompiledValidator(_ref: string): ValidateFunction | undefined {
  return undefined;
}
