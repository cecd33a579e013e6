/**
 * RD-META-01..03: width and height must be integers > 0, otherwise the result is "none" (the
 * reading strict demands and default accepts).
 */

export interface MetaSize {
  width: number;
  height: number;
}

/**
 * Sharp's own default input limit. A zero fallback bigger than this would itself break
 * RD-ROBUST-03 (bounded memory), so such a meta is answered with "none", like any meta the SDK
 * cannot honour.
 */
export const DEFAULT_MAX_PIXELS = 0x3fff * 0x3fff;

export function metaValidator(maxPixels: number = DEFAULT_MAX_PIXELS): (meta: unknown) => MetaSize | null {
  return (meta) => {
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return null;
    let width: unknown;
    let height: unknown;
    try {
      // coverage exception, next 3 lines: a guard for direct JavaScript callers of the SDK: only a meta with a throwing getter or a Proxy raises here; metas reach the SDK as parsed JSON or plain objects
      ({ width, height } = meta as Record<string, unknown>);
    } catch {
      return null; // a throwing getter or proxy is just another invalid meta
    }
    // typeof excludes booleans and numeric strings, which Python would also not take as int.
    if (!isPositiveInteger(width) || !isPositiveInteger(height)) return null;
    if (width * height > maxPixels) return null;
    return { width, height };
  };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export const validateMeta = metaValidator();
