/**
 * `npm run bench -- --soak`: 10,000 reads against the in-process reference, cycling through the
 * kinds of read a run makes (JPEG and array segments in memory and on the fs transport, a
 * missing segment, an invalid meta), with the peak RSS of the first and of the last thousand
 * reads. A leak shows as the last window's peak above the first's.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReferenceTarget } from '../implementations/reference-sdk/binding.ts';
import { cameraFrame, jpegOf } from './frames.ts';
import { nowMs } from './timing.ts';

export interface SoakResult {
  reads: number;
  ms: number;
  /** Peak RSS over the first and over the last 1,000 reads, in bytes. */
  startPeakRss: number;
  endPeakRss: number;
  growth: number;
  flat: boolean;
}

export async function soakBench(reads = 10_000): Promise<SoakResult> {
  const root = mkdtempSync(join(tmpdir(), 'pv-bench-soak-'));
  const shmDir = join(root, 'shm');
  mkdirSync(shmDir);
  const adapter = await createReferenceTarget({ shmDir, scratchDir: root, requestTimeoutMs: 60_000 });
  try {
    const frame = cameraFrame(640, 480, 5);
    const jpeg = await jpegOf(frame);
    await adapter.writeBytes('jpeg-mem', jpeg, { transport: 'inproc' });
    await adapter.writeBytes('jpeg-fs', jpeg, { transport: 'fs' });
    await adapter.writeArray('array-mem', frame, { transport: 'inproc' });
    await adapter.writeArray('array-fs', frame, { transport: 'fs' });
    const meta = { width: 640, height: 480, timestamp_ms: 1714032000123, camera_id: 'cam-01' };
    const cases: [string, unknown][] = [['jpeg-mem', meta], ['jpeg-fs', meta], ['array-mem', meta], ['array-fs', meta], ['never-written', meta], ['jpeg-mem', { width: 0, height: 480 }]];
    const window = Math.min(1000, Math.floor(reads / 2));
    let startPeak = 0;
    let endPeak = 0;
    const t0 = nowMs();
    for (let i = 0; i < reads; i++) {
      const [id, m] = cases[i % cases.length]!;
      const out = await adapter.read(id, m);
      if (out.status !== 'ok') throw new Error(`read ${i} of ${id}: ${out.status}`);
      if (i % 10 === 0) {
        const rss = process.memoryUsage.rss();
        if (i < window) startPeak = Math.max(startPeak, rss);
        if (i >= reads - window) endPeak = Math.max(endPeak, rss);
      }
    }
    const ms = nowMs() - t0;
    // Flat: within 10 % plus 32 MB of noise (GC timing decides where in a window RSS peaks).
    return { reads, ms, startPeakRss: startPeak, endPeakRss: endPeak, growth: endPeak / startPeak, flat: endPeak <= startPeak * 1.1 + 32 * 2 ** 20 };
  } finally {
    await adapter.close();
    rmSync(root, { recursive: true, force: true });
  }
}
