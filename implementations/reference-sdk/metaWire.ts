/**
 * JSON for values sent to the other-process reader. Plain JSON would turn NaN, Infinity and -0
 * into null or 0 and cannot carry bigints; metas are deliberately odd inputs, so the child must
 * receive the very value the kit passed in.
 */
const TAG = '$pvConformNumber';

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return { [TAG]: `${v}n` };
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { [TAG]: Object.is(v, -0) ? '-0' : String(v) };
    return v;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1 || keys[0] !== TAG) return v;
    const tagged = (v as Record<string, unknown>)[TAG];
    if (typeof tagged !== 'string') return v;
    if (tagged.endsWith('n')) return BigInt(tagged.slice(0, -1));
    return tagged === '-0' ? -0 : Number(tagged);
  });
}
