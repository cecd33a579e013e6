/** Turns a camera frame (raw pixels in a file) into the bytes a segment holds. */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { CameraFrame } from '../../adapter/runner/types.ts';

sharp.cache(false);

export interface EncodedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

export type Encoder = (frame: CameraFrame) => Promise<EncodedImage>;

async function rawInput(frame: CameraFrame) {
  const pixels = await readFile(frame.pixelsFile);
  const expected = frame.width * frame.height * frame.channels;
  if (pixels.length !== expected) {
    throw new Error(`${frame.pixelsFile}: ${pixels.length} bytes, expected ${frame.width}x${frame.height}x${frame.channels} = ${expected}`);
  }
  return sharp(pixels, { raw: { width: frame.width, height: frame.height, channels: frame.channels } });
}

/** JPEG-only (spec v1 3.4.2); 4:4:4 and high quality keep the decoded pixels close to the frame. */
export const encodeJpeg: Encoder = async (frame) => {
  const { data, info } = await (await rawInput(frame)).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
};

export const encodePng: Encoder = async (frame) => {
  const { data, info } = await (await rawInput(frame)).png().toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
};
