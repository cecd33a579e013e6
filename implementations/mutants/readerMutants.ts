/**
 * Deliberately broken variants of the reference SDK, selected with `--target mutant:<name>`
 * (or served over the subprocess protocol by serveMutant.ts). Each breaks one clause, so that
 * the kill matrix (scripts/mutants) proves that every clause's scenarios can fail and blame the
 * right clause. docs/mutants.md lists them and says how to add one.
 *
 * Parts live in ./reader/*.ts, one named export per mutant, because a fresh process
 * (readOnce.ts, for read-other-process) can only rebuild parts from a module and an export name.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { kitRoot } from '../../kit/paths.ts';
import { bundledEntry, READER_PARTS_DIR } from '../../kit/bundle/entries.ts';
import type { ReaderTargetFactory } from '../../adapter/types.ts';
import { createReferenceTarget, createSdkTarget } from '../reference-sdk/binding.ts';
import type { SdkOptions, SdkParts } from '../reference-sdk/sdk.ts';
import * as arrayParts from './reader/arrayParts.ts';
import * as arrayLayoutParts from './reader/arrayLayoutParts.ts';
import * as npyFileParts from './reader/npyFileParts.ts';
import * as colorParts from './reader/colorParts.ts';
import * as decodeParts from './reader/decodeParts.ts';
import * as formatParts from './reader/formatParts.ts';
import * as jpegModeParts from './reader/jpegModeParts.ts';
import { clearIgnored, idNotStartingAlphanumeric, raisingOnIds } from './reader/entryPointMutants.ts';
import * as fallbackParts from './reader/fallbackParts.ts';
import * as metaParts from './reader/metaParts.ts';
import * as pngParts from './reader/pngParts.ts';
import * as robustnessParts from './reader/robustnessParts.ts';
import * as segmentParts from './reader/segmentParts.ts';
import * as shapeParts from './reader/shapeParts.ts';

export interface ReaderMutant {
  /**
   * The clause the mutant breaks, and only that one. A list only when one defect cannot break
   * one clause without another (every clause listed must then be blamed by some failure).
   */
  breaks: string | string[];
  /**
   * Clauses whose scenarios may fail too, each with the reason: scenarios of another clause
   * that meet the same defect (catch-all properties, or checks that restate this clause).
   */
  mayAlsoBlame?: Record<string, string>;
  description: string;
  /**
   * The readings of ambiguous clauses this variant takes. Where a document states the reading,
   * the variant is conformant under the default profile (test/kit/reading-variants.test.ts) and
   * is a mutant only under `killedUnder`.
   */
  takes?: Record<string, string>;
  /** Reading overrides (--reading) under which the kill matrix judges it: readings it breaks. */
  killedUnder?: Record<string, string>;
  factory: ReaderTargetFactory;
}

/** Every clause a mutant declares it breaks. */
export function brokenClauses(m: Pick<ReaderMutant, 'breaks'>): string[] {
  return typeof m.breaks === 'string' ? [m.breaks] : [...m.breaks];
}

type PartsModule = Record<string, unknown>;

/** Binds exported parts, declaring read-other-process because readOnce.ts can rebuild them. */
function fromParts(name: string, moduleUrl: URL, module: PartsModule, exportName: string): ReaderTargetFactory {
  const parts = module[exportName] as Partial<SdkParts> | undefined;
  if (!parts) throw new Error(`mutant ${name}: ${moduleUrl.pathname} has no export ${exportName}`);
  return createSdkTarget(parts, { name: `mutant:${name}`, version: '0' }, {
    otherProcessParts: { module: moduleUrl.href, exportName },
  });
}

/**
 * A variant that is the reference SDK with one of its own options set: the reading a real SDK
 * offers as a switch. A fresh read process gets the same options, so read-other-process holds.
 */
function fromSdkOptions(name: string, options: Omit<SdkOptions, 'shmDir'>): ReaderTargetFactory {
  return createSdkTarget({}, { name: `mutant:${name}`, version: '0' }, options);
}

// From the kit's root, not from this module's URL: bundled (kit/bundle/), this code runs from a chunk elsewhere.
// Bundled, the parts module a fresh read process imports is its JavaScript entry: no loader needed there.
const url = (file: string) => pathToFileURL(bundledEntry(`${READER_PARTS_DIR}/${file.replace(/\.ts$/, '')}`)
  ?? join(kitRoot, 'implementations', 'mutants', 'reader', file));
const META = url('metaParts.ts');
const ARRAY = url('arrayParts.ts');
const ARRAY_LAYOUT = url('arrayLayoutParts.ts');
const NPY_FILE = url('npyFileParts.ts');
const SHAPE = url('shapeParts.ts');
const COLOR = url('colorParts.ts');
const DECODE = url('decodeParts.ts');
const FORMAT = url('formatParts.ts');
const JPEG_MODE = url('jpegModeParts.ts');
const FALLBACK = url('fallbackParts.ts');
const SEGMENT = url('segmentParts.ts');
const ROBUST = url('robustnessParts.ts');
const PNG = url('pngParts.ts');

/* Reasons shared by several mutants. */
const HOSTILE_READ = 'the hostile-read property (any id, meta and content) can draw the same input and sees the exception';
const ANY_STORED = 'the any-stored-content property can draw the same content and sees the exception';

const entries: Array<[string, ReaderMutant]> = [
  // Rule 1: meta validation.
  ['negative-size-accepted', {
    breaks: 'RD-META-01', description: 'a negative width or height is read as its absolute value',
    factory: fromParts('negative-size-accepted', META, metaParts, 'negativeSizeAccepted'),
  }],
  ['non-positive-size-gives-empty-zeros', {
    breaks: 'RD-META-01', description: 'a missing or zero width or height gives a zero fallback with a zero dimension (np.zeros on meta\'s size: the seed\'s development side)',
    killedUnder: { 'RD-META-01': 'none' },
    factory: fromParts('non-positive-size-gives-empty-zeros', META, metaParts, 'nonPositiveSizeGivesEmptyZeros'),
  }],
  ['invalid-size-gives-zeros', {
    breaks: ['RD-META-01', 'RD-META-02'], description: 'every invalid width or height gives np.zeros((h, w, 3)) with the unusable value as 0 (the seed\'s development side)',
    takes: { 'RD-META-01': 'zeros', 'RD-META-02': 'zeros' }, killedUnder: { 'RD-META-01': 'none', 'RD-META-02': 'none' },
    factory: fromParts('invalid-size-gives-zeros', META, metaParts, 'invalidSizeGivesZeros'),
  }],
  ['fractional-size-rounded', {
    breaks: 'RD-META-02', description: 'a fractional width or height is rounded to an integer (4.5 reads as 5)',
    killedUnder: { 'RD-META-02': 'none' },
    factory: fromParts('fractional-size-rounded', META, metaParts, 'fractionalSizeRounded'),
  }],
  ['raise-on-non-numeric-width', {
    breaks: 'RD-META-02', description: 'a non-numeric string width raises instead of giving none',
    mayAlsoBlame: { 'RD-ROBUST-01': HOSTILE_READ },
    factory: fromParts('raise-on-non-numeric-width', META, metaParts, 'raiseOnNonNumericWidth'),
  }],
  ['raise-on-bool-size', {
    breaks: 'RD-META-02', description: 'a boolean width or height raises TypeError instead of giving none',
    mayAlsoBlame: { 'RD-ROBUST-01': HOSTILE_READ },
    factory: fromParts('raise-on-bool-size', META, metaParts, 'raiseOnBoolSize'),
  }],
  ['raise-on-non-scalar-size', {
    breaks: 'RD-META-02', description: 'a null, list or dict width or height raises TypeError (int() on it)',
    mayAlsoBlame: { 'RD-ROBUST-01': HOSTILE_READ },
    factory: fromParts('raise-on-non-scalar-size', META, metaParts, 'raiseOnNonScalarSize'),
  }],
  ['raise-on-non-dict-meta', {
    breaks: 'RD-META-02', description: 'a meta that is not an object raises AttributeError (meta.get on it)',
    mayAlsoBlame: { 'RD-ROBUST-01': HOSTILE_READ },
    factory: fromParts('raise-on-non-dict-meta', META, metaParts, 'raiseOnNonDictMeta'),
  }],
  ['numeric-string-size-coerced', {
    breaks: 'RD-META-03', description: 'a numeric string width or height ("4") is coerced to a number (the strict reading rejects it)',
    takes: { 'RD-META-03': 'coerce' }, killedUnder: { 'RD-META-03': 'reject' },
    factory: fromParts('numeric-string-size-coerced', META, metaParts, 'numericStringSizeCoerced'),
  }],
  ['unknown-meta-key-rejected', {
    breaks: 'RD-META-04', description: 'a meta with a key outside the minimal set and color_space gives none',
    factory: fromParts('unknown-meta-key-rejected', META, metaParts, 'unknownMetaKeyRejected'),
  }],
  // Rules 2, 3, 5: stored arrays.
  ['degenerate-rgb-array-misread', {
    breaks: 'RD-ARR-01', description: 'read without BGR, a single-row or -column RGB array comes back transposed, a single pixel as zeros',
    factory: fromParts('degenerate-rgb-array-misread', ARRAY, arrayParts, 'degenerateRgbArrayMisread'),
  }],
  ['gray-array-not-expanded', {
    breaks: 'RD-ARR-02', description: 'gray arrays (H x W, H x W x 1) are unsupported and take the zero fallback',
    factory: fromParts('gray-array-not-expanded', ARRAY, arrayParts, 'grayNotExpanded'),
  }],
  ['rgba-array-alpha-dropped', {
    breaks: 'RD-ARR-03', description: 'an H x W x 4 array has its alpha dropped instead of taking the zero fallback (the strict reading)',
    takes: { 'RD-ARR-03': 'any-image' }, killedUnder: { 'RD-ARR-03': 'zeros' },
    factory: fromParts('rgba-array-alpha-dropped', ARRAY, arrayParts, 'rgbaArrayAlphaDropped'),
  }],
  ['odd-shapes-accepted', {
    breaks: 'RD-ARR-03', description: 'singleton dimensions are squeezed away, two channels read as gray plus alpha, 1-D reshaped to meta',
    takes: { 'RD-ARR-03': 'any-image' }, killedUnder: { 'RD-ARR-03': 'zeros' },
    factory: fromParts('odd-shapes-accepted', ARRAY, arrayParts, 'oddShapesAccepted'),
  }],
  ['non-uint8-array-zeros', {
    breaks: 'RD-ARR-04', description: 'a non-uint8 array takes the zero fallback instead of being cast as the seed draws it (the strict reading "zeros")',
    takes: { 'RD-ARR-04': 'zeros' },
    factory: fromParts('non-uint8-array-zeros', ARRAY, arrayParts, 'nonUint8ArrayZeros'),
  }],
  // Arrays as camera code holds them (features/reader/array-layouts.feature).
  ['strides-ignored', {
    breaks: 'RD-ARR-01', description: 'a view (flipped channels, strided crop, transpose, broadcast) is read as if its buffer were the dense C-ordered array',
    mayAlsoBlame: { 'RD-ARR-02': 'gray arrays are held as views too', 'RD-ARR-04': 'non-uint8 arrays are held as views too' },
    factory: fromParts('strides-ignored', ARRAY_LAYOUT, arrayLayoutParts, 'stridesIgnored'),
  }],
  ['byte-order-ignored', {
    breaks: 'RD-ARR-04', description: 'a big-endian array, in memory or in a .npy file, is read as little-endian',
    factory: fromParts('byte-order-ignored', ARRAY_LAYOUT, arrayLayoutParts, 'byteOrderIgnored'),
  }],
  ['fortran-order-ignored', {
    breaks: 'RD-ARR-01', description: 'a Fortran-ordered array, in memory or in a .npy file, is read as C-ordered',
    mayAlsoBlame: { 'RD-ARR-02': 'gray arrays are held in Fortran order too', 'RD-ARR-04': 'non-uint8 arrays are held in Fortran order too' },
    factory: fromParts('fortran-order-ignored', ARRAY_LAYOUT, arrayLayoutParts, 'fortranOrderIgnored'),
  }],
  ['npy-version-one-only', {
    breaks: 'RD-XPROC-01', description: 'only .npy format 1.0 is read: a segment file numpy saved as 2.0 or 3.0 is missing',
    factory: fromParts('npy-version-one-only', NPY_FILE, npyFileParts, 'npyVersionOneOnly'),
  }],
  ['damaged-npy-raises', {
    breaks: 'RD-ROBUST-01', description: 'a damaged .npy segment file raises out of the read instead of being unusable',
    factory: fromParts('damaged-npy-raises', NPY_FILE, npyFileParts, 'damagedNpyRaises'),
  }],
  ['overflow-slot-never-read', {
    breaks: 'RD-ISO-01', description: 'an fs id whose file name a colliding id took first is written to its overflow slot but never read from it',
    factory: fromParts('overflow-slot-never-read', NPY_FILE, npyFileParts, 'overflowSlotNeverRead'),
  }],
  // Rule 6: the result's shape and size.
  ['cmyk-jpeg-four-channels', {
    breaks: ['RD-DEC-03', 'RD-SHAPE-01'],
    description: 'a CMYK JPEG comes back H x W x 4 (RD-SHAPE-01 is the catch-all form of RD-DEC-03: no defect breaks it alone)',
    mayAlsoBlame: { 'RD-ROBUST-01': 'the hostile-read property checks the same shape rule and can draw a CMYK JPEG' },
    factory: fromParts('cmyk-jpeg-four-channels', DECODE, decodeParts, 'cmykJpegFourChannels'),
  }],
  // JPEG modes (generators/jpegModes.ts).
  ['arithmetic-jpeg-refused', {
    breaks: 'RD-DEC-01', description: 'an arithmetic-coded JPEG (SOF9-11, 13-15) takes the zero fallback, as from a decoder built without arithmetic decoding',
    factory: fromParts('arithmetic-jpeg-refused', JPEG_MODE, jpegModeParts, 'arithmeticJpegRefused'),
  }],
  ['uncommon-subsampling-refused', {
    breaks: 'RD-DEC-01', description: 'a 4:2:2, 4:4:0 or 4:1:1 colour JPEG takes the zero fallback, as from a decoder that knows only 4:4:4 and 4:2:0',
    factory: fromParts('uncommon-subsampling-refused', JPEG_MODE, jpegModeParts, 'uncommonSubsamplingRefused'),
  }],
  ['four-one-one-chroma-misplaced', {
    breaks: 'RD-DEC-01', description: '4:1:1 chroma is upsampled as if it were 4:2:0, so colours land on the wrong pixels',
    factory: fromParts('four-one-one-chroma-misplaced', JPEG_MODE, jpegModeParts, 'fourOneOneChromaMisplaced'),
  }],
  ['adobe-cmyk-not-inverted', {
    breaks: 'RD-DEC-03', description: 'the Adobe APP14 convention is ignored: a CMYK or YCCK JPEG\'s inks read as their complements',
    factory: fromParts('adobe-cmyk-not-inverted', JPEG_MODE, jpegModeParts, 'adobeCmykNotInverted'),
  }],
  ['exif-orientation-applied', {
    breaks: 'RD-DEC-04', description: 'the EXIF Orientation tag is applied, as OpenCV\'s imdecode and libvips\' autorotate do (the reading "apply")',
    takes: { 'RD-DEC-04': 'apply' }, killedUnder: { 'RD-DEC-04': 'ignore' },
    factory: fromParts('exif-orientation-applied', JPEG_MODE, jpegModeParts, 'exifOrientationApplied'),
  }],
  ['exif-orientation-misapplied', {
    breaks: 'RD-DEC-04', description: 'EXIF orientations 6 and 8 are turned the wrong way (the others as the tag says)',
    factory: fromParts('exif-orientation-misapplied', JPEG_MODE, jpegModeParts, 'exifOrientationMisapplied'),
  }],
  ['stored-size-returned', {
    breaks: 'RD-SHAPE-02', description: 'the stored frame is returned at its own size, not meta\'s (the "stored-size" reading)',
    mayAlsoBlame: { 'RD-FALL-03': 'its check wants meta\'s size, so a JPEG whose tampered SOF declares a smaller size fails it too' },
    takes: { 'RD-SHAPE-02': 'stored-size' }, killedUnder: { 'RD-SHAPE-02': 'strict' },
    factory: fromParts('stored-size-returned', SHAPE, shapeParts, 'storedSizeReturned'),
  }],
  // Rule 4: color_space.
  ['bgr-unswapped', {
    breaks: 'RD-CS-01', description: 'color_space BGR is ignored for arrays',
    factory: fromParts('bgr-unswapped', COLOR, colorParts, 'bgrUnswapped'),
  }],
  ['explicit-rgb-swapped', {
    breaks: 'RD-CS-01', description: 'an explicit color_space "RGB" reverses the channels as BGR does',
    mayAlsoBlame: { 'RD-ARR-01': 'one of its examples reads an array with an explicit "RGB"' },
    factory: fromParts('explicit-rgb-swapped', COLOR, colorParts, 'explicitRgbSwapped'),
  }],
  ['bgr-case-insensitive', {
    breaks: 'RD-CS-02', description: '"bgr" and "Bgr" swap like "BGR" (the strict reading: case-sensitive)',
    takes: { 'RD-CS-02': 'case-insensitive' }, killedUnder: { 'RD-CS-02': 'case-sensitive' },
    factory: fromParts('bgr-case-insensitive', COLOR, colorParts, 'bgrCaseInsensitive'),
  }],
  ['unknown-color-space-as-bgr', {
    breaks: 'RD-CS-03', description: 'an unknown color_space string ("sRGB", "YUV", "", " BGR") is treated as BGR',
    killedUnder: { 'RD-CS-03': 'as-rgb' },
    factory: fromParts('unknown-color-space-as-bgr', COLOR, colorParts, 'unknownColorSpaceAsBgr'),
  }],
  ['non-string-color-space-raises', {
    breaks: 'RD-CS-03', description: 'a null or numeric color_space raises AttributeError (.upper() on it)',
    factory: fromParts('non-string-color-space-raises', COLOR, colorParts, 'nonStringColorSpaceRaises'),
  }],
  ['bgr-ignored-for-jpeg', {
    breaks: 'RD-CS-04', description: 'color_space BGR is not applied to decoded JPEG bytes (the seed\'s flowchart: arrays only)',
    takes: { 'RD-CS-04': 'arrays-only' }, killedUnder: { 'RD-CS-04': 'swap' },
    factory: fromSdkOptions('bgr-ignored-for-jpeg', { bgrAppliesToBytes: false }),
  }],
  // Rules 7 and 10: decoding.
  ['jpeg-limited-range', {
    breaks: 'RD-DEC-01', description: 'decoded JPEG samples are squeezed into 16..235 (limited-range YCbCr)',
    mayAlsoBlame: Object.fromEntries(['RD-DEC-02', 'RD-DEC-04', 'RD-CS-04', 'RD-CLEAN-02', 'RD-XPROC-01'].map((c) => [c, 'its scenarios compare decoded JPEG pixels too'])),
    factory: fromParts('jpeg-limited-range', DECODE, decodeParts, 'jpegLimitedRange'),
  }],
  ['restart-markers-refused', {
    breaks: 'RD-DEC-01', description: 'a JPEG with restart markers (DRI) is refused: zero fallback',
    factory: fromParts('restart-markers-refused', DECODE, decodeParts, 'restartMarkersRefused'),
  }],
  ['wide-jpeg-refused', {
    breaks: 'RD-DEC-01', description: 'a JPEG wider or taller than 4096 is refused: zero fallback',
    factory: fromParts('wide-jpeg-refused', DECODE, decodeParts, 'wideJpegRefused'),
  }],
  ['gray-jpeg-tinted', {
    breaks: 'RD-DEC-02', description: 'a grayscale JPEG decodes with blue one level off (within tolerance, channels unequal)',
    factory: fromParts('gray-jpeg-tinted', DECODE, decodeParts, 'grayJpegTinted'),
  }],
  ['non-jpeg-decoded', {
    breaks: 'RD-ENC-01', description: 'PNG, GIF, WebP, TIFF and BMP bytes decode faithfully (the seed\'s "decode bytes via PIL"; the reading "decode")',
    takes: { 'RD-ENC-01': 'decode' }, killedUnder: { 'RD-ENC-01': 'refuse' },
    factory: fromParts('non-jpeg-decoded', DECODE, decodeParts, 'nonJpegDecoded'),
  }],
  ['non-jpeg-channels-swapped', {
    breaks: 'RD-ENC-01', description: 'PNG, GIF, WebP, TIFF and BMP bytes are decoded with the channels reversed (BMP also upside down)',
    factory: fromParts('non-jpeg-channels-swapped', DECODE, decodeParts, 'nonJpegChannelsSwapped'),
  }],
  // TIFF, GIF and WebP modes (formatParts.ts): decoding readers that get one mode wrong.
  ['cmyk-tiff-four-channels', {
    breaks: ['RD-ENC-01', 'RD-SHAPE-01'], description: 'a CMYK TIFF comes back H x W x 4, its ink channels passed through',
    factory: fromParts('cmyk-tiff-four-channels', FORMAT, formatParts, 'cmykTiffFourChannels'),
  }],
  ['cmyk-tiff-inks-as-rgb', {
    breaks: 'RD-ENC-01', description: 'a CMYK TIFF\'s C, M and Y are taken for R, G and B, without conversion',
    factory: fromParts('cmyk-tiff-inks-as-rgb', FORMAT, formatParts, 'cmykTiffInksAsRgb'),
  }],
  ['sixteen-bit-tiff-low-byte', {
    breaks: 'RD-ENC-01', description: '16-bit TIFF samples are cast to uint8 (the low byte kept) instead of scaled',
    factory: fromParts('sixteen-bit-tiff-low-byte', FORMAT, formatParts, 'sixteenBitTiffLowByte'),
  }],
  ['float-tiff-as-float32', {
    breaks: ['RD-ENC-01', 'RD-SHAPE-01'], description: 'a 32-bit float TIFF comes back as float32 samples',
    factory: fromParts('float-tiff-as-float32', FORMAT, formatParts, 'floatTiffAsFloat32'),
  }],
  ['float-tiff-cast-unscaled', {
    breaks: 'RD-ENC-01', description: 'float TIFF samples (0..1) are cast to uint8 unscaled: a black frame, which only the reading "decode" can tell from a refusal',
    killedUnder: { 'RD-ENC-01': 'decode' },
    factory: fromParts('float-tiff-cast-unscaled', FORMAT, formatParts, 'floatTiffCastUnscaled'),
  }],
  ['last-frame-read', {
    breaks: 'RD-ENC-01', description: 'a multi-page TIFF or animated GIF is read at its last page or frame, not its first',
    factory: fromParts('last-frame-read', FORMAT, formatParts, 'lastFrameRead'),
  }],
  ['frames-stacked', {
    breaks: 'RD-ENC-01', description: 'a multi-page TIFF or animated GIF comes back as all its pages stacked into one tall image',
    factory: fromParts('frames-stacked', FORMAT, formatParts, 'framesStacked'),
  }],
  ['alpha-kept-for-webp-and-gif', {
    breaks: ['RD-ENC-01', 'RD-SHAPE-01'], description: 'a WebP with alpha or a GIF with transparent pixels comes back H x W x 4',
    factory: fromParts('alpha-kept-for-webp-and-gif', FORMAT, formatParts, 'alphaKeptForWebpAndGif'),
  }],
  ['mislabelled-leaves-allocated-frame', {
    breaks: 'RD-FALL-02', description: 'bytes under a known non-JPEG magic that fail to decode give the frame allocated from meta, unfilled (0xCD), not zeros',
    factory: fromParts('mislabelled-leaves-allocated-frame', FORMAT, formatParts, 'mislabelledLeavesAllocatedFrame'),
  }],
  // RD-ENC-01 on PNG modes: a decoding reader that misreads one mode (features/reader/png-and-bmp-inputs.feature).
  ['png-palette-as-gray', {
    breaks: 'RD-ENC-01', description: 'a palette PNG decodes to its indices as gray levels, the palette never applied',
    factory: fromParts('png-palette-as-gray', PNG, pngParts, 'pngPaletteAsGray'),
  }],
  ['png-16bit-low-byte', {
    breaks: 'RD-ENC-01', description: '16-bit PNG samples are cast to uint8 without scaling: the low byte is kept, as astype(uint8) wraps',
    factory: fromParts('png-16bit-low-byte', PNG, pngParts, 'png16BitLowByte'),
  }],
  ['png-16bit-kept', {
    breaks: ['RD-ENC-01', 'RD-SHAPE-01'], description: 'a 16-bit PNG comes back as uint16 samples, never brought to 8 bits',
    mayAlsoBlame: { 'RD-ROBUST-01': 'the hostile-read property checks the same shape rule and can draw a 16-bit PNG' },
    factory: fromParts('png-16bit-kept', PNG, pngParts, 'png16BitKept'),
  }],
  ['png-low-bit-gray-unscaled', {
    breaks: 'RD-ENC-01', description: '1-, 2- and 4-bit gray PNG keeps its stored values (0..1, 0..3, 0..15) instead of stretching them to 0..255',
    factory: fromParts('png-low-bit-gray-unscaled', PNG, pngParts, 'pngLowBitGrayUnscaled'),
  }],
  ['png-alpha-kept', {
    breaks: ['RD-ENC-01', 'RD-SHAPE-01'],
    description: 'a PNG with alpha (gray+alpha, RGBA, palette with tRNS) comes back H x W x 4, the alpha as a fourth channel',
    mayAlsoBlame: { 'RD-ROBUST-01': 'the hostile-read property checks the same shape rule and can draw an RGBA PNG' },
    factory: fromParts('png-alpha-kept', PNG, pngParts, 'pngAlphaKept'),
  }],
  ['bmp-palette-as-gray', {
    breaks: 'RD-ENC-01', description: 'an uncompressed 1-, 4- or 8-bit BMP decodes to its palette indices as gray levels, the colour table never applied',
    factory: fromParts('bmp-palette-as-gray', PNG, pngParts, 'bmpPaletteAsGray'),
  }],
  ['bmp-rle8-upside-down', {
    breaks: 'RD-ENC-01', description: 'an RLE8 BMP decodes with its rows in stored order, upside down (the bitmap taken as top-down)',
    factory: fromParts('bmp-rle8-upside-down', PNG, pngParts, 'bmpRle8UpsideDown'),
  }],
  ['bmp-alpha-kept', {
    breaks: ['RD-ENC-01', 'RD-SHAPE-01'],
    description: 'a 32-bit BMP with an alpha mask comes back H x W x 4, the alpha as a fourth channel',
    mayAlsoBlame: { 'RD-ROBUST-01': 'the hostile-read property checks the same shape rule and can draw a 32-bit BMP' },
    factory: fromParts('bmp-alpha-kept', PNG, pngParts, 'bmpAlphaKept'),
  }],
  // Rules 8 and 9: fallbacks.
  ['missing-segment-gives-none', {
    breaks: 'RD-FALL-01', description: 'a missing segment gives none instead of zeros (the seed\'s troubleshooting guide lists both)',
    takes: { 'RD-FALL-01': 'none' }, killedUnder: { 'RD-FALL-01': 'zeros' },
    factory: fromParts('missing-segment-gives-none', FALLBACK, fallbackParts, 'missingSegmentGivesNone'),
  }],
  ['raise-on-unidentified-bytes', {
    breaks: 'RD-FALL-02', description: 'bytes of no known image format raise (Pillow\'s UnidentifiedImageError)',
    mayAlsoBlame: {
      'RD-FALL-03': 'a damaged JPEG with leading garbage has no known magic either',
      'RD-SHAPE-01': ANY_STORED,
      'RD-ROBUST-01': HOSTILE_READ,
    },
    factory: fromParts('raise-on-unidentified-bytes', FALLBACK, fallbackParts, 'raiseOnUnidentifiedBytes'),
  }],
  ['raise-on-header-only-image', {
    breaks: 'RD-FALL-02', description: 'a JPEG ending before its first scan, or a PNG without IDAT, raises OSError',
    mayAlsoBlame: {
      'RD-FALL-03': 'a bit flip in a damaged JPEG\'s headers can hide its scan',
      'RD-SHAPE-01': ANY_STORED,
      'RD-ROBUST-01': HOSTILE_READ,
    },
    factory: fromParts('raise-on-header-only-image', FALLBACK, fallbackParts, 'raiseOnHeaderOnlyImage'),
  }],
  ['raise-on-truncated-scan', {
    breaks: 'RD-FALL-03', description: 'a JPEG whose scan cannot be finished raises OSError("image file is truncated")',
    mayAlsoBlame: { 'RD-SHAPE-01': ANY_STORED, 'RD-ROBUST-01': HOSTILE_READ },
    factory: fromParts('raise-on-truncated-scan', FALLBACK, fallbackParts, 'raiseOnTruncatedScan'),
  }],
  // Rules 11-14: ownership, isolation, cleanup, cross-process.
  ['read-consumes-segment', {
    breaks: 'RD-OWN-01', description: 'reading removes the segment, so a second read gets zeros',
    mayAlsoBlame: { 'RD-OWN-02': 'its scenarios read twice, so they see the consumed segment before any scribbling matters' },
    factory: fromParts('read-consumes-segment', SEGMENT, segmentParts, 'readConsumesSegment'),
  }],
  ['fs-segment-moved-into-memory', {
    breaks: 'RD-OWN-01', description: 'an fs segment is moved into memory on first read and its file deleted',
    factory: fromParts('fs-segment-moved-into-memory', SEGMENT, segmentParts, 'fsSegmentMovedIntoMemory'),
  }],
  ['result-shares-stored-array', {
    breaks: 'RD-OWN-02', description: 'an RGB array is returned as a view of the stored one, so changing it changes the segment (the seed: "returns a view when possible")',
    takes: { 'RD-OWN-02': 'view-allowed' }, killedUnder: { 'RD-OWN-02': 'copy' },
    factory: fromParts('result-shares-stored-array', SEGMENT, segmentParts, 'resultSharesStoredArray'),
  }],
  ['zero-fallback-shared', {
    breaks: 'RD-OWN-02', description: 'one zero fallback array per size is shared by every read, so changing it changes the next one',
    factory: fromParts('zero-fallback-shared', FALLBACK, fallbackParts, 'zeroFallbackShared'),
  }],
  ['fs-names-cut', {
    breaks: 'RD-ISO-01', description: 'fs segments are found by their file name cut to 25 characters, so ids that differ only past the cut read each other\'s data',
    factory: fromParts('fs-names-cut', SEGMENT, segmentParts, 'fsNamesCut'),
  }],
  ['colliding-ids-share-a-slot', {
    breaks: 'RD-ISO-01', description: 'ids equal after sanitising ("cam:1", "cam/1") read each other\'s latest data',
    factory: fromParts('colliding-ids-share-a-slot', SEGMENT, segmentParts, 'collidingIdsShareASlot'),
  }],
  ['cache-survives-clear', {
    breaks: 'RD-CLEAN-01', description: 'a read cache serves a segment after it was cleared',
    factory: fromParts('cache-survives-clear', SEGMENT, segmentParts, 'cacheSurvivesClear'),
  }],
  ['clear-ignored', {
    breaks: 'RD-CLEAN-01', description: 'clearing answers but does nothing, in this process and for others',
    mayAlsoBlame: { 'RD-ISO-01': 'its cleared-id scenario needs the clear to work before it can judge isolation' },
    factory: clearIgnored(createReferenceTarget),
  }],
  ['cache-ignores-rewrite', {
    breaks: 'RD-CLEAN-02', description: 'a read cache keeps serving the first content after the id is written again',
    factory: fromParts('cache-ignores-rewrite', SEGMENT, segmentParts, 'cacheIgnoresRewrite'),
  }],
  ['fs-segments-invisible', {
    breaks: 'RD-XPROC-01', description: 'only the in-process dictionary is read: another process never sees fs segments',
    mayAlsoBlame: Object.fromEntries(['RD-ISO-01', 'RD-ARR-01', 'RD-ARR-02', 'RD-ARR-04'].map((c) => [c,
      'its scenarios that store through the fs transport read back segments stored as files, which this variant never reads'])),
    factory: fromParts('fs-segments-invisible', SEGMENT, segmentParts, 'fsSegmentsInvisible'),
  }],
  // Rule 15: robustness.
  ['raise-on-id-not-starting-alphanumeric', {
    breaks: 'RD-ROBUST-01', description: 'an id not starting with a letter or digit ("", "../x", " a") raises ValueError',
    factory: raisingOnIds(createReferenceTarget, idNotStartingAlphanumeric, { type: 'ValueError', message: 'invalid shared_mem_id' }),
  }],
  ['slow-on-bomb', {
    breaks: 'RD-ROBUST-02', description: 'a JPEG whose header claims a huge size takes longer than the read deadline',
    factory: fromParts('slow-on-bomb', ROBUST, robustnessParts, 'slowOnBomb'),
  }],
  ['huge-meta-allocates', {
    breaks: 'RD-ROBUST-03', description: 'meta\'s size is not bounded, so a 2^31 x 2^31 zero fallback is attempted and raises',
    mayAlsoBlame: { 'RD-ROBUST-01': HOSTILE_READ },
    factory: fromParts('huge-meta-allocates', ROBUST, robustnessParts, 'hugeMetaAllocates'),
  }],
];

export const readerMutantCatalog: Record<string, ReaderMutant> = Object.fromEntries(entries);

export const readerMutants: Record<string, ReaderTargetFactory> = Object.fromEntries(
  Object.entries(readerMutantCatalog).map(([k, v]) => [k, v.factory]),
);
