/**
 * Just enough JPEG header parsing for mutants that misbehave on one kind of JPEG: which markers
 * come before the first scan, and what the frame header (SOF) declares. Never throws: bytes that
 * do not parse simply have no markers.
 */

export interface JpegHeader {
  /** Marker bytes (the byte after 0xFF) of every segment before the first scan, SOS included. */
  markers: number[];
  /** Declared by the first SOF0-SOF15 frame header, when there is one. */
  frame?: { width: number; height: number; components: number };
  hasScan: boolean;
}

const SOI = 0xd8;
const SOS = 0xda;
const DRI = 0xdd;

function isSof(marker: number): boolean {
  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  const header: JpegHeader = { markers: [], hasScan: false };
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return header;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return header;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) { at += 1; continue; } // fill byte
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    header.markers.push(marker);
    if (marker === SOS) {
      header.hasScan = true;
      return header;
    }
    if (isSof(marker) && !header.frame && at + 10 <= bytes.length) {
      header.frame = {
        height: (bytes[at + 5]! << 8) | bytes[at + 6]!,
        width: (bytes[at + 7]! << 8) | bytes[at + 8]!,
        components: bytes[at + 9]!,
      };
    }
    at += 2 + length;
  }
  return header;
}

export const hasRestartInterval = (h: JpegHeader): boolean => h.markers.includes(DRI);
