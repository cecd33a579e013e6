/** The kit's generators: recipes (fast-check arbitraries), their materializers, and the registry. */
export * from './pixels.ts';
export * from './imageSide.ts';
export * from './jpegRecipe.ts';
export * from './largeJpegRecipe.ts';
export * from './materializeJpeg.ts';
export * from './jpegMarkers.ts';
export * from './jpegtran.ts';
export * from './corruption.ts';
export * from './otherEncodings.ts';
export * from './bmp.ts';
export * from './arrays.ts';
export * from './metas.ts';
export * from './ids.ts';
export * from './samples.ts';
export * from './registry.ts';
