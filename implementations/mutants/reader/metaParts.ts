/**
 * Mutants of RD-META-01..04 (meta validation). Each export is the `Partial<SdkParts>` of one mutant,
 * exported by name so that readOnce.ts can rebuild it in another process.
 */
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';

type Rewrite = (value: unknown) => unknown;

/** Runs the reference validation on a meta whose width and height were rewritten first. */
function validateAfter(rewrite: Rewrite): SdkParts['validateMeta'] {
  return (meta) => {
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return defaultParts.validateMeta(meta);
    const m = meta as Record<string, unknown>;
    const rewritten: Record<string, unknown> = { ...m };
    if ('width' in m) rewritten.width = rewrite(m.width);
    if ('height' in m) rewritten.height = rewrite(m.height);
    return defaultParts.validateMeta(rewritten);
  };
}

const fieldsOf = (meta: unknown): Record<string, unknown> | undefined =>
  typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : undefined;

/** RD-META-01: abs() on the size, so -4 reads as 4. */
export const negativeSizeAccepted: Partial<SdkParts> = {
  validateMeta: validateAfter((v) => (typeof v === 'number' && v < 0 ? -v : v)),
};

/** RD-META-02: round() on a float, so 4.5 reads as 5 and 0.5 as 1. */
export const fractionalSizeRounded: Partial<SdkParts> = {
  validateMeta: validateAfter((v) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : v)),
};

/** RD-META-02: int("four") raising ValueError-like, where the reference answers none. */
export const raiseOnNonNumericWidth: Partial<SdkParts> = {
  validateMeta: (meta) => {
    const width = fieldsOf(meta)?.width;
    if (typeof width === 'string' && !/^\d+$/.test(width)) {
      throw new TypeError(`invalid literal for int() with base 10: '${width}'`);
    }
    return defaultParts.validateMeta(meta);
  },
};

/** RD-META-02: a type check that raises on booleans instead of answering none. */
export const raiseOnBoolSize: Partial<SdkParts> = {
  validateMeta: (meta) => {
    const m = fieldsOf(meta);
    if (m && (typeof m.width === 'boolean' || typeof m.height === 'boolean')) {
      throw new TypeError('image_meta width/height must be int, not bool');
    }
    return defaultParts.validateMeta(meta);
  },
};

/** RD-META-03 (reading "coerce", killed under the strict reading "reject"): int("640") accepted, as a lenient Python SDK would. */
export const numericStringSizeCoerced: Partial<SdkParts> = {
  validateMeta: validateAfter((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)),
};

const KNOWN_META_KEYS = new Set(['width', 'height', 'timestamp_ms', 'camera_id', 'color_space']);

/** RD-META-04: a schema with additionalProperties false, so an unknown key makes the meta invalid. */
export const unknownMetaKeyRejected: Partial<SdkParts> = {
  validateMeta: (meta) => {
    const m = fieldsOf(meta);
    if (m && Object.keys(m).some((k) => !KNOWN_META_KEYS.has(k))) return null;
    return defaultParts.validateMeta(meta);
  },
};

/** RD-META-02: int(None), int([4]), int({...}) raising TypeError instead of giving none. */
export const raiseOnNonScalarSize: Partial<SdkParts> = {
  validateMeta: (meta) => {
    const m = fieldsOf(meta);
    for (const key of ['width', 'height'] as const) {
      const v = m?.[key];
      if (m && key in m && (v === null || typeof v === 'object')) {
        throw new TypeError(`int() argument must be a string or a number, not '${v === null ? 'NoneType' : Array.isArray(v) ? 'list' : 'dict'}'`);
      }
    }
    return defaultParts.validateMeta(meta);
  },
};

/** RD-META-02: meta.get("width") on a meta that is not a dict raises AttributeError. */
class AttributeError extends Error {}
export const raiseOnNonDictMeta: Partial<SdkParts> = {
  validateMeta: (meta) => {
    if (!fieldsOf(meta)) throw new AttributeError(`'${meta === null ? 'NoneType' : Array.isArray(meta) ? 'list' : typeof meta}' object has no attribute 'get'`);
    return defaultParts.validateMeta(meta);
  },
};

/**
 * RD-META-01 (killed under the strict reading "none"; default accepts it): a missing width or height counts as 0, and 0 is kept, so
 * the zero fallback np.zeros((h, w, 3)) comes back with a zero dimension instead of none.
 */
export const nonPositiveSizeGivesEmptyZeros: Partial<SdkParts> = {
  validateMeta: (meta) => {
    const m = fieldsOf(meta);
    if (!m) return defaultParts.validateMeta(meta);
    // meta.get("width", 0): only a missing key becomes 0; an explicit null stays null.
    const width = 'width' in m ? m.width : 0;
    const height = 'height' in m ? m.height : 0;
    const usable = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    if (usable(width) && usable(height) && (width === 0 || height === 0)) return { width, height };
    return defaultParts.validateMeta(meta);
  },
};

/**
 * RD-META-01 and RD-META-02, the reading "zeros": the seed's development side answers every
 * invalid width or height with a zero-filled array, np.zeros((h, w, 3)) where an unusable value
 * counts as 0, so the array has a zero dimension. The default profile accepts it; a mutant only
 * under the reading "none".
 */
export const invalidSizeGivesZeros: Partial<SdkParts> = {
  validateMeta: (meta) => {
    const valid = defaultParts.validateMeta(meta);
    if (valid) return valid;
    const m = fieldsOf(meta);
    const dim = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0);
    const width = dim(m?.width);
    const height = dim(m?.height);
    // Both usable means the meta was refused for its size alone (RD-ROBUST-03): none stays.
    return width && height ? null : { width, height };
  },
};
