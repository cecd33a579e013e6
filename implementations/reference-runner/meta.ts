/** image_meta: the minimal set of spec v1 3.4.1 plus color_space, as the seed allows. */
import type { CameraFrame } from '../../adapter/runner/types.ts';
import type { EncodedImage } from './encode.ts';

export type MetaBuilder = (image: EncodedImage, frame: CameraFrame, capturedAtMs: number) => Record<string, unknown>;

export const minimalMeta: MetaBuilder = (image, frame, capturedAtMs) => ({
  width: image.width,
  height: image.height,
  timestamp_ms: Math.trunc(capturedAtMs),
  camera_id: frame.cameraId,
  color_space: 'RGB',
});

/** Broken on purpose: sizes the reader cannot use. */
export const zeroSizeMeta: MetaBuilder = (image, frame, capturedAtMs) => ({
  ...minimalMeta(image, frame, capturedAtMs),
  width: 0,
  height: 0,
});
