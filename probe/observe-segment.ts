/** Everything the probe records about one segment's bytes, as found when the call arrived. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { jpegStructure } from '../kit/transports/jpeg-structure.ts';

sharp.cache(false);

export interface SegmentObservation {
  location: string | null;
  exists: boolean;
  byteLength: number;
  sha256?: string;
  magic?: string;
  tail?: string;
  jpeg?: ReturnType<typeof jpegStructure>;
  decoded?: { format: string; width: number; height: number; channels: number; depth: string };
  decodeError?: string;
  pixelsFile?: string;
  pixelsSha256?: string;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function observeSegment(
  location: string | undefined,
  bytes: Buffer | undefined,
  dumpFile: string | undefined,
): Promise<SegmentObservation> {
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
  try {
    const m = await sharp(bytes).metadata();
    o.decoded = {
      format: m.format ?? 'unknown',
      width: m.width ?? 0,
      height: m.height ?? 0,
      channels: m.channels ?? 0,
      depth: m.depth ?? 'unknown',
    };
    // Decoding fully (not just the header) is what proves the stream is usable.
    const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const rgb = info.channels === 3 ? data : expandToRgb(data, info.channels);
    if (dumpFile) {
      writeFileSync(dumpFile, rgb);
      o.pixelsFile = dumpFile;
    }
    o.pixelsSha256 = sha256(rgb);
  } catch (e) {
    o.decodeError = (e as Error).message;
  }
  return o;
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
