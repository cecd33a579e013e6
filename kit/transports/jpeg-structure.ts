/**
 * Walks a byte string as a JPEG stream, marker by marker, to tell "one complete JPEG" from a
 * truncated one, one with trailing bytes, or something else with a JPEG-looking start.
 * Decoders are lenient about all three, so decodability alone proves none of this.
 */

export interface JpegStructure {
  startsWithSoi: boolean;
  endsWithEoi: boolean;
  /** Markers chain from SOI through every scan to an EOI that is the last two bytes. */
  markersOk: boolean;
  detail: string;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

function isStandalone(m: number): boolean {
  return m === 0x01 || (m >= 0xd0 && m <= 0xd7);
}

export function jpegStructure(b: Uint8Array): JpegStructure {
  const startsWithSoi = b.length >= 2 && b[0] === 0xff && b[1] === SOI;
  const endsWithEoi = b.length >= 4 && b[b.length - 2] === 0xff && b[b.length - 1] === EOI;
  const result = (markersOk: boolean, detail: string): JpegStructure => ({ startsWithSoi, endsWithEoi, markersOk, detail });
  if (!startsWithSoi) return result(false, 'no SOI at offset 0');
  let i = 2;
  let scans = 0;
  while (i < b.length) {
    if (b[i] !== 0xff) return result(false, `expected a marker at offset ${i}`);
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) break;
    const m = b[i]!;
    i++;
    if (m === EOI) {
      if (scans === 0) return result(false, 'EOI before any scan');
      return i === b.length
        ? result(true, `complete: ${scans} scan(s)`)
        : result(false, `${b.length - i} byte(s) after EOI at offset ${i - 2}`);
    }
    if (m === SOI) return result(false, `second SOI at offset ${i - 2}`);
    if (isStandalone(m)) continue;
    if (i + 2 > b.length) break;
    const len = (b[i]! << 8) | b[i + 1]!;
    if (len < 2) return result(false, `segment length ${len} at offset ${i}`);
    i += len;
    if (m === SOS) {
      scans++;
      // Entropy-coded data runs to the next marker that is neither a stuffed 0x00 nor a restart.
      while (i < b.length) {
        if (b[i] === 0xff && i + 1 < b.length) {
          const n = b[i + 1]!;
          if (n === 0x00 || (n >= 0xd0 && n <= 0xd7) || n === 0xff) {
            i += n === 0xff ? 1 : 2;
            continue;
          }
          break;
        }
        i++;
      }
    }
  }
  return result(false, 'stream ends before EOI (truncated)');
}
