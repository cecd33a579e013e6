/**
 * Corrupt JPEG byte streams, each with an honest claim about whether any decoder may still
 * produce an image from it.
 *
 * 'undecodable' is claimed only where no correct JPEG decoder can produce an image: no bytes,
 * no SOI at offset 0 (missing SOI, random bytes), or a cut before the first SOS marker (no scan
 * exists). Everything else is 'maybe-decodable': libjpeg, for one, decodes truncated entropy
 * data into a partly gray image with a warning, ignores bytes after EOI, tolerates a missing EOI,
 * and most bit flips only damage pixels.
 */
import fc from 'fast-check';
import { jpegRecipe, describeJpeg, type JpegRecipe, type JpegRecipeConstraints } from './jpegRecipe.ts';
import { materializeJpeg } from './materializeJpeg.ts';
import { readFrameHeader, walkJpeg, Marker } from './jpegMarkers.ts';
import { seededBytes } from './prng.ts';
import { requireNonEmptySubset, PLAIN } from './checks.ts';

export type Decodability = 'undecodable' | 'maybe-decodable';
export const DECODABILITIES: readonly Decodability[] = ['undecodable', 'maybe-decodable'];

export type CorruptionKind =
  | 'empty'
  | 'truncated-in-headers'
  | 'truncated-in-entropy'
  | 'bit-flip-in-headers'
  | 'bit-flip-in-entropy'
  | 'missing-soi'
  | 'missing-eoi'
  | 'tampered-sof'
  | 'trailing-garbage'
  | 'leading-garbage'
  | 'random-bytes';

/**
 * Why leading garbage is only 'maybe': libjpeg and Pillow insist on SOI at offset 0, but
 * decoders that scan forward for SOI (several in browsers and Java land) recover the image.
 */
export const EXPECTATION_BY_KIND: Readonly<Record<CorruptionKind, Decodability>> = {
  'empty': 'undecodable',
  'truncated-in-headers': 'undecodable',
  'truncated-in-entropy': 'maybe-decodable',
  'bit-flip-in-headers': 'maybe-decodable',
  'bit-flip-in-entropy': 'maybe-decodable',
  'missing-soi': 'undecodable',
  'missing-eoi': 'maybe-decodable',
  'tampered-sof': 'maybe-decodable',
  'trailing-garbage': 'maybe-decodable',
  'leading-garbage': 'maybe-decodable',
  'random-bytes': 'undecodable',
};
export const CORRUPTION_KINDS = Object.keys(EXPECTATION_BY_KIND) as CorruptionKind[];

/** A place inside a region, in thousandths of the region's length, so it fits any file size. */
export interface BitFlip {
  permille: number;
  bit: number;
}

export type Corruption =
  | { kind: 'empty' }
  | { kind: 'truncated-in-headers' | 'truncated-in-entropy'; permille: number }
  | { kind: 'bit-flip-in-headers' | 'bit-flip-in-entropy'; flips: BitFlip[] }
  | { kind: 'missing-soi' }
  | { kind: 'missing-eoi' }
  | { kind: 'tampered-sof'; declaredWidth: number; declaredHeight: number }
  | { kind: 'trailing-garbage' | 'leading-garbage' | 'random-bytes'; length: number; seed: number };

export interface CorruptJpegRecipe {
  /** The intact JPEG; its width and height are what a scenario's meta should claim. */
  base: JpegRecipe;
  corruption: Corruption;
}

export interface CorruptJpegConstraints {
  /** How the intact JPEG is drawn; default: small rule-7 variants. */
  base?: JpegRecipeConstraints;
  /** Default: every kind. */
  kinds?: readonly CorruptionKind[];
  /** Keep only kinds with this expectation; default: both. */
  expectation?: Decodability;
}

type SideTamper = 'same' | 'zero' | 'plus-one' | 'minus-one' | 'double' | 'max';
const SIDE_TAMPERS: SideTamper[] = ['same', 'zero', 'plus-one', 'minus-one', 'double', 'max'];

function tamperSide(side: number, tamper: SideTamper): number {
  switch (tamper) {
    case 'same': return side;
    case 'zero': return 0;
    case 'plus-one': return side + 1;
    case 'minus-one': return side - 1;
    case 'double': return Math.min(65535, side * 2);
    case 'max': return 65535;
  }
}

const permille = fc.integer({ min: 0, max: 999 });
const garbage = (min: number, max: number) => fc.record({ length: fc.integer({ min, max }), seed: fc.nat({ max: 0x7fffffff }) }, PLAIN);

function corruptionOf(kind: CorruptionKind, base: JpegRecipe): fc.Arbitrary<Corruption> {
  switch (kind) {
    case 'empty':
    case 'missing-soi':
    case 'missing-eoi':
      return fc.constant({ kind });
    case 'truncated-in-headers':
    case 'truncated-in-entropy':
      return permille.map((p) => ({ kind, permille: p }));
    case 'bit-flip-in-headers':
    case 'bit-flip-in-entropy':
      return fc
        .array(fc.record({ permille, bit: fc.integer({ min: 0, max: 7 }) }, PLAIN), { minLength: 1, maxLength: 3 })
        .map((flips) => ({ kind, flips }));
    case 'tampered-sof':
      return fc
        .tuple(fc.constantFrom(...SIDE_TAMPERS), fc.constantFrom(...SIDE_TAMPERS))
        .filter(([w, h]) => w !== 'same' || h !== 'same')
        .map(([w, h]) => ({ kind, declaredWidth: tamperSide(base.width, w), declaredHeight: tamperSide(base.height, h) }));
    case 'trailing-garbage':
    case 'leading-garbage':
      return garbage(1, 64).map((g) => ({ kind, ...g }));
    case 'random-bytes':
      return garbage(1, 2048).map((g) => ({ kind, ...g }));
  }
}

/**
 * An intact JPEG recipe plus exactly one corruption. The tampered-SOF sizes depend on the base
 * size, hence the chain; every other corruption shrinks independently of the base.
 */
export function corruptJpegRecipe(constraints: CorruptJpegConstraints = {}): fc.Arbitrary<CorruptJpegRecipe> {
  const where = 'corruptJpegRecipe';
  const requested = constraints.kinds ?? CORRUPTION_KINDS;
  requireNonEmptySubset(where, 'kinds', requested, CORRUPTION_KINDS);
  if (constraints.expectation !== undefined) {
    requireNonEmptySubset(where, 'expectation', [constraints.expectation], DECODABILITIES);
  }
  const kinds = requested.filter((k) => !constraints.expectation || EXPECTATION_BY_KIND[k] === constraints.expectation);
  if (kinds.length === 0) {
    throw new RangeError(`${where}: none of the kinds ${requested.join(', ')} is '${constraints.expectation}'`);
  }
  return fc
    .tuple(jpegRecipe(constraints.base), fc.constantFrom(...kinds))
    .chain(([base, kind]) => corruptionOf(kind, base).map((corruption) => ({ base, corruption })));
}

export interface CorruptJpeg {
  bytes: Uint8Array;
  expectation: Decodability;
  /** The intact image's size: what the frame's meta claims. */
  width: number;
  height: number;
  /** For tampered-sof: the size the SOF now declares. */
  declaredWidth?: number;
  declaredHeight?: number;
  /** Where exactly the damage is, e.g. "cut at byte 311 of 1402, inside the headers". */
  detail: string;
}

/** The bytes that stand for "no SOI": never 0xFF first, never 0 or 1 second. */
function notAnyImageMagic(bytes: Uint8Array): Uint8Array {
  // Pillow's TGA reader has no magic number and accepts almost anything whose second byte
  // (colour-map type) is 0 or 1, so random bytes could otherwise "decode" as a TGA.
  if (bytes.length > 0 && bytes[0] === 0xff) bytes[0] = 0x00;
  if (bytes.length > 1 && bytes[1] < 2) bytes[1] += 2;
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const placeIn = (start: number, end: number, p: number) => start + Math.floor(((end - start) * p) / 1000);

/** Encodes the base and applies the corruption; a pure function of the recipe. */
export async function materializeCorruptJpeg(recipe: CorruptJpegRecipe): Promise<CorruptJpeg> {
  const c = recipe.corruption;
  const result = (bytes: Uint8Array, detail: string): CorruptJpeg => ({
    bytes,
    expectation: EXPECTATION_BY_KIND[c.kind],
    width: recipe.base.width,
    height: recipe.base.height,
    detail,
  });
  if (c.kind === 'empty') return result(new Uint8Array(0), 'no bytes at all');
  if (c.kind === 'random-bytes') {
    return result(notAnyImageMagic(seededBytes(c.seed, c.length)), `${c.length} random bytes`);
  }

  const intact = (await materializeJpeg(recipe.base)).bytes;
  const layout = walkJpeg(intact);
  const firstScan = layout.scans[0];
  if (!firstScan || layout.eoiOffset === null) throw new Error(`materializeCorruptJpeg: encoder output has no scan or EOI (${layout.problem})`);
  const sosOffset = firstScan.sos.offset;
  const entropyStart = firstScan.dataOffset;
  const eoi = layout.eoiOffset;
  const of = ` of ${intact.length}`;

  switch (c.kind) {
    case 'truncated-in-headers': {
      // Cuts land in [1, SOS): every scan header is missing, so there is no image data at all.
      const cut = placeIn(1, sosOffset, c.permille);
      return result(intact.slice(0, cut), `cut at byte ${cut}${of}, inside the headers (first SOS at ${sosOffset})`);
    }
    case 'truncated-in-entropy': {
      const cut = placeIn(entropyStart, eoi, c.permille);
      return result(intact.slice(0, cut), `cut at byte ${cut}${of}, inside the scan data (${entropyStart}..${eoi})`);
    }
    case 'bit-flip-in-headers':
    case 'bit-flip-in-entropy': {
      // Header flips spare the SOI (offsets 0-1): a flipped SOI is the missing-SOI case.
      const [start, end] = c.kind === 'bit-flip-in-headers' ? [2, entropyStart] : [entropyStart, eoi];
      const bytes = intact.slice();
      const at = c.flips.map((f) => {
        const offset = placeIn(start, end, f.permille);
        bytes[offset] ^= 1 << f.bit;
        return `${offset}.${f.bit}`;
      });
      const region = c.kind === 'bit-flip-in-headers' ? 'headers' : 'scan data';
      return result(bytes, `bit(s) flipped at byte.bit ${at.join(', ')}${of}, inside the ${region}`);
    }
    case 'missing-soi':
      return result(intact.slice(2), 'SOI (FF D8) removed');
    case 'missing-eoi':
      return result(intact.slice(0, eoi), 'EOI (FF D9) removed');
    case 'tampered-sof': {
      const bytes = intact.slice();
      const sof = layout.segments.find((s) => s.marker >= Marker.SOF0 && s.marker <= Marker.SOF2);
      if (!sof) throw new Error('materializeCorruptJpeg: encoder output has no SOF');
      const p = sof.payloadOffset;
      bytes[p + 1] = c.declaredHeight >> 8;
      bytes[p + 2] = c.declaredHeight & 0xff;
      bytes[p + 3] = c.declaredWidth >> 8;
      bytes[p + 4] = c.declaredWidth & 0xff;
      const declared = readFrameHeader(bytes);
      return {
        ...result(bytes, `SOF declares ${declared?.width}x${declared?.height}, the data is ${recipe.base.width}x${recipe.base.height}`),
        declaredWidth: c.declaredWidth,
        declaredHeight: c.declaredHeight,
      };
    }
    case 'trailing-garbage':
      return result(concat(intact, seededBytes(c.seed, c.length)), `${c.length} garbage bytes after EOI`);
    case 'leading-garbage':
      return result(concat(notAnyImageMagic(seededBytes(c.seed, c.length)), intact), `${c.length} garbage bytes before SOI`);
  }
}

/** One line for humans, e.g. "baseline 4:2:0 JPEG 9x7, quality 80, truncated inside the headers (at 37.5%)". */
export function describeCorruptJpeg(recipe: CorruptJpegRecipe): string {
  const c = recipe.corruption;
  const size = `${recipe.base.width}x${recipe.base.height}`;
  const pct = (p: number) => `${(p / 10).toFixed(1)}%`;
  switch (c.kind) {
    case 'empty': return `empty bytes (meta ${size})`;
    case 'random-bytes': return `${c.length} random bytes, no JPEG magic (meta ${size})`;
    case 'truncated-in-headers': return `${describeJpeg(recipe.base)}, truncated inside the headers (at ${pct(c.permille)} of them)`;
    case 'truncated-in-entropy': return `${describeJpeg(recipe.base)}, truncated inside the entropy data (at ${pct(c.permille)} of it)`;
    case 'bit-flip-in-headers':
    case 'bit-flip-in-entropy': {
      const region = c.kind === 'bit-flip-in-headers' ? 'headers' : 'entropy data';
      return `${describeJpeg(recipe.base)}, ${c.flips.length} bit flip(s) in the ${region} (at ${c.flips.map((f) => pct(f.permille)).join(', ')})`;
    }
    case 'missing-soi': return `${describeJpeg(recipe.base)}, without SOI`;
    case 'missing-eoi': return `${describeJpeg(recipe.base)}, without EOI`;
    case 'tampered-sof': return `${describeJpeg(recipe.base)}, SOF tampered to declare ${c.declaredWidth}x${c.declaredHeight}`;
    case 'trailing-garbage': return `${describeJpeg(recipe.base)}, followed by ${c.length} garbage bytes`;
    case 'leading-garbage': return `${describeJpeg(recipe.base)}, preceded by ${c.length} garbage bytes`;
  }
}
