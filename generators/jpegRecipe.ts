import fc from 'fast-check';
import { imageSide, MAX_JPEG_SIDE } from './imageSide.ts';
import { PIXEL_CONTENTS, type PixelContent } from './pixels.ts';
import { requireInteger, requireNonEmptySubset, requireOrdered, PLAIN } from './checks.ts';

/** `cmyk` is not a rule-7 variant (it is a may-refuse encoding), so it is only drawn on request. */
export type JpegColor = 'rgb' | 'gray' | 'cmyk';
export const JPEG_COLORS: readonly JpegColor[] = ['rgb', 'gray', 'cmyk'];

export type ChromaSubsampling = '4:2:0' | '4:4:4';
export const CHROMA_SUBSAMPLINGS: readonly ChromaSubsampling[] = ['4:2:0', '4:4:4'];

export interface RestartSpec {
  /** How many units between two RSTn markers. */
  every: number;
  /** jpegtran's two units: whole MCU rows, or single MCUs ("blocks"). */
  unit: 'mcu-rows' | 'mcus';
}

/** Plain data; {@link materializeJpeg} turns it into bytes. */
export interface JpegRecipe {
  width: number;
  height: number;
  color: JpegColor;
  /** Always '4:4:4' for gray and CMYK, which have no subsampled chroma here. */
  subsampling: ChromaSubsampling;
  progressive: boolean;
  quality: number;
  restart: RestartSpec | null;
  exif: boolean;
  /** Always 'smooth' for gray, which has no channels to tell apart. */
  content: PixelContent;
  seed: number;
}

export interface JpegRecipeConstraints {
  /** Smallest side, default 1. */
  minSide?: number;
  /** Largest side, default 64; up to 65500. */
  maxSide?: number;
  /** Only odd widths and heights, default false. */
  oddSidesOnly?: boolean;
  /** Default 50. */
  minQuality?: number;
  /** Default 100. */
  maxQuality?: number;
  /** Fixed when given; default: both baseline and progressive. */
  progressive?: boolean;
  /** Default ['rgb', 'gray']. */
  colors?: readonly JpegColor[];
  /** Default both. */
  subsamplings?: readonly ChromaSubsampling[];
  /** Fixed when given; default: with and without restart markers. */
  restart?: boolean;
  /** Fixed when given; default: with and without EXIF. */
  exif?: boolean;
  /** Default both. */
  contents?: readonly PixelContent[];
}

const fixedOr = (value: boolean | undefined) => (value === undefined ? fc.boolean() : fc.constant(value));

/**
 * A JPEG to encode: size, colour model, chroma subsampling, baseline or progressive, quality,
 * restart markers, EXIF and pixel content. Every field shrinks on its own (toward 1x1, baseline,
 * no restart, no EXIF), so a failing case reduces to the one variant that matters.
 */
export function jpegRecipe(constraints: JpegRecipeConstraints = {}): fc.Arbitrary<JpegRecipe> {
  const where = 'jpegRecipe';
  const minQuality = constraints.minQuality ?? 50;
  const maxQuality = constraints.maxQuality ?? 100;
  const colors = constraints.colors ?? ['rgb', 'gray'];
  const subsamplings = constraints.subsamplings ?? [...CHROMA_SUBSAMPLINGS];
  const contents = constraints.contents ?? [...PIXEL_CONTENTS];
  requireInteger(where, 'minQuality', minQuality, 1, 100);
  requireInteger(where, 'maxQuality', maxQuality, 1, 100);
  requireOrdered(where, 'minQuality', minQuality, 'maxQuality', maxQuality);
  requireNonEmptySubset(where, 'colors', colors, JPEG_COLORS);
  requireNonEmptySubset(where, 'subsamplings', subsamplings, CHROMA_SUBSAMPLINGS);
  requireNonEmptySubset(where, 'contents', contents, PIXEL_CONTENTS);
  const minSide = constraints.minSide ?? 1;
  const maxSide = constraints.maxSide ?? 64;
  requireInteger(where, 'minSide', minSide, 1, MAX_JPEG_SIDE);
  requireInteger(where, 'maxSide', maxSide, 1, MAX_JPEG_SIDE);
  requireOrdered(where, 'minSide', minSide, 'maxSide', maxSide);
  const side = imageSide({ min: minSide, max: maxSide, oddOnly: constraints.oddSidesOnly });

  const restartSpec = fc.record(
    { every: fc.integer({ min: 1, max: 4 }), unit: fc.constantFrom<RestartSpec['unit']>('mcu-rows', 'mcus') },
    PLAIN,
  );
  const restart = constraints.restart === false
    ? fc.constant(null)
    : constraints.restart === true
      ? restartSpec
      : fc.option(restartSpec, { nil: null });

  return fc
    .record({
      width: side,
      height: side,
      color: fc.constantFrom(...colors),
      subsampling: fc.constantFrom(...subsamplings),
      progressive: fixedOr(constraints.progressive),
      quality: fc.integer({ min: minQuality, max: maxQuality }),
      restart,
      exif: fixedOr(constraints.exif),
      content: fc.constantFrom(...contents),
      seed: fc.nat({ max: 0x7fffffff }),
    }, PLAIN)
    // Fields a colour model ignores get one fixed value, so equal images print as equal recipes.
    .map((r): JpegRecipe => {
      if (r.color === 'rgb') return r;
      return { ...r, subsampling: '4:4:4', content: r.color === 'gray' ? 'smooth' : r.content };
    });
}

const COLOR_WORDS: Record<JpegColor, string> = { rgb: '', gray: 'grayscale ', cmyk: 'CMYK ' };

/** One line for humans, e.g. "progressive 4:2:0 JPEG 1x4097, quality 85, restart markers every 1 MCU row". */
export function describeJpeg(recipe: JpegRecipe): string {
  const mode = recipe.progressive ? 'progressive' : 'baseline';
  const chroma = recipe.color === 'rgb' ? `${recipe.subsampling} ` : '';
  const parts = [`${mode} ${chroma}${COLOR_WORDS[recipe.color]}JPEG ${recipe.width}x${recipe.height}`, `quality ${recipe.quality}`];
  if (recipe.restart) {
    const { every, unit } = recipe.restart;
    const noun = unit === 'mcu-rows' ? 'MCU row' : 'MCU';
    parts.push(`restart markers every ${every} ${noun}${every === 1 ? '' : 's'}`);
  }
  if (recipe.exif) parts.push('EXIF');
  if (recipe.content === 'distinctive' && recipe.color !== 'gray') parts.push('distinctive colours');
  return parts.join(', ');
}

/** Accepts recipes from elsewhere (a replay file, a feature table) only when they are well-formed. */
export function checkJpegRecipe(recipe: JpegRecipe): void {
  const where = 'materializeJpeg';
  requireInteger(where, 'width', recipe.width, 1, MAX_JPEG_SIDE);
  requireInteger(where, 'height', recipe.height, 1, MAX_JPEG_SIDE);
  requireInteger(where, 'quality', recipe.quality, 1, 100);
  requireNonEmptySubset(where, 'color', [recipe.color], JPEG_COLORS);
  requireNonEmptySubset(where, 'subsampling', [recipe.subsampling], CHROMA_SUBSAMPLINGS);
  requireNonEmptySubset(where, 'content', [recipe.content], PIXEL_CONTENTS);
  if (recipe.restart) requireInteger(where, 'restart.every', recipe.restart.every, 1, 65535);
}
