/**
 * Decodes, on the kit's side, the segment bytes the probe kept (`bytesFile`, written the moment
 * the call arrived): format, size, channels and depth, and the pixels as raw RGB for the
 * fidelity check. The probe does not do this itself because it must stay one bundled JavaScript
 * file without native modules (probe/bundle.ts); sharp is one.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import type { SegmentObservation } from '../../probe/observe-segment.ts';
import type { CallObservation } from './observations.ts';
import { keepSegmentBytes } from './segmentInput.ts';

sharp.cache(false);

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Adds `decoded` (or `decodeError`), `pixelsFile` and `pixelsSha256`; keeps the bytes for a failure's input file (segmentInput.ts) and drops the bytes file. */
export async function decodeSegment(s: SegmentObservation): Promise<SegmentObservation> {
  if (!s.exists || !s.bytesFile || s.decoded || s.decodeError) return s;
  const bytes = readFileSync(s.bytesFile);
  keepSegmentBytes(s, bytes);
  try {
    const m = await sharp(bytes).metadata();
    s.decoded = {
      format: m.format ?? 'unknown',
      width: m.width ?? 0,
      height: m.height ?? 0,
      channels: m.channels ?? 0,
      depth: m.depth ?? 'unknown',
    };
    // Decoding fully (not just the header) is what proves the stream is usable.
    const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const rgb = info.channels === 3 ? data : expandToRgb(data, info.channels);
    const pixelsFile = s.bytesFile.replace(/(\.seg)?$/, '.rgb');
    writeFileSync(pixelsFile, rgb);
    s.pixelsFile = pixelsFile;
    s.pixelsSha256 = sha256(rgb);
  } catch (e) {
    s.decodeError = (e as Error).message;
  }
  rmSync(s.bytesFile, { force: true });
  return s;
}

/** Decodes every segment the calls found, in place; returns the calls. */
export async function decodeCallSegments(calls: CallObservation[]): Promise<CallObservation[]> {
  for (const c of calls) for (const i of c.images) await decodeSegment(i.segment);
  return calls;
}

function expandToRgb(data: Buffer, channels: number): Buffer {
  const n = data.length / channels;
  const out = Buffer.alloc(n * 3);
  for (let i = 0; i < n; i++) {
    const v = data[i * channels]!;
    out[i * 3] = v;
    out[i * 3 + 1] = v;
    out[i * 3 + 2] = v;
  }
  return out;
}
