/**
 * Mutants of RD-DEC-01, RD-DEC-03 and RD-DEC-04 on JPEG modes (generators/jpegModes.ts), one
 * exported part set each. The header is read here, not with the kit's parser, so that a mistake
 * in one cannot hide in the other.
 */
import sharp from 'sharp';
import type { NdArray } from '../../../adapter/types.ts';
import { defaultParts, type SdkParts } from '../../reference-sdk/sdk.ts';

interface Frame {
  sof: number;
  /** Luma's (the first component's) sampling factors. */
  h: number;
  v: number;
  components: number;
  adobe: boolean;
}

function frameOf(b: Uint8Array): Frame | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let adobe = false;
  for (let at = 2; at + 4 <= b.length && b[at] === 0xff;) {
    const m = b[at + 1]!;
    if (m === 0xff) { at += 1; continue; }
    if (m === 0xda) return undefined;
    if (m === 0xee && b[at + 4] === 0x41 && b[at + 5] === 0x64) adobe = true; // "Ad"obe
    const sof = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
    if (sof && at + 12 <= b.length) {
      const f = b[at + 11]!;
      // An Adobe APP14 segment may follow the frame header; look on for it before deciding.
      let rest = at + 2 + ((b[at + 2]! << 8) | b[at + 3]!);
      while (!adobe && rest + 6 <= b.length && b[rest] === 0xff && b[rest + 1] !== 0xda) {
        if (b[rest + 1] === 0xee && b[rest + 4] === 0x41 && b[rest + 5] === 0x64) adobe = true;
        rest += 2 + ((b[rest + 2]! << 8) | b[rest + 3]!);
      }
      return { sof: m, h: f >> 4, v: f & 15, components: b[at + 9]!, adobe };
    }
    at += 2 + ((b[at + 2]! << 8) | b[at + 3]!);
  }
  return undefined;
}

const ARITHMETIC_SOFS = [0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf];

/** RD-DEC-01: a decoder built without arithmetic decoding (libjpeg's old default) refuses such JPEGs. */
export const arithmeticJpegRefused: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const f = frameOf(bytes);
    return f && ARITHMETIC_SOFS.includes(f.sof) ? null : defaultParts.decode(bytes, maxPixels);
  },
};

/**
 * RD-DEC-01: a decoder that knows only 4:4:4 and 4:2:0 (many hardware decoders) refuses 4:2:2,
 * 4:4:0 and 4:1:1 colour JPEGs.
 */
export const uncommonSubsamplingRefused: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const f = frameOf(bytes);
    const usual = !f || f.components !== 3 || (f.h === 1 && f.v === 1) || (f.h === 2 && f.v === 2);
    return usual ? defaultParts.decode(bytes, maxPixels) : null;
  },
};

/**
 * RD-DEC-01: 4:1:1 chroma is upsampled as if it were 4:2:0 (two luma columns per chroma sample
 * instead of four, and two rows where there is one): colours land on the wrong pixels.
 */
export const fourOneOneChromaMisplaced: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const decoded = await defaultParts.decode(bytes, maxPixels);
    const f = frameOf(bytes);
    if (!decoded || !f || f.components !== 3 || f.h !== 4 || f.v !== 1) return decoded;
    return misplaceChroma(decoded);
  },
};

/** Keeps each pixel's luma, takes its chroma from the pixel at half its column and half its row. */
function misplaceChroma(a: NdArray): NdArray {
  const [h, w] = a.shape as [number, number];
  const src = a.data;
  const out = new Uint8Array(src.length);
  const ycc = (i: number) => {
    const r = src[i]!, g = src[i + 1]!, b = src[i + 2]!;
    return [0.299 * r + 0.587 * g + 0.114 * b, -0.168736 * r - 0.331264 * g + 0.5 * b, 0.5 * r - 0.418688 * g - 0.081312 * b] as const;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const [l] = ycc(i);
      const [, cb, cr] = ycc((Math.floor(y / 2) * w + Math.floor(x / 2)) * 3);
      const rgb = [l + 1.402 * cr, l - 0.344136 * cb - 0.714136 * cr, l + 1.772 * cb];
      for (let c = 0; c < 3; c++) out[i + c] = Math.min(255, Math.max(0, Math.round(rgb[c]!)));
    }
  }
  return { ...a, data: out };
}

/**
 * RD-DEC-03: the Adobe APP14 convention (CMYK stored inverted) is ignored, so every ink reads as
 * its complement and the colours come back roughly as the negative of the frame.
 */
export const adobeCmykNotInverted: Partial<SdkParts> = {
  decode: async (bytes, maxPixels) => {
    const decoded = await defaultParts.decode(bytes, maxPixels);
    const f = frameOf(bytes);
    if (!decoded || !f || f.components !== 4 || !f.adobe) return decoded;
    return { ...decoded, data: decoded.data.map((v) => 255 - v) };
  },
};

/** The reference's decode, with libvips turning the frame as its EXIF Orientation tag says. */
async function decodeOriented(bytes: Uint8Array, maxPixels: number, turn?: (o: number) => number | undefined): Promise<NdArray | null> {
  const plain = await defaultParts.decode(bytes, maxPixels);
  if (!plain) return null;
  try {
    const o = (await sharp(bytes).metadata()).orientation ?? 1;
    const angle = turn?.(o);
    const image = angle === undefined ? sharp(bytes, { autoOrient: true }) : sharp(bytes, { autoOrient: false }).rotate(angle);
    const { data, info } = await image.removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) return plain;
    return { dtype: 'uint8', shape: [info.height, info.width, 3], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch {
    return plain;
  }
}

/**
 * RD-DEC-04, the reading "apply": the frame is turned and flipped as its EXIF orientation says,
 * as OpenCV's imdecode and libvips' autorotate do. Default accepts it; strict's "ignore" does not.
 */
export const exifOrientationApplied: Partial<SdkParts> = {
  decode: (bytes, maxPixels) => decodeOriented(bytes, maxPixels),
};

/** RD-DEC-04: orientations 6 and 8 turn the wrong way (90 degrees counter-clockwise for 6, clockwise for 8). */
export const exifOrientationMisapplied: Partial<SdkParts> = {
  decode: (bytes, maxPixels) => decodeOriented(bytes, maxPixels, (o) => (o === 6 ? 270 : o === 8 ? 90 : undefined)),
};
