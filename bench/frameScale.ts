/**
 * (d) Time and peak memory of reads of 1920x1200, 4K and 8K frames through the reference read
 * path, JPEG and stored array, each size in a fresh process. The cost must grow no faster than
 * the pixel count: time per pixel relative to 1920x1200 should stay near 1 (or fall). A stored
 * array's read is one copy into a fresh array, so next to it stands a bare copy of the frame into
 * an existing buffer: a 1920x1200 frame (7 MB) fits a 32 MB L3 cache with its copy, an 8K one
 * (100 MB) does not, so on most machines even a bare copy costs more per pixel as frames grow.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../kit/paths.ts';
import { cameraFrame, jpegOf, SIZES } from './frames.ts';

export interface ScaleRow {
  size: string;
  pixels: number;
  jpegBytes: number;
  jpegMs: number;
  arrayMs: number;
  /** Time per pixel relative to the first (smallest) size. */
  jpegPerPixel: number;
  arrayPerPixel: number;
  /** One frame copied into an existing buffer: the machine's own cost growth (caches, memory bandwidth). */
  copyMs: number;
  copyPerPixel: number;
  peakRssMb: number;
  /** Peak RSS during the reads above what the process held before them, in frames (W x H x 3). */
  readPeakFrames: number;
}

export async function frameScaleBench(runsFor = (pixels: number) => (pixels > 20e6 ? 7 : pixels > 5e6 ? 15 : 30)): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const [size, { width, height }] of Object.entries(SIZES)) {
    const dir = mkdtempSync(join(tmpdir(), 'pv-bench-scale-'));
    try {
      const frame = cameraFrame(width, height, 3);
      writeFileSync(join(dir, 'frame.raw'), frame.data);
      writeFileSync(join(dir, 'frame.jpg'), await jpegOf(frame));
      const pixels = width * height;
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(kitRoot, 'bench/frameScaleWorker.ts'), dir, String(width), String(height), String(runsFor(pixels))], {
        cwd: kitRoot, encoding: 'utf8', maxBuffer: 1 << 20,
      });
      const r = JSON.parse(out.trim().split('\n').pop()!) as { jpegBytes: number; jpegMs: number; arrayMs: number; copyMs: number; rssBefore: number; peakRss: number };
      const first = rows[0];
      rows.push({
        size, pixels, jpegBytes: r.jpegBytes, jpegMs: r.jpegMs, arrayMs: r.arrayMs,
        jpegPerPixel: first ? (r.jpegMs / pixels) / (first.jpegMs / first.pixels) : 1,
        arrayPerPixel: first ? (r.arrayMs / pixels) / (first.arrayMs / first.pixels) : 1,
        copyMs: r.copyMs,
        copyPerPixel: first ? (r.copyMs / pixels) / (first.copyMs / first.pixels) : 1,
        peakRssMb: r.peakRss / 2 ** 20,
        readPeakFrames: (r.peakRss - r.rssBefore) / (pixels * 3),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
