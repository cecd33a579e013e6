/**
 * Named generators, so that Gherkin can say `for any frame from generator "odd-size-jpeg"`.
 * Each entry draws a plain-data recipe (printable, shrinkable) and turns it into a uniform
 * {@link GeneratedSample}.
 */
import type fc from 'fast-check';
import type { GeneratedSample } from './samples.ts';
import { describeJpeg, jpegRecipe, type JpegRecipe } from './jpegRecipe.ts';
import { largeJpegRecipe } from './largeJpegRecipe.ts';
import { materializeJpeg } from './materializeJpeg.ts';
import { CMYK_MODES, describeJpegMode, JPEG_MODES, jpegModeRecipe, materializeJpegMode, type JpegModeRecipe } from './jpegModes.ts';
import { corruptJpegRecipe, describeCorruptJpeg, materializeCorruptJpeg, type CorruptJpegRecipe } from './corruption.ts';
import { describeOtherEncoding, materializeOtherEncoding, otherEncodingRecipe, type OtherEncodingRecipe } from './otherEncodings.ts';
import { describePngMode, materializePngMode, pngModeRecipe, type PngModeRecipe } from './pngModes.ts';
import { bmpModeRecipe, describeBmpMode, materializeBmpMode, type BmpModeRecipe } from './bmpModes.ts';
import {
  describeTiffGifWebp, materializeTiffGifWebp, MISLABELLED_CLASSES, TIFF_GIF_WEBP_CLASSES, tiffGifWebpRecipe, type TiffGifWebpRecipe,
} from './tiffGifWebp.ts';
import {
  describeArray, grayArrayRecipe, materializeArray, rgbArrayRecipe, unsupportedArrayRecipe, type ArrayRecipe,
} from './arrays.ts';
import { arrayLayoutRecipe, describeArrayLayout, materializeLayoutArray, type ArrayLayoutRecipe } from './arrayLayouts.ts';
import {
  colorSpaceMetaRecipe, describeColorSpaceMeta, describeMeta, metaRecipe, type ColorSpaceMetaRecipe, type MetaRecipe,
} from './metas.ts';
import {
  collidingIdPair, describeCollidingIdPair, describeId, ID_KINDS, idRecipe, type CollidingIdPair, type IdRecipe,
} from './ids.ts';
import {
  describeTagged, hostileReadRecipe, materializeTagged, oneOfEntries, STORABLE_ENTRIES, type HostileReadRecipe, type TaggedRecipe,
} from './storedContent.ts';
import type { GeneratorEntry } from './generatorEntry.ts';

export type { GeneratorEntry } from './generatorEntry.ts';

/*
 * Entries keep their own recipe type while being built; method-style members let them be stored
 * as GeneratorEntry<unknown>, which is sound because a recipe only ever goes back to the entry
 * that drew it.
 */
function entry<R>(e: GeneratorEntry<R>): GeneratorEntry {
  return e;
}

async function jpegSample(recipe: JpegRecipe): Promise<GeneratedSample> {
  const jpeg = await materializeJpeg(recipe);
  return {
    kind: 'encoded',
    format: 'jpeg',
    bytes: jpeg.bytes,
    width: jpeg.width,
    height: jpeg.height,
    expectation: 'decodable',
    mayBeRefused: recipe.color === 'cmyk',
    source: jpeg.source,
  };
}

function jpegEntry(description: string, arbitrary: fc.Arbitrary<JpegRecipe>, suggestedNumRuns?: number): GeneratorEntry {
  return entry({ description, suggestedNumRuns, arbitrary, materialize: jpegSample, describe: describeJpeg });
}

function jpegModeEntry(description: string, arbitrary: fc.Arbitrary<JpegModeRecipe>, suggestedNumRuns?: number): GeneratorEntry {
  return entry({
    description,
    suggestedNumRuns,
    arbitrary,
    describe: describeJpegMode,
    async materialize(recipe: JpegModeRecipe): Promise<GeneratedSample> {
      const m = await materializeJpegMode(recipe);
      return {
        kind: 'encoded', format: 'jpeg', bytes: m.bytes, width: m.width, height: m.height,
        expectation: 'decodable', mayBeRefused: m.channels === 4, source: m.source,
      };
    },
  });
}

function corruptEntry(description: string, arbitrary: fc.Arbitrary<CorruptJpegRecipe>): GeneratorEntry {
  return entry({
    description,
    arbitrary,
    describe: describeCorruptJpeg,
    async materialize(recipe: CorruptJpegRecipe) {
      const c = await materializeCorruptJpeg(recipe);
      return {
        kind: 'encoded',
        format: 'jpeg',
        bytes: c.bytes,
        width: c.width,
        height: c.height,
        expectation: c.expectation,
        mayBeRefused: false,
        declaredWidth: c.declaredWidth,
        declaredHeight: c.declaredHeight,
        detail: c.detail,
      };
    },
  });
}

function tiffGifWebpEntry(description: string, classes: TiffGifWebpRecipe['class'][] | readonly TiffGifWebpRecipe['class'][]): GeneratorEntry {
  return entry({
    description,
    arbitrary: tiffGifWebpRecipe({ classes }),
    describe: describeTiffGifWebp,
    async materialize(recipe: TiffGifWebpRecipe) {
      const m = await materializeTiffGifWebp(recipe);
      return {
        kind: 'encoded', format: m.format, bytes: m.bytes, width: m.width, height: m.height, expectation: m.expectation, mayBeRefused: true,
        source: m.source, ...(m.faithful ? { expected: m.faithful } : {}), ...(m.alternatives.length ? { alternatives: m.alternatives } : {}),
      };
    },
  });
}

function arrayEntry(description: string, arbitrary: fc.Arbitrary<ArrayRecipe>): GeneratorEntry {
  return entry({
    description,
    arbitrary,
    describe: describeArray,
    async materialize(recipe: ArrayRecipe) {
      const { width, height, defect } = recipe;
      return { kind: 'array', array: materializeArray(recipe), class: recipe.class, defect, width, height };
    },
  });
}

function metaEntry(description: string, arbitrary: fc.Arbitrary<MetaRecipe>): GeneratorEntry {
  return entry({
    description,
    arbitrary,
    describe: describeMeta,
    async materialize(recipe: MetaRecipe) {
      return { kind: 'meta', meta: recipe.meta, label: recipe.kind, group: recipe.group };
    },
  });
}

export const generatorsByName: Readonly<Record<string, GeneratorEntry>> = {
  'odd-size-jpeg': jpegEntry(
    'Baseline colour JPEG (4:2:0 or 4:4:4) whose width and height are both odd, 1 to 65, ' +
      'biased toward 1 and MCU edges (7, 9, 15, 17, 31, 33, 63, 65).',
    jpegRecipe({ oddSidesOnly: true, maxSide: 65, progressive: false, colors: ['rgb'], restart: false, exif: false }),
  ),
  'jpeg-variant': jpegEntry(
    'Any JPEG of RD-DEC-01/02 up to 64x64: baseline or progressive, colour or grayscale, 4:2:0 or 4:4:4, ' +
      'with or without restart markers and EXIF, quality 50-100.',
    jpegRecipe(),
  ),
  'large-jpeg': jpegEntry(
    'A JPEG variant with one side from 1024 to 4097 (usually 4095-4097) and the other from 1 to 4097; ' +
      'up to ~50 MB of pixels per run.',
    largeJpegRecipe(),
    3,
  ),
  'cmyk-jpeg': jpegEntry(
    'A 4-component CMYK JPEG (Adobe APP14) up to 64x64: valid JPEG, but RD-ENC-01 lets a reader refuse it; ' +
      'colour-managed, so compare shape only.',
    jpegRecipe({ colors: ['cmyk'] }),
  ),
  'jpeg-mode': jpegModeEntry(
    'A JPEG in a mode sharp does not write, up to 40x40: 4:2:2, 4:4:0 or 4:1:1 chroma subsampling, ' +
      'arithmetic coding (sequential or progressive), or grayscale (RD-DEC-01/02; docs/inputs.md).',
    jpegModeRecipe({ modes: JPEG_MODES.filter((m) => m !== 'orientation' && !CMYK_MODES.includes(m)) }),
  ),
  'cmyk-jpeg-mode': jpegModeEntry(
    'An Adobe CMYK (APP14 transform 0) or YCCK (transform 2) JPEG up to 40x40, inverted as Adobe writes them (RD-DEC-03).',
    jpegModeRecipe({ modes: CMYK_MODES }),
    // Each YCCK case spawns ImageMagick (~0.1 s): ten cases keep the default run's budget.
    10,
  ),
  'jpeg-orientation': jpegModeEntry(
    'A square 8x8 to 16x16 JPEG with EXIF orientation 1-8 and content whose every flip or turn shows (RD-DEC-04).',
    jpegModeRecipe({ modes: ['orientation'] }),
  ),
  'undecodable-bytes': corruptEntry(
    'Bytes no correct JPEG decoder turns into an image: empty, random bytes without any image magic, ' +
      'a JPEG without SOI, or a JPEG cut before its first SOS. Meta claims the intact size.',
    corruptJpegRecipe({ expectation: 'undecodable' }),
  ),
  'maybe-decodable-bytes': corruptEntry(
    'Damaged JPEGs that some decoders still decode: cut inside the scan data, bit flips in headers or ' +
      'scan data, missing EOI, tampered SOF size, trailing or leading garbage. Meta claims the intact size.',
    corruptJpegRecipe({ expectation: 'maybe-decodable' }),
  ),
  'non-jpeg-encoding': entry({
    description: 'A PNG (8-bit RGB, 16-bit, RGBA), GIF, lossless WebP, LZW TIFF or 24-bit BMP up to 64x64 (RD-ENC-01).',
    arbitrary: otherEncodingRecipe(),
    describe: describeOtherEncoding,
    async materialize(recipe: OtherEncodingRecipe) {
      const e = await materializeOtherEncoding(recipe);
      return {
        kind: 'encoded', format: e.encoding, bytes: e.bytes, width: e.width, height: e.height,
        expectation: 'decodable', mayBeRefused: true, source: e.source,
      };
    },
  }),
  'png-mode': entry({
    description: 'A PNG up to 16x16 in any colour type and bit depth: gray 1/2/4/8/16, RGB 8/16, palette 1/2/4/8 with or ' +
      'without tRNS, gray+alpha 8/16, RGBA 8/16; the 8- and 16-bit ones also Adam7-interlaced (RD-ENC-01).',
    arbitrary: pngModeRecipe(),
    describe: describePngMode,
    async materialize(recipe: PngModeRecipe) {
      const m = await materializePngMode(recipe);
      return {
        kind: 'encoded', format: 'png', bytes: m.bytes, width: m.width, height: m.height,
        expectation: 'decodable', mayBeRefused: true, expected: m.expected, alternatives: m.alternatives,
      };
    },
  }),
  'tiff-gif-webp': tiffGifWebpEntry(
    'A TIFF (8- or 16-bit RGB, CMYK, 32-bit float, 2-3 pages; uncompressed, LZW, deflate or PackBits), a GIF (2-3 frames, ' +
      'or with transparent pixels) or a WebP (lossy, lossless, lossy with alpha) up to 16x16 (RD-ENC-01).',
    TIFF_GIF_WEBP_CLASSES,
  ),
  'mislabelled-bytes': tiffGifWebpEntry(
    'A JPEG, PNG, GIF or WebP up to 16x16 whose first bytes are overwritten with another format\'s magic ' +
      '(PNG on JPEG, JPEG on PNG, GIF on WebP, TIFF on GIF, RIFF/WEBP on PNG): no decoder finds an image (RD-FALL-02).',
    MISLABELLED_CLASSES,
  ),
  'bmp-mode': entry({
    description: 'A BMP up to 16x16: 1-, 4- or 8-bit palette, 24-bit, 32-bit with alpha (BITMAPV5HEADER) or RLE8, ' +
      'written by ImageMagick (RD-ENC-01).',
    arbitrary: bmpModeRecipe(),
    describe: describeBmpMode,
    async materialize(recipe: BmpModeRecipe) {
      const m = await materializeBmpMode(recipe);
      return {
        kind: 'encoded', format: 'bmp', bytes: m.bytes, width: m.width, height: m.height,
        expectation: 'decodable', mayBeRefused: true, expected: m.expected, alternatives: m.alternatives,
      };
    },
  }),
  'rgb-array': arrayEntry('An H x W x 3 uint8 array up to 32x32 with distinctive channels (RD-ARR-01).', rgbArrayRecipe()),
  'gray-array': arrayEntry('An H x W or H x W x 1 uint8 gray array up to 32x32 (RD-ARR-02).', grayArrayRecipe()),
  'unsupported-array': arrayEntry(
    'An array outside RD-ARR-01/02, answered as the selected reading of RD-ARR-03 (shapes) or RD-ARR-04 (dtypes) says: ' +
      '2, 4 or 5+ channels, 1-D, 4-D, 0-D, ' +
      'or a non-uint8 dtype (int8, bool, uint16, int16, uint32, int32, float32, float64) in an image shape; ' +
      'values are non-zero and pixel-like.',
    unsupportedArrayRecipe(),
  ),
  'array-layout': entry({
    description: 'An RGB, gray, non-uint8 or unsupported-shape array up to 12x12 held as camera code holds it: C or Fortran order, ' +
      'little- or big-endian, as is or as a channel-flipped view, a strided crop, a transpose, a broadcast or read-only (RD-ARR-01..04).',
    arbitrary: arrayLayoutRecipe(),
    describe: describeArrayLayout,
    async materialize(recipe: ArrayLayoutRecipe) {
      const { width, height, defect } = recipe.array;
      return { kind: 'array', array: materializeLayoutArray(recipe), class: recipe.array.class, defect, width, height, layout: recipe.layout };
    },
  }),
  'invalid-meta': metaEntry(
    'A meta RD-META-01/02 call invalid (none, or the zero fallback where the reading allows it): width/height missing, zero, negative, fractional, a non-numeric ' +
      'string, null, an array or an object, or the meta itself null, a string, an array or {}.',
    metaRecipe({ groups: ['invalid'] }),
  ),
  'coercible-meta': metaEntry(
    'A meta whose width or height is a numeric string ("640") or true: not an integer, but lenient ' +
      'parsers coerce it (a profile point).',
    metaRecipe({ groups: ['coercible'] }),
  ),
  'huge-meta': metaEntry(
    'A meta with width and/or height 2**31 or 1e12: positive integers whose zero fallback would not fit ' +
      'in bounded memory (a profile point).',
    metaRecipe({ groups: ['huge'] }),
  ),
  'valid-meta': metaEntry(
    'A complete valid meta (width, height, timestamp_ms, camera_id, optional color_space RGB/BGR), ' +
      'sometimes with extra unknown keys, which must be ignored.',
    metaRecipe({ groups: ['valid'] }),
  ),
  'color-space-meta': entry({
    description: 'A valid meta whose color_space is RGB, BGR, absent, or a profile point (bgr, Bgr, rgb, sRGB, YUV, "", null, 3).',
    arbitrary: colorSpaceMetaRecipe(),
    describe: describeColorSpaceMeta,
    async materialize(recipe: ColorSpaceMetaRecipe) {
      return {
        kind: 'meta', meta: recipe.meta, label: `color-space-${recipe.variant.label}`, group: 'valid', colorSpace: recipe.variant,
      };
    },
  }),
  'odd-id': entry({
    description: 'A shared_mem_id that is not ordinary: empty, 200-1024 chars, unicode, path-like ' +
      '("../x", "a/b", "C:\\x", "dev-shm:sid-1:cur"), whitespace or control characters.',
    arbitrary: idRecipe({ kinds: ID_KINDS.filter((k) => k !== 'ordinary') }),
    describe: describeId,
    async materialize(recipe: IdRecipe) {
      return { kind: 'id', id: recipe.id, label: recipe.kind };
    },
  }),
  'colliding-ids': entry({
    description: 'Two different ids whose fs-transport safe names are equal, e.g. "a:b" and "a/b" (RD-ISO-01).',
    arbitrary: collidingIdPair(),
    describe: describeCollidingIdPair,
    async materialize(pair: CollidingIdPair) {
      return { kind: 'id-pair', ...pair };
    },
  }),
};

/* Composite entries draw from the ones above, so they are added once those exist. */
const composites: Record<string, GeneratorEntry> = {
  'any-stored-content': entry({
    description: 'Anything a segment may hold: any JPEG variant or mode (CMYK, YCCK, subsampling, arithmetic, EXIF orientation), ' +
      'corrupt or mislabelled bytes, any PNG, BMP, TIFF, GIF or WebP mode, any plain array class.',
    arbitrary: oneOfEntries(generatorsByName, STORABLE_ENTRIES),
    describe: (t: TaggedRecipe) => describeTagged(generatorsByName, t),
    materialize: (t: TaggedRecipe) => materializeTagged(generatorsByName, t),
  }),
  'hostile-read': entry({
    description: 'A whole read: an odd or ordinary id, any stored content or none, and a meta of any group or any JSON value (RD-ROBUST-01).',
    arbitrary: hostileReadRecipe(generatorsByName),
    describe: (r: HostileReadRecipe) =>
      `id ${JSON.stringify(r.id.slice(0, 40))}${r.id.length > 40 ? '…' : ''} holding ${r.content ? describeTagged(generatorsByName, r.content) : 'nothing'}, meta ${r.meta.kind} ${JSON.stringify(r.meta.meta)?.slice(0, 120)}`,
    async materialize(r: HostileReadRecipe) {
      return { kind: 'read-case', id: r.id, meta: r.meta.meta, content: r.content ? await materializeTagged(generatorsByName, r.content) : null };
    },
  }),
};
Object.assign(generatorsByName, composites);

/** The entry called `name`, or an error that lists every known name. */
export function generatorNamed(name: string): GeneratorEntry {
  const found = Object.hasOwn(generatorsByName, name) ? generatorsByName[name] : undefined;
  if (!found) {
    throw new Error(`unknown generator "${name}"; known: ${Object.keys(generatorsByName).join(', ')}`);
  }
  return found;
}
