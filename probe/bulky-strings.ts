/**
 * Image bytes must not travel inside JSON (spec v1 3.4). Flags strings that look like they
 * carry them: long base64 runs, data: URLs, or simply very long strings.
 */
export interface BulkyString { path: string; length: number; why: string }

const BASE64_RUN = /[A-Za-z0-9+/]{256,}={0,2}/;
const LONG = 4096;

export function bulkyStrings(value: unknown, path = '$'): BulkyString[] {
  if (typeof value === 'string') {
    if (/^data:[a-z]+\/[a-z0-9.+-]+;base64,/i.test(value)) return [{ path, length: value.length, why: 'data: URL' }];
    if (BASE64_RUN.test(value)) return [{ path, length: value.length, why: 'base64-looking run of 256+ characters' }];
    if (value.length >= LONG) return [{ path, length: value.length, why: `string of ${LONG}+ characters` }];
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => bulkyStrings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => bulkyStrings(v, `${path}.${k}`));
  }
  return [];
}
