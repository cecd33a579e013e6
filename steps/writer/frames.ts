/**
 * Camera frames the kit hands to a Runner. Content is drawn from a few parameters (not random
 * pixels) so it survives JPEG within a tight tolerance, shrinks well under fast-check, and has
 * distinct channels, which is what makes a channel-order mistake visible.
 */
import type { FrameRole } from '../../adapter/runner/types.ts';
import { seededRandom } from '../../generators/prng.ts';

export type PatternKind = 'gradient' | 'blocks' | 'solid';

export interface FramePattern {
  width: number;
  height: number;
  channels: 1 | 3;
  kind: PatternKind;
  seed: number;
}

export interface KitFrame {
  role: FrameRole;
  cameraId: string;
  pattern: FramePattern;
  pixels: Buffer;
}


export function renderPattern(p: FramePattern): Buffer {
  const { width: w, height: h, channels: c } = p;
  const out = Buffer.alloc(w * h * c);
  const rnd = seededRandom(p.seed);
  const base = [rnd() * 255, rnd() * 255, rnd() * 255];
  // Smooth per pixel, not per frame: a tiny frame must not carry a steep edge, or 4:2:0 chroma
  // subsampling (a common, conformant encoder setting) would cost more than the tolerance.
  const block = 16;
  const ramp = 60;
  const near = (v: number) => Math.max(0, Math.min(255, v + (rnd() - 0.5) * 100));
  const palette = Array.from({ length: 64 }, () => [near(base[0]!), near(base[1]!), near(base[2]!)]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let rgb: number[];
      if (p.kind === 'solid') rgb = base;
      else if (p.kind === 'blocks') rgb = palette[((x / block) | 0) * 7 + ((y / block) | 0) * 13 & 63]!;
      else {
        const fx = Math.min(1, x / Math.max(w - 1, ramp));
        const fy = Math.min(1, y / Math.max(h - 1, ramp));
        rgb = [40 + 180 * fx, 40 + 180 * fy, base[2]! * 0.5 + 100 * (1 - fx)];
      }
      const i = (y * w + x) * c;
      if (c === 1) out[i] = Math.round(0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!);
      else for (let k = 0; k < 3; k++) out[i + k] = Math.round(rgb[k]!);
    }
  }
  return out;
}

export function kitFrame(role: FrameRole, pattern: FramePattern, cameraId = `cam-${role}`): KitFrame {
  return { role, cameraId, pattern, pixels: renderPattern(pattern) };
}

/** The frames one step of a generation needs, each role with its own content. */
export function framesFor(generation: 'v1' | 'v2', width: number, height: number, seed = 1): KitFrame[] {
  if (generation === 'v1') return [kitFrame('image', { width, height, channels: 3, kind: 'gradient', seed })];
  return [
    kitFrame('cur', { width, height, channels: 3, kind: 'gradient', seed }),
    kitFrame('guide', { width, height, channels: 3, kind: 'blocks', seed: seed + 1 }),
  ];
}

/** The frame as RGB, gray replicated, in the given channel order: what a decoder should give. */
export function expectedRgb(frame: KitFrame, order: 'RGB' | 'BGR'): Buffer {
  const { width, height, channels } = frame.pattern;
  const n = width * height;
  const out = Buffer.alloc(n * 3);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const src = channels === 1 ? frame.pixels[i]! : frame.pixels[i * 3 + (order === 'RGB' ? k : 2 - k)]!;
      out[i * 3 + k] = src;
    }
  }
  return out;
}

export function meanAbsError(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return a.length ? sum / a.length : 0;
}
