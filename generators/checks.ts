/**
 * Argument checks shared by the arbitraries: a bad constraint must fail when the arbitrary is
 * built, with the caller's name in the message, not deep inside a property run.
 */
export function requireInteger(where: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${where}: ${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
}

export function requireOrdered(where: string, lowName: string, low: number, highName: string, high: number): void {
  if (low > high) throw new RangeError(`${where}: ${lowName} (${low}) must not exceed ${highName} (${high})`);
}

export function requireNonEmptySubset<T>(where: string, name: string, values: readonly T[], allowed: readonly T[]): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(`${where}: ${name} must be a non-empty array, allowed values: ${allowed.join(', ')}`);
  }
  const unknown = values.filter((v) => !allowed.includes(v));
  if (unknown.length > 0) {
    throw new RangeError(`${where}: unknown ${name} ${unknown.map(String).join(', ')}; allowed: ${allowed.join(', ')}`);
  }
}

/**
 * fast-check sometimes builds records with a null prototype to shake out bugs in code under
 * test; recipes are data that the kit itself compares and prints, so they stay plain objects.
 */
export const PLAIN = { noNullPrototype: true } as const;
