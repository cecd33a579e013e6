import { runTool } from './externalTool.ts';

/*
 * sharp (libvips) cannot emit restart markers, so they are added afterwards with libjpeg-turbo's
 * jpegtran, which rewrites the entropy-coded data losslessly: the pixels a decoder gets do not
 * change. Debian package: libjpeg-turbo-progs (CI must install it).
 */
const JPEGTRAN = process.env.PV_CONFORM_JPEGTRAN ?? 'jpegtran';

/** Runs jpegtran with `args`, feeding `input` on stdin; resolves with stdout. */
export function runJpegtran(args: string[], input: Uint8Array): Promise<Uint8Array> {
  return runTool(JPEGTRAN, args, input, 'libjpeg-turbo-progs', 'restart-marker JPEGs');
}

/**
 * Adds restart markers every `every` MCU rows (or MCUs). jpegtran writes sequential output unless
 * told otherwise, so a progressive input must ask for progressive output to stay progressive.
 */
export function addRestartMarkers(
  jpeg: Uint8Array,
  every: number,
  unit: 'mcu-rows' | 'mcus',
  progressive: boolean,
): Promise<Uint8Array> {
  const args = ['-copy', 'all', '-restart', unit === 'mcus' ? `${every}B` : String(every)];
  if (progressive) args.push('-progressive');
  return runJpegtran(args, jpeg);
}
