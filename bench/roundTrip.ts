/**
 * (b) What the subprocess protocol costs on top of the implementation, for 1920x1200 frames:
 * - JPEG reads: round trip / the implementation's own read time (implMicros, measured by the
 *   adapter around the SDK call); goal <= 1.3;
 * - array reads: round trip / one in-memory copy of the frame (a fresh 6.9 MB array, which is
 *   the least any read returning a new array must cost); goal <= 10.
 * Through the Python shim with the fixture SDK, and through serve-reference.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSubprocessTarget } from '../adapter/subprocess/client.ts';
import type { NdArray, ReaderAdapter } from '../adapter/types.ts';
import { kitRoot } from '../kit/paths.ts';
import { cameraFrame, jpegOf } from './frames.ts';
import { median, nowMs } from './timing.ts';

export interface RoundTripRow {
  target: string;
  kind: 'jpeg' | 'array';
  roundTripMs: number;
  /**
   * CPU time per read of the kit and the adapter processes together: on a busy machine the
   * wall-clock round trip also counts waiting for a core, this does not.
   */
  cpuMs: number;
  implMs: number;
  /** The denominator of the goal: implMs for JPEG, one frame copy for arrays. */
  baseMs: number;
  ratio: number;
  goal: number;
}

export const TARGETS: Record<string, string> = {
  'python shim + fixture SDK': `/usr/bin/python3 ${join(kitRoot, 'adapters/python/pv_conform_shim.py')} --sdk-path ${join(kitRoot, 'implementations/python-fixture-sdk')}`,
  'serve-reference': `${process.execPath} ${join(kitRoot, 'bin/pv-conform.mjs')} serve-reference`,
};

/** Median time of one fresh copy of the frame (allocation included, as a read's result has one). */
export function frameCopyMs(frame: NdArray, runs = 30): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = nowMs();
    const copy = frame.data.slice();
    times.push(nowMs() - t0);
    if (copy[0] !== frame.data[0]) throw new Error('copy mismatch');
  }
  return median(times);
}

/** CPU milliseconds used so far by this process and its live children (Linux /proc). */
function cpuMsOfKitAndChildren(): number {
  const own = process.cpuUsage();
  let ms = (own.user + own.system) / 1000;
  const tick = 100; // USER_HZ: /proc/<pid>/stat counts clock ticks of 10 ms
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) !== process.pid) continue;
      ms += ((Number(f[11]) + Number(f[12])) * 1000) / tick;
    } catch {
      // exited while we looked
    }
  }
  return ms;
}

async function measure(adapter: ReaderAdapter, id: string, meta: unknown, runs: number): Promise<{ rt: number; impl: number; cpu: number }> {
  const rts: number[] = [];
  const impls: number[] = [];
  let cpu0 = 0;
  for (let i = 0; i < runs + 3; i++) {
    if (i === 3) cpu0 = cpuMsOfKitAndChildren();
    const t0 = nowMs();
    const out = await adapter.read(id, meta);
    const rt = nowMs() - t0;
    if (out.status !== 'ok' || out.value.kind !== 'image') throw new Error(`read failed: ${JSON.stringify(out).slice(0, 300)}`);
    if (i < 3) continue; // warm-up: caches, JIT, first page faults
    rts.push(rt);
    impls.push((out.implMicros ?? NaN) / 1000);
  }
  return { rt: median(rts), impl: median(impls), cpu: (cpuMsOfKitAndChildren() - cpu0) / runs };
}

export async function roundTripBench(runs = 30): Promise<RoundTripRow[]> {
  const frame = cameraFrame(1920, 1200, 7);
  const jpeg = await jpegOf(frame);
  const copyMs = frameCopyMs(frame);
  const meta = { width: 1920, height: 1200, timestamp_ms: 1714032000123, camera_id: 'cam-01' };
  const rows: RoundTripRow[] = [];
  for (const [name, command] of Object.entries(TARGETS)) {
    if (name.startsWith('python') && !existsSync('/usr/bin/python3')) continue;
    const root = mkdtempSync(join(tmpdir(), 'pv-bench-rt-'));
    const shmDir = join(root, 'shm');
    mkdirSync(shmDir);
    const adapter = await createSubprocessTarget(command)({ shmDir, scratchDir: root, requestTimeoutMs: 60_000 });
    try {
      const hello = await adapter.hello();
      const transport = hello.transports[0];
      const w1 = await adapter.writeBytes('bench-jpeg', jpeg, { transport });
      const w2 = await adapter.writeArray('bench-array', frame, { transport });
      if (w1.status !== 'ok' || w2.status !== 'ok') throw new Error(`${name}: writes failed`);
      const j = await measure(adapter, 'bench-jpeg', meta, runs);
      rows.push({ target: name, kind: 'jpeg', roundTripMs: j.rt, cpuMs: j.cpu, implMs: j.impl, baseMs: j.impl, ratio: j.rt / j.impl, goal: 1.3 });
      const a = await measure(adapter, 'bench-array', meta, runs);
      rows.push({ target: name, kind: 'array', roundTripMs: a.rt, cpuMs: a.cpu, implMs: a.impl, baseMs: copyMs, ratio: a.rt / copyMs, goal: 10 });
    } finally {
      await adapter.close();
      rmSync(root, { recursive: true, force: true });
    }
  }
  return rows;
}
