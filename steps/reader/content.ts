/**
 * Builds what a scenario stores, from the generators, together with what a conformant read of
 * it gives. Named variants map Gherkin words onto generator recipes.
 */
import type { Dtype, NdArray } from '../../adapter/types.ts';
import { kitDecode } from '../../kit/decode.ts';
import { castToUint8, grayToRgb, rgbImage } from '../../kit/pixels.ts';
import { describeArray, DTYPE_ITEMSIZE, materializeArray, type ArrayRecipe } from '../../generators/arrays.ts';
import { describeJpeg, type JpegRecipe } from '../../generators/jpegRecipe.ts';
import { materializeJpeg } from '../../generators/materializeJpeg.ts';
import { describeOtherEncoding, materializeOtherEncoding, OTHER_ENCODINGS, type OtherEncoding } from '../../generators/otherEncodings.ts';
import { rgbPixels } from '../../generators/pixels.ts';
import { describePngMode, materializePngMode, parsePngModeName } from '../../generators/pngModes.ts';
import { describeBmpMode, materializeBmpMode, parseBmpModeName } from '../../generators/bmpModes.ts';
import { describeTiffGifWebp, materializeTiffGifWebp, tiffGifWebpRecipeNamed } from '../../generators/tiffGifWebp.ts';
import type { StoredContent } from './state.ts';
import { jpegModeContent } from './jpegModes.ts';

let seedCounter = 1;
const nextSeed = () => (seedCounter = (seedCounter * 48271) % 0x7fffffff);

/**
 * Starts the content seeds of a scenario from its location (uri:line), so that an example's
 * pixels are the same whatever ran before it in the worker: in a shard, a replay of that one
 * line, or a parallel run. A counter shared across scenarios made them depend on the selection.
 */
export function seedContentFor(location: string): void {
  let h = 0x811c9dc5;
  for (let i = 0; i < location.length; i++) h = Math.imul(h ^ location.charCodeAt(i), 0x01000193);
  seedCounter = ((h >>> 0) % 0x7ffffffe) + 1;
}

export function rgbArray(width: number, height: number): StoredContent {
  const image = rgbImage(width, height, rgbPixels(width, height, nextSeed(), 'distinctive'));
  return { kind: 'array', description: `RGB uint8 array ${width}x${height}`, width, height, array: image, expected: image, exact: true };
}

const JPEG_VARIANTS: Record<string, Partial<JpegRecipe>> = {
  baseline: {},
  progressive: { progressive: true },
  gray: { color: 'gray', subsampling: '4:4:4' },
  '4:4:4': { subsampling: '4:4:4' },
  'restart-markers': { restart: { every: 1, unit: 'mcu-rows' } },
  exif: { exif: true },
  cmyk: { color: 'cmyk', subsampling: '4:4:4' },
};

export async function jpeg(variant: string, width: number, height: number): Promise<StoredContent> {
  const v = JPEG_VARIANTS[variant];
  const mode = v ? undefined : await jpegModeContent(variant, width, height, nextSeed());
  if (mode) return mode;
  if (!v) throw new Error(`scenario error: unknown JPEG variant "${variant}"; known: ${Object.keys(JPEG_VARIANTS).join(', ')}`);
  const recipe: JpegRecipe = {
    width, height, color: 'rgb', subsampling: '4:2:0', progressive: false, quality: 90,
    restart: null, exif: false, content: 'distinctive', seed: nextSeed(), ...v,
  };
  return fromJpegRecipe(recipe);
}

export async function fromJpegRecipe(recipe: JpegRecipe): Promise<StoredContent> {
  const m = await materializeJpeg(recipe);
  return {
    kind: 'jpeg', description: describeJpeg(recipe), width: m.width, height: m.height, bytes: m.bytes,
    // CMYK colours depend on the decoder's CMYK handling: only the shape is implied.
    ...(m.channels === 4 ? {} : { expected: await kitDecode(m.bytes) }),
    exact: false,
  };
}

export async function otherEncoding(encoding: string, width: number, height: number): Promise<StoredContent> {
  const pngMode = parsePngModeName(encoding);
  const bmpMode = parseBmpModeName(encoding);
  if (pngMode || bmpMode) {
    const recipe = { width, height, seed: nextSeed() };
    const m = pngMode ? await materializePngMode({ ...recipe, ...pngMode }) : await materializeBmpMode({ ...recipe, mode: bmpMode! });
    return {
      kind: 'encoded', description: pngMode ? describePngMode({ ...recipe, ...pngMode }) : describeBmpMode({ ...recipe, mode: bmpMode! }),
      width, height, bytes: m.bytes, expected: m.expected, exact: false, ...(m.alternatives.length ? { alternatives: m.alternatives } : {}),
    };
  }
  const tgw = tiffGifWebpRecipeNamed(encoding, width, height, nextSeed);
  if (tgw) {
    const m = await materializeTiffGifWebp(tgw);
    return {
      kind: 'encoded', description: describeTiffGifWebp(tgw), width, height, bytes: m.bytes, exact: false,
      ...(m.faithful ? { expected: m.faithful } : {}), ...(m.alternatives.length ? { alternatives: m.alternatives } : {}),
    };
  }
  if (!(OTHER_ENCODINGS as readonly string[]).includes(encoding)) {
    throw new Error(`scenario error: unknown encoding "${encoding}"; known: ${OTHER_ENCODINGS.join(', ')}`);
  }
  const recipe = { encoding: encoding as OtherEncoding, width, height, content: 'distinctive' as const, seed: nextSeed() };
  const m = await materializeOtherEncoding(recipe);
  // sharp reads no BMP; BMP is lossless 8-bit RGB, so its source is what a decoder gives.
  const expected = encoding === 'bmp' ? m.source : await kitDecode(m.bytes);
  return {
    kind: 'encoded', description: describeOtherEncoding(recipe), width, height, bytes: m.bytes, expected, exact: false,
    ...(m.channels === 4 ? { alternatives: alphaComposites(m.source) } : {}),
  };
}

/** An RGBA frame may be decoded by dropping alpha or by compositing on black or white. */
function alphaComposites(rgba: NdArray): NdArray[] {
  const [h, w] = rgba.shape as [number, number];
  const onBlack = new Uint8Array(w * h * 3);
  const onWhite = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const a = rgba.data[i * 4 + 3]! / 255;
    for (let c = 0; c < 3; c++) {
      const v = rgba.data[i * 4 + c]!;
      onBlack[i * 3 + c] = Math.round(v * a);
      onWhite[i * 3 + c] = Math.round(v * a + 255 * (1 - a));
    }
  }
  return [rgbImage(w, h, onBlack), rgbImage(w, h, onWhite)];
}

/** Bytes written literally in a feature: a JSON string whose code points are byte values. */
export function literalBytes(text: string, width: number, height: number): StoredContent {
  const bytes = Uint8Array.from([...text].map((ch) => {
    const c = ch.codePointAt(0)!;
    if (c > 255) throw new Error(`scenario error: byte literal has code point ${c} > 255`);
    return c;
  }));
  return { kind: 'bytes', description: `${bytes.length} literal bytes ${JSON.stringify(text)}`, width, height, bytes, exact: true };
}

/**
 * A small valid-looking JPEG whose frame header claims width x height: a decoder that trusts
 * the header allocates width*height*3 bytes before it finds the data is missing.
 */
export async function bombJpeg(width: number, height: number): Promise<StoredContent> {
  const small = await materializeJpeg({
    width: 16, height: 16, color: 'rgb', subsampling: '4:2:0', progressive: false, quality: 80,
    restart: null, exif: false, content: 'smooth', seed: 7,
  });
  const bytes = Uint8Array.from(small.bytes);
  for (let i = 2; i + 8 < bytes.length; i++) {
    if (bytes[i] === 0xff && (bytes[i + 1] === 0xc0 || bytes[i + 1] === 0xc2)) {
      bytes[i + 5] = height >> 8; bytes[i + 6] = height & 0xff;
      bytes[i + 7] = width >> 8; bytes[i + 8] = width & 0xff;
      return { kind: 'bytes', description: `a 16x16 JPEG of ${bytes.length} bytes whose header claims ${width}x${height}`, width: 64, height: 64, bytes, exact: true };
    }
  }
  throw new Error('kit error: no SOF marker in the generated JPEG');
}

/** An array of any dtype and numpy shape; its pixels as a conformant RGB read gives them. */
export function arrayOf(dtype: string, shape: number[]): StoredContent {
  if (!(dtype in DTYPE_ITEMSIZE)) throw new Error(`scenario error: unknown dtype "${dtype}"`);
  const height = shape.length >= 2 ? shape[0]! : 1;
  const width = shape.length >= 2 ? shape[1]! : shape[0] ?? 1;
  const channels = shape.length === 2 ? 1 : shape.length === 3 ? shape[2]! : 0;
  const supportedShape = channels === 1 || channels === 3;
  const recipe: ArrayRecipe = {
    class: dtype === 'uint8' && supportedShape ? (channels === 3 ? 'rgb' : shape.length === 2 ? 'gray2d' : 'gray3d') : 'unsupported',
    defect: dtype !== 'uint8' ? 'non-uint8' : supportedShape ? null : 'four-d',
    dtype: dtype as Dtype, shape, width, height, seed: nextSeed(),
  };
  const array = materializeArray(recipe);
  const expected = castExpectation(array);
  return { kind: 'array', description: describeArray(recipe), width, height, array, ...(expected ? { expected } : {}), exact: true };
}

/**
 * What the "cast" reading of RD-ARR-04 expects of an array of a supported shape (gray or RGB)
 * and any dtype: numpy's astype(uint8), gray expanded to three channels. None for other shapes.
 */
export function castExpectation(array: NdArray): NdArray | undefined {
  const { shape } = array;
  const gray = shape.length === 2 || (shape.length === 3 && shape[2] === 1);
  if (!gray && !(shape.length === 3 && shape[2] === 3)) return undefined;
  const cast = castToUint8(array);
  return gray ? grayToRgb(cast) : cast;
}

export function fromArrayRecipe(recipe: ArrayRecipe): StoredContent {
  const array = materializeArray(recipe);
  const expected = recipe.class === 'rgb' ? array : recipe.class === 'unsupported' ? undefined : grayToRgb(array);
  return { kind: 'array', description: describeArray(recipe), width: recipe.width, height: recipe.height, array, ...(expected ? { expected } : {}), exact: true };
}
