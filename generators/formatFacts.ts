/**
 * What a TIFF, GIF or WebP file says about itself, read from its headers alone: the facts that
 * show a generated file really is the mode it claims (test/generators/tiffGifWebp.test.ts), and
 * the palette colour a GIF keeps under its transparent index (what Pillow's convert('RGB') gives
 * there). Only what the generators write is parsed; anything else is an error.
 */

export interface TiffPage {
  width: number;
  height: number;
  bitsPerSample: number[];
  /** 1 unsigned integer, 2 signed, 3 IEEE float (TIFF 6.0, SampleFormat); 1 when absent. */
  sampleFormat: number[];
  /** 2 RGB, 5 separated (CMYK), 6 YCbCr, 1 black is zero. */
  photometric: number;
  samplesPerPixel: number;
  compression: number;
}

/** Every IFD of a baseline or classic little/big-endian TIFF, in file order. */
export function tiffPages(bytes: Uint8Array): TiffPage[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = String.fromCharCode(bytes[0]!, bytes[1]!);
  if ((order !== 'II' && order !== 'MM') || view.getUint16(2, order === 'II') !== 42) throw new Error('not a classic TIFF');
  const le = order === 'II';
  const pages: TiffPage[] = [];
  const seen = new Set<number>();
  for (let offset = view.getUint32(4, le); offset !== 0; ) {
    if (seen.has(offset) || offset + 2 > bytes.length) throw new Error(`bad IFD offset ${offset}`);
    seen.add(offset);
    const count = view.getUint16(offset, le);
    const tags = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const at = offset + 2 + i * 12;
      const [tag, type, n] = [view.getUint16(at, le), view.getUint16(at + 2, le), view.getUint32(at + 4, le)];
      const size = type === 3 ? 2 : type === 4 ? 4 : 0;
      if (!size) continue;
      const base = size * n <= 4 ? at + 8 : view.getUint32(at + 8, le);
      tags.set(tag, Array.from({ length: n }, (_, k) => (size === 2 ? view.getUint16(base + 2 * k, le) : view.getUint32(base + 4 * k, le))));
    }
    const one = (tag: number, fallback: number) => tags.get(tag)?.[0] ?? fallback;
    const spp = one(277, 1);
    pages.push({
      width: one(256, 0),
      height: one(257, 0),
      bitsPerSample: tags.get(258) ?? [1],
      sampleFormat: tags.get(339) ?? Array<number>(spp).fill(1),
      photometric: one(262, -1),
      samplesPerPixel: spp,
      compression: one(259, 1),
    });
    offset = view.getUint32(offset + 2 + count * 12, le);
  }
  return pages;
}

export interface GifFacts {
  width: number;
  height: number;
  /** Image descriptors: one per frame. */
  frames: number;
  /** The first frame's graphic control extension marks a transparent index. */
  transparent: boolean;
  /** That index's colour in the first frame's colour table, when there is one. */
  transparentColour?: [number, number, number];
}

/** Walks a GIF's blocks (GIF89a): counts frames and reads the first frame's transparency. */
export function gifFacts(bytes: Uint8Array): GifFacts {
  const sig = String.fromCharCode(...bytes.subarray(0, 6));
  if (sig !== 'GIF87a' && sig !== 'GIF89a') throw new Error('not a GIF');
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  const tableSize = (flags: number) => (flags & 0x80 ? 3 * (2 << (flags & 7)) : 0);
  let at = 13;
  const globalTable = bytes.subarray(at, at + tableSize(bytes[10]!));
  at += globalTable.length;
  const skipSubBlocks = () => {
    while (bytes[at] !== 0) {
      if (at >= bytes.length) throw new Error('GIF ends inside a block');
      at += bytes[at]! + 1;
    }
    at += 1;
  };
  let frames = 0;
  let pendingIndex: number | undefined;
  let firstIndex: number | undefined;
  let firstTable = globalTable;
  while (at < bytes.length && bytes[at] !== 0x3b) {
    const introducer = bytes[at]!;
    if (introducer === 0x21) {
      if (bytes[at + 1] === 0xf9 && bytes[at + 3]! & 1) pendingIndex = bytes[at + 6]!;
      at += 2;
      skipSubBlocks();
    } else if (introducer === 0x2c) {
      const flags = bytes[at + 9]!;
      const local = bytes.subarray(at + 10, at + 10 + tableSize(flags));
      if (frames === 0) {
        firstIndex = pendingIndex;
        if (local.length) firstTable = local;
      }
      frames += 1;
      pendingIndex = undefined;
      at += 10 + local.length + 1;
      skipSubBlocks();
    } else {
      throw new Error(`unexpected GIF block 0x${introducer.toString(16)} at ${at}`);
    }
  }
  const colour = firstIndex !== undefined && firstIndex * 3 + 3 <= firstTable.length
    ? [firstTable[firstIndex * 3]!, firstTable[firstIndex * 3 + 1]!, firstTable[firstIndex * 3 + 2]!] as [number, number, number]
    : undefined;
  return { width: u16(6), height: u16(8), frames, transparent: firstIndex !== undefined, ...(colour ? { transparentColour: colour } : {}) };
}

/** The four-character codes of a WebP's RIFF chunks, in order (VP8, VP8L, VP8X, ALPH, ANIM, ANMF ...). */
export function webpChunks(bytes: Uint8Array): string[] {
  const text = (at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));
  if (text(0, 4) !== 'RIFF' || text(8, 4) !== 'WEBP') throw new Error('not a WebP');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = view.getUint32(at + 4, true);
    chunks.push(text(at, 4));
    at += 8 + size + (size & 1);
  }
  return chunks;
}
