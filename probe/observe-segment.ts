/**
 * Everything the probe records about one segment's bytes, as found when the call arrived.
 *
 * The probe decodes nothing: it is one bundled JavaScript file a Runner starts anywhere
 * (probe/bundle.ts), and image decoding needs sharp, a native module. It keeps the bytes that
 * arrived in `bytesFile` instead, and the kit decodes them (steps/writer/decode-segments.ts)
 * before judging the step.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { jpegStructure } from '../kit/transports/jpeg-structure.ts';

export interface SegmentObservation {
  location: string | null;
  exists: boolean;
  byteLength: number;
  sha256?: string;
  magic?: string;
  tail?: string;
  jpeg?: ReturnType<typeof jpegStructure>;
  /** The segment's bytes as they were when the call arrived (written with --dump-dir). */
  bytesFile?: string;
  /** Filled in by the kit from `bytesFile`, not by the probe. */
  decoded?: { format: string; width: number; height: number; channels: number; depth: string };
  decodeError?: string;
  pixelsFile?: string;
  pixelsSha256?: string;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function observeSegment(
  location: string | undefined,
  bytes: Buffer | undefined,
  bytesFile: string | undefined,
): SegmentObservation {
  if (!bytes) return { location: location ?? null, exists: false, byteLength: 0 };
  const o: SegmentObservation = {
    location: location ?? null,
    exists: true,
    byteLength: bytes.length,
    sha256: sha256(bytes),
    magic: bytes.subarray(0, 8).toString('hex'),
    tail: bytes.subarray(Math.max(0, bytes.length - 12)).toString('hex'),
    jpeg: jpegStructure(bytes),
  };
  if (bytesFile) {
    writeFileSync(bytesFile, bytes);
    o.bytesFile = bytesFile;
  }
  return o;
}
