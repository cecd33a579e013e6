import { spawn } from 'node:child_process';

/*
 * sharp (libvips) cannot emit restart markers, so they are added afterwards with libjpeg-turbo's
 * jpegtran, which rewrites the entropy-coded data losslessly: the pixels a decoder gets do not
 * change. Debian package: libjpeg-turbo-progs (CI must install it).
 */
const JPEGTRAN = process.env.PV_CONFORM_JPEGTRAN ?? 'jpegtran';

/** Runs jpegtran with `args`, feeding `input` on stdin; resolves with stdout. */
export function runJpegtran(args: string[], input: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(JPEGTRAN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'ENOENT'
          ? new Error(`${JPEGTRAN} not found: restart-marker JPEGs need it (Debian: apt-get install libjpeg-turbo-progs)`)
          : e,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve(new Uint8Array(Buffer.concat(out)));
      else reject(new Error(`jpegtran ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString().trim()}`));
    });
    // An early exit closes stdin under us; the exit code carries the real story.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
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
