/**
 * A tiny JPEG marker walker: enough structure to check what an encoder produced and to aim
 * corruptions at the headers or at the entropy-coded data. It never decodes pixels.
 */

export const Marker = {
  SOF0: 0xc0,
  SOF1: 0xc1,
  SOF2: 0xc2,
  DHT: 0xc4,
  RST0: 0xd0,
  RST7: 0xd7,
  SOI: 0xd8,
  EOI: 0xd9,
  SOS: 0xda,
  DQT: 0xdb,
  DRI: 0xdd,
  APP0: 0xe0,
  APP1: 0xe1,
  APP14: 0xee,
  COM: 0xfe,
} as const;

export interface JpegSegment {
  /** The marker code, the byte after 0xFF. */
  marker: number;
  /** Offset of the segment's 0xFF byte. */
  offset: number;
  /** Offset of the payload (after the 2-byte length); equals offset + 2 for standalone markers. */
  payloadOffset: number;
  /** Payload bytes, excluding the length field itself. */
  payloadLength: number;
}

export interface JpegScan {
  /** The SOS segment that opens the scan. */
  sos: JpegSegment;
  /** First byte of entropy-coded data. */
  dataOffset: number;
  /** One past the last entropy-coded byte: where the next non-RST marker starts. */
  dataEnd: number;
  /** RSTn markers met inside this scan's data. */
  restartMarkers: number;
}

export interface JpegLayout {
  startsWithSoi: boolean;
  segments: JpegSegment[];
  scans: JpegScan[];
  /** Offset of the EOI marker, or null when the walk ended without one. */
  eoiOffset: number | null;
  /** Why the walk stopped early, or null if it reached EOI. */
  problem: string | null;
}

export interface FrameComponent {
  id: number;
  horizontalSampling: number;
  verticalSampling: number;
  quantTable: number;
}

export interface FrameHeader {
  /** SOF0 baseline, SOF1 extended, SOF2 progressive, ... */
  marker: number;
  precision: number;
  width: number;
  height: number;
  components: FrameComponent[];
}

const isStandalone = (m: number) => m === Marker.SOI || m === Marker.EOI || (m >= Marker.RST0 && m <= Marker.RST7) || m === 0x01;
const isRestart = (m: number) => m >= Marker.RST0 && m <= Marker.RST7;
const isFrameMarker = (m: number) => m >= 0xc0 && m <= 0xcf && m !== Marker.DHT && m !== 0xc8 && m !== 0xcc;

/** Walks segments from SOI to EOI; tolerant: a malformed stream yields a `problem`, not a throw. */
export function walkJpeg(bytes: Uint8Array): JpegLayout {
  const layout: JpegLayout = { startsWithSoi: false, segments: [], scans: [], eoiOffset: null, problem: null };
  if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== Marker.SOI) {
    layout.problem = 'no SOI at offset 0';
    return layout;
  }
  layout.startsWithSoi = true;
  layout.segments.push({ marker: Marker.SOI, offset: 0, payloadOffset: 2, payloadLength: 0 });
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) {
      layout.problem = `expected a marker at offset ${i}, found 0x${bytes[i].toString(16)}`;
      return layout;
    }
    // Any number of 0xFF fill bytes may precede a marker code.
    while (i + 1 < bytes.length && bytes[i + 1] === 0xff) i++;
    if (i + 1 >= bytes.length) break;
    const marker = bytes[i + 1];
    if (isStandalone(marker)) {
      layout.segments.push({ marker, offset: i, payloadOffset: i + 2, payloadLength: 0 });
      if (marker === Marker.EOI) {
        layout.eoiOffset = i;
        return layout;
      }
      i += 2;
      continue;
    }
    if (i + 4 > bytes.length) break;
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    if (length < 2 || i + 2 + length > bytes.length) {
      layout.problem = `segment 0x${marker.toString(16)} at offset ${i} overruns the data`;
      return layout;
    }
    const segment = { marker, offset: i, payloadOffset: i + 4, payloadLength: length - 2 };
    layout.segments.push(segment);
    i += 2 + length;
    if (marker === Marker.SOS) {
      const scan: JpegScan = { sos: segment, dataOffset: i, dataEnd: bytes.length, restartMarkers: 0 };
      for (; i < bytes.length; i++) {
        if (bytes[i] !== 0xff || i + 1 >= bytes.length) continue;
        const next = bytes[i + 1];
        if (next === 0x00 || next === 0xff) continue;
        if (isRestart(next)) {
          scan.restartMarkers++;
          i++;
          continue;
        }
        break;
      }
      scan.dataEnd = Math.min(i, bytes.length);
      layout.scans.push(scan);
    }
  }
  layout.problem ??= 'data ended before EOI';
  return layout;
}

/** The first SOFn segment, decoded; null when there is none. */
export function readFrameHeader(bytes: Uint8Array, layout: JpegLayout = walkJpeg(bytes)): FrameHeader | null {
  const sof = layout.segments.find((s) => isFrameMarker(s.marker));
  if (!sof || sof.payloadLength < 6) return null;
  const p = sof.payloadOffset;
  const count = bytes[p + 5];
  const components: FrameComponent[] = [];
  for (let c = 0; c < count && p + 6 + 3 * c + 2 < sof.payloadOffset + sof.payloadLength; c++) {
    const q = p + 6 + 3 * c;
    components.push({
      id: bytes[q],
      horizontalSampling: bytes[q + 1] >> 4,
      verticalSampling: bytes[q + 1] & 0x0f,
      quantTable: bytes[q + 2],
    });
  }
  return {
    marker: sof.marker,
    precision: bytes[p],
    height: (bytes[p + 1] << 8) | bytes[p + 2],
    width: (bytes[p + 3] << 8) | bytes[p + 4],
    components,
  };
}

/** The restart interval from DRI in MCUs, or null without DRI (or with interval 0, which disables it). */
export function restartInterval(bytes: Uint8Array, layout: JpegLayout = walkJpeg(bytes)): number | null {
  const dri = layout.segments.find((s) => s.marker === Marker.DRI);
  if (!dri || dri.payloadLength < 2) return null;
  const interval = (bytes[dri.payloadOffset] << 8) | bytes[dri.payloadOffset + 1];
  return interval === 0 ? null : interval;
}

/** True when an APP1 segment carries an EXIF block ("Exif\0\0"). */
export function hasExif(bytes: Uint8Array, layout: JpegLayout = walkJpeg(bytes)): boolean {
  const signature = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00];
  return layout.segments.some(
    (s) => s.marker === Marker.APP1 && s.payloadLength >= 6 && signature.every((b, k) => bytes[s.payloadOffset + k] === b),
  );
}
