/**
 * The uniform shape of what every registry generator materializes, so that one generic step
 * ("for any frame from generator X") can store, read and judge any of them.
 */
import type { ArrayLayout, NdArray } from '../adapter/types.ts';
import type { ArrayClass, UnsupportedArrayDefect } from './arrays.ts';
import type { Decodability } from './corruption.ts';
import type { ColorSpaceVariant, MetaGroup, MetaKind } from './metas.ts';
import type { IdKind } from './ids.ts';
import type { OtherEncoding } from './otherEncodings.ts';

/** Bytes to store with writeBytes and read with a meta of width x height. */
export interface EncodedSample {
  kind: 'encoded';
  format: 'jpeg' | OtherEncoding;
  bytes: Uint8Array;
  width: number;
  height: number;
  /** 'decodable' for intact files; corrupt ones say how sure the kit is that nothing decodes. */
  expectation: 'decodable' | Decodability;
  /** Rule 10: a reader may refuse it (non-JPEG, CMYK JPEG) and answer with the zero fallback. */
  mayBeRefused: boolean;
  /** What was encoded, when meaningful; see materializeJpeg / materializeOtherEncoding. */
  source?: NdArray;
  /** The faithful 8-bit RGB decode, when the generator derives it (PNG and BMP modes); else the kit decodes. */
  expected?: NdArray;
  /** Other faithful decodes of it (alpha composited on black or white). */
  alternatives?: NdArray[];
  /** For a tampered SOF: the size the file now declares. */
  declaredWidth?: number;
  declaredHeight?: number;
  detail?: string;
}

/** An array to store with writeArray and read with a meta of width x height. */
export interface ArraySample {
  kind: 'array';
  array: NdArray;
  class: ArrayClass;
  defect: UnsupportedArrayDefect | null;
  width: number;
  height: number;
  /** How the write holds the array (generators/arrayLayouts.ts); absent: dense, C order, little-endian. */
  layout?: ArrayLayout;
}

/** An image_meta to pass to read, with its label. */
export interface MetaSample {
  kind: 'meta';
  meta: unknown;
  label: MetaKind | `color-space-${string}`;
  group: MetaGroup;
  /** Set for color_space variants. */
  colorSpace?: ColorSpaceVariant;
}

export interface IdSample {
  kind: 'id';
  id: string;
  label: IdKind;
}

export interface IdPairSample {
  kind: 'id-pair';
  a: string;
  b: string;
  /** The file-name stem both ids share under safeId. */
  safe: string;
}

/** One whole read: an id, what (if anything) is stored under it, and the meta it is read with. */
export interface ReadCaseSample {
  kind: 'read-case';
  id: string;
  content: EncodedSample | ArraySample | null;
  meta: unknown;
}

export type GeneratedSample = EncodedSample | ArraySample | MetaSample | IdSample | IdPairSample | ReadCaseSample;
