/**
 * Deterministic pixel content for generated frames.
 *
 * Content is a sum of a few low-frequency plane waves per channel. Two promises matter to the
 * rest of the kit:
 *
 * - Smoothness: in every channel, two 8-connected neighbours (diagonals included) differ by at
 *   most {@link MAX_GRADIENT} levels. The kit's JPEG pixel tolerance rests on it: two correct
 *   decoders differ by IDCT rounding (<= ~2 LSB) plus their chroma-upsampling method (fancy vs
 *   nearest), and on content whose gradient is g the latter differs by about g/2 * 1.772 after
 *   YCbCr -> RGB, so about 2 + 4/2 * 1.772 ~= 6 levels here. That estimate is one-dimensional
 *   and ignores quantisation noise; measured with djpeg (fancy + integer IDCT against nearest +
 *   float IDCT) on this content the spread is <= 3 for 4:4:4, <= 5 for 4:2:0 at quality >= 75,
 *   and up to 8 for 4:2:0 at quality 50-60, where coarse chroma quantisation adds gradient of
 *   its own. The jpeg tests hold the generators to {@link MAX_DECODER_SPREAD}.
 * - Distinctiveness (content `distinctive`): R, G and B live in disjoint bands
 *   ({@link DISTINCTIVE_BANDS}), so any two channels differ by at least
 *   {@link MIN_CHANNEL_MARGIN} levels at every pixel and R and B by at least 135: a BGR/RGB
 *   swap, or a gray collapse, is detectable on every single pixel, even after lossy coding.
 *
 * No value is ever 0 or 255 (smooth and gray content stay in [28, 228]), so generated content
 * never looks like a zero fallback and never clips.
 */
import type { NdArray } from '../adapter/types.ts';
import { seededRandom } from './prng.ts';
import { requireInteger } from './checks.ts';

export type PixelContent = 'smooth' | 'distinctive';
export const PIXEL_CONTENTS: readonly PixelContent[] = ['smooth', 'distinctive'];

/** Upper bound on |difference| between 8-connected neighbours in any channel, in levels. */
export const MAX_GRADIENT = 4;

/**
 * Largest per-channel difference seen between two correct decoders of a generated JPEG at the
 * default quality range (50-100); see the module comment for the breakdown.
 */
export const MAX_DECODER_SPREAD = 8;

/** Inclusive value range of each channel in `distinctive` content. */
export const DISTINCTIVE_BANDS = {
  r: [195, 245],
  g: [103, 153],
  b: [10, 60],
} as const;

/** Smallest |R-G|, |G-B| or |R-B| anywhere in `distinctive` content (195-153). */
export const MIN_CHANNEL_MARGIN = 42;

/*
 * Rounding can add < 1 level to a continuous difference, so a continuous diagonal-step budget of
 * 3.5 keeps every rounded neighbour difference <= 4.
 */
const GRADIENT_BUDGET = 3.5;
const WAVES_PER_CHANNEL = 3;

interface Wave {
  amplitude: number;
  u: number;
  v: number;
  phase: number;
}

function randomWaves(next: () => number, amplitudeMin: number, amplitudeMax: number): Wave[] {
  const weights = Array.from({ length: WAVES_PER_CHANNEL }, () => 0.2 + next());
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight) => {
    const amplitude = amplitudeMin + next() * (amplitudeMax - amplitudeMin);
    const angle = next() * 2 * Math.PI;
    const share = (GRADIENT_BUDGET * weight) / total;
    // One diagonal step moves the phase by 2*pi*(|u|+|v|), so the wave's slope is
    // amplitude * 2*pi*f*(|cos|+|sin|): solve for f so the slope equals this wave's share.
    const f = share / (2 * Math.PI * amplitude * (Math.abs(Math.cos(angle)) + Math.abs(Math.sin(angle))));
    return { amplitude, u: f * Math.cos(angle), v: f * Math.sin(angle), phase: next() * 2 * Math.PI };
  });
}

/**
 * One channel as floats, handed out a row at a time into one reused buffer: a 4097x4097 frame
 * would otherwise allocate (and page in) 134 MB of doubles per channel. Each value is computed
 * exactly as a whole-frame buffer would hold it (the same additions, in the same order), so the
 * content is the same bytes either way.
 */
function renderChannel(width: number, height: number, center: number, waves: Wave[], take: (row: Float64Array, y: number) => void): void {
  const columns = waves.map((w) => {
    const sinX = new Float64Array(width);
    const cosX = new Float64Array(width);
    for (let x = 0; x < width; x++) {
      sinX[x] = Math.sin(2 * Math.PI * w.u * x);
      cosX[x] = Math.cos(2 * Math.PI * w.u * x);
    }
    return { sinX, cosX };
  });
  const row = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    row.fill(center);
    for (let k = 0; k < waves.length; k++) {
      const w = waves[k]!;
      const { sinX, cosX } = columns[k]!;
      const b = 2 * Math.PI * w.v * y + w.phase;
      const sinB = w.amplitude * Math.sin(b);
      const cosB = w.amplitude * Math.cos(b);
      for (let x = 0; x < width; x++) row[x] += sinX[x]! * cosB + cosX[x]! * sinB;
    }
    take(row, y);
  }
}

function checkSize(where: string, width: number, height: number): void {
  requireInteger(where, 'width', width, 1, 65535);
  requireInteger(where, 'height', height, 1, 65535);
}

/** H x W x 3 interleaved RGB bytes, a pure function of its arguments. */
export function rgbPixels(width: number, height: number, seed: number, content: PixelContent = 'smooth'): Uint8Array {
  checkSize('rgbPixels', width, height);
  const next = seededRandom(seed);
  const bands = [DISTINCTIVE_BANDS.r, DISTINCTIVE_BANDS.g, DISTINCTIVE_BANDS.b];
  const out = new Uint8Array(width * height * 3);
  for (let c = 0; c < 3; c++) {
    const [low, high] = content === 'distinctive' ? bands[c] : [28, 228];
    const halfRange = (high - low) / 2;
    const waves = randomWaves(next, halfRange / WAVES_PER_CHANNEL / 3, halfRange / WAVES_PER_CHANNEL);
    renderChannel(width, height, low + halfRange, waves, (row, y) => {
      for (let x = 0, i = (y * width) * 3 + c; x < width; x++, i += 3) out[i] = Math.min(high, Math.max(low, Math.round(row[x]!)));
    });
  }
  return out;
}

/** H x W gray bytes in [28, 228] with the same smoothness promise. */
export function grayPixels(width: number, height: number, seed: number): Uint8Array {
  checkSize('grayPixels', width, height);
  const next = seededRandom(seed ^ 0x5bd1e995);
  const out = new Uint8Array(width * height);
  renderChannel(width, height, 128, randomWaves(next, 11, 33), (row, y) => {
    for (let x = 0, i = y * width; x < width; x++, i++) out[i] = Math.min(228, Math.max(28, Math.round(row[x]!)));
  });
  return out;
}

/** Gray repeated into three channels: what a correct reader returns for a gray frame. */
export function grayToRgb(gray: Uint8Array): Uint8Array {
  const out = new Uint8Array(gray.length * 3);
  for (let i = 0; i < gray.length; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = gray[i];
  return out;
}

/** Wraps interleaved uint8 pixels as an H x W x C NdArray without copying. */
export function uint8Image(data: Uint8Array, width: number, height: number, channels: number): NdArray {
  if (data.length !== width * height * channels) {
    throw new RangeError(`uint8Image: ${data.length} bytes cannot be ${height}x${width}x${channels}`);
  }
  return { dtype: 'uint8', shape: [height, width, channels], data };
}
