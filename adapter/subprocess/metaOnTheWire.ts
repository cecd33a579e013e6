/**
 * A meta crosses the protocol as JSON, and JSON.stringify silently rewrites what it cannot
 * hold (NaN becomes null, a bigint throws, a Date becomes a string). Sending such a meta would
 * test a different input than the scenario meant, so the client refuses it instead.
 */

/** Why `value` would not survive JSON unchanged, or undefined when it would. */
export function whyNotJson(value: unknown, path = 'meta', seen = new Set<object>()): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot carry`;
    case 'object': {
      if (value === null) return undefined;
      if (seen.has(value)) return `${path} is a cycle`;
      seen.add(value);
      const why = whyNotJsonContainer(value, path, seen);
      seen.delete(value);
      return why;
    }
    default:
      return `${path} is a ${typeof value}, which JSON cannot carry`;
  }
}

function whyNotJsonContainer(value: object, path: string, seen: Set<object>): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) return `${path}[${i}] is undefined, which JSON turns into null`;
      const why = whyNotJson(value[i], `${path}[${i}]`, seen);
      if (why) return why;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `${path} is a ${proto?.constructor?.name ?? 'non-plain'} object`;
  for (const [k, v] of Object.entries(value)) {
    // An undefined property is dropped, which every reader treats like an absent key.
    if (v === undefined) continue;
    const why = whyNotJson(v, `${path}.${k}`, seen);
    if (why) return why;
  }
  return undefined;
}
