/** Argument parsing shared by the subcommands: node's parseArgs with errors a person can act on. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    // One line, as every usage error: node's own messages come on several.
    throw new UsageError((e as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).join(' '));
  }
}

/**
 * A whole number option within [min, max], or `fallback` when absent. Out of range is a usage
 * error, never a silent clamp: a timeout of 2^31 ms would otherwise become node's 1 ms timer.
 * `why` says where the maximum comes from, when it is not obvious.
 */
export function intOption(value: string | undefined, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER, why = ''): number {
  if (value === undefined) return fallback;
  const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}${why ? ` (${why})` : ''}, got "${value}"`);
  }
  return n;
}
