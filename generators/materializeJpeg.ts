import sharp, { type Sharp } from 'sharp';
import type { NdArray } from '../adapter/types.ts';
import { checkJpegRecipe, type JpegRecipe } from './jpegRecipe.ts';
import { grayPixels, grayToRgb, rgbPixels, uint8Image } from './pixels.ts';
import { addRestartMarkers } from './jpegtran.ts';

export interface MaterializedJpeg {
  bytes: Uint8Array;
  width: number;
  height: number;
  /**
   * The H x W x 3 uint8 RGB pixels that were encoded (for gray, the gray value in all three
   * channels). For CMYK these are the RGB pixels before sharp's colour-managed conversion, so a
   * decoder's RGB may legitimately differ a lot: compare CMYK output for shape only.
   */
  source: NdArray;
  /** Components in the JPEG frame. */
  channels: 1 | 3 | 4;
}

/* Nothing orientation-like: an Orientation tag would make "the size" depend on the decoder. */
const EXIF_TAGS = { IFD0: { ImageDescription: 'pv-conform generated frame', Software: 'pv-conform' } };

/** Encodes a {@link JpegRecipe}; the result is a pure function of the recipe. */
export async function materializeJpeg(recipe: JpegRecipe): Promise<MaterializedJpeg> {
  checkJpegRecipe(recipe);
  const { width, height } = recipe;
  let image: Sharp;
  let rgb: Uint8Array;
  if (recipe.color === 'gray') {
    const gray = grayPixels(width, height, recipe.seed);
    rgb = grayToRgb(gray);
    // A 1-band raw input still comes out as 3 components unless the output space is b-w.
    image = sharp(gray, { raw: { width, height, channels: 1 } }).toColourspace('b-w');
  } else {
    rgb = rgbPixels(width, height, recipe.seed, recipe.content);
    image = sharp(rgb, { raw: { width, height, channels: 3 } });
    if (recipe.color === 'cmyk') image = image.toColourspace('cmyk');
  }
  if (recipe.exif) image = image.withExif(EXIF_TAGS);
  let bytes: Uint8Array = new Uint8Array(
    await image
      .jpeg({ quality: recipe.quality, progressive: recipe.progressive, chromaSubsampling: recipe.subsampling })
      .toBuffer(),
  );
  if (recipe.restart) {
    bytes = await addRestartMarkers(bytes, recipe.restart.every, recipe.restart.unit, recipe.progressive);
  }
  const channels = recipe.color === 'gray' ? 1 : recipe.color === 'cmyk' ? 4 : 3;
  return { bytes, width, height, source: uint8Image(rgb, width, height, 3), channels };
}
