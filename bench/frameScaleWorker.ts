/**
 * One frame size through the reference read path (the in-process binding the kit drives),
 * in a process of its own so that its peak RSS belongs to this size alone.
 *   node --import tsx bench/frameScaleWorker.ts <dir with frame.jpg and frame.raw> <width> <height> <runs>
 * Prints one JSON line: median read times and RSS before and at the peak of the reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createReferenceTarget } from '../implementations/reference-sdk/binding.ts';
import { median, nowMs } from './timing.ts';

// The cost of a decode, not of libvips' operation cache answering the same request again.
sharp.cache(false);

const [dir, w, h, n] = process.argv.slice(2);
const width = Number(w);
const height = Number(h);
const runs = Number(n);
const jpeg = new Uint8Array(readFileSync(join(dir!, 'frame.jpg')));
const raw = new Uint8Array(readFileSync(join(dir!, 'frame.raw')));
const adapter = await createReferenceTarget({ shmDir: join(dir!, 'shm'), scratchDir: dir!, requestTimeoutMs: 600_000 });
await adapter.writeBytes('jpeg', jpeg, { transport: 'inproc' });
await adapter.writeArray('array', { dtype: 'uint8', shape: [height, width, 3], data: raw }, { transport: 'inproc' });
const meta = { width, height, timestamp_ms: 1714032000123, camera_id: 'cam-01' };

let peak = 0;
const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
const timer = setInterval(sample, 5);

async function timeReads(id: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = nowMs();
    const out = await adapter.read(id, meta);
    const ms = nowMs() - t0;
    sample();
    if (out.status !== 'ok' || out.value.kind !== 'image' || out.value.image.shape[1] !== width) throw new Error(`${id} read failed at ${width}x${height}`);
    if (i > 0) times.push(ms);
  }
  return median(times);
}

globalThis.gc?.();
const rssBefore = process.memoryUsage.rss();
peak = rssBefore;
const jpegMs = await timeReads('jpeg');
const arrayMs = await timeReads('array');
clearInterval(timer);
const maxRssKb = process.resourceUsage().maxRSS;

/** The hardware's own scaling: one frame copied into a buffer that already exists. */
function bareCopyMs(): number {
  const dst = new Uint8Array(raw.length);
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = nowMs();
    dst.set(raw);
    if (i > 0) times.push(nowMs() - t0);
  }
  return median(times);
}
const copyMs = bareCopyMs();
console.log(JSON.stringify({ width, height, jpegBytes: jpeg.length, jpegMs, arrayMs, copyMs, rssBefore, peakRss: Math.max(peak, maxRssKb * 1024) }));
await adapter.close();
