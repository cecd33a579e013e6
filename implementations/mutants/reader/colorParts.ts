/** Mutants of RD-CS-01..04 (color_space), one exported part set each. */
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';
import { reverseChannels } from './arrays.ts';

const colorSpaceOf = (meta: Record<string, unknown>): unknown => meta.color_space;
const isThreeChannel = (shape: number[]) => shape.length === 3 && shape[2] === 3;

/** RD-CS-01: BGR is ignored for stored arrays (decoded bytes still follow the reference). */
export const bgrUnswapped: Partial<SdkParts> = {
  applyColorSpace: (a, meta, source) => (source === 'array' ? a : defaultParts.applyColorSpace(a, meta, source)),
};

/** RD-CS-02 (killed under the strict reading "case-sensitive"; default accepts it): color_space.upper() == "BGR". */
export const bgrCaseInsensitive: Partial<SdkParts> = {
  applyColorSpace: (a, meta, source) => {
    const cs = colorSpaceOf(meta);
    const bgrSpelledOtherwise = typeof cs === 'string' && cs !== 'BGR' && cs.toUpperCase() === 'BGR';
    return defaultParts.applyColorSpace(a, bgrSpelledOtherwise ? { ...meta, color_space: 'BGR' } : meta, source);
  },
};

/**
 * RD-CS-03 (killed under the strict reading "as-rgb"; default accepts it): a string it does not know ("sRGB", "YUV", "", " BGR")
 * is taken for the camera's native BGR. Spellings of RGB and BGR keep the reference's
 * behaviour, so RD-CS-02 still holds.
 */
export const unknownColorSpaceAsBgr: Partial<SdkParts> = {
  applyColorSpace: (a, meta, source) => {
    const cs = colorSpaceOf(meta);
    const unknown = typeof cs === 'string' && cs.toUpperCase() !== 'RGB' && cs.toUpperCase() !== 'BGR';
    if (unknown && isThreeChannel(a.shape)) return reverseChannels(a);
    return defaultParts.applyColorSpace(a, meta, source);
  },
};

/** RD-CS-03: color_space.upper() on null or a number raises AttributeError. */
class AttributeError extends Error {}
export const nonStringColorSpaceRaises: Partial<SdkParts> = {
  applyColorSpace: (a, meta, source) => {
    const cs = colorSpaceOf(meta);
    if ('color_space' in meta && typeof cs !== 'string') {
      throw new AttributeError(`'${cs === null ? 'NoneType' : typeof cs}' object has no attribute 'upper'`);
    }
    return defaultParts.applyColorSpace(a, meta, source);
  },
};

/**
 * RD-CS-01: an explicit "RGB" is taken as the order to convert from (cvtColor RGB2BGR where the
 * caller wanted nothing done), so it reverses the channels as BGR does.
 */
export const explicitRgbSwapped: Partial<SdkParts> = {
  applyColorSpace: (a, meta, source) => (colorSpaceOf(meta) === 'RGB' && isThreeChannel(a.shape)
    ? reverseChannels(a)
    : defaultParts.applyColorSpace(a, meta, source)),
};
