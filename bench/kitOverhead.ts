/**
 * (a) The kit's overhead: the full default reader suite under cucumber against the in-process
 * reference, versus a plain loop making the same adapter calls (every write, clear and read the
 * suite made, in order, with the same inputs) against a fresh reference and comparing each read
 * with what the suite got. The loop gets its inputs and expected results from the recording;
 * the suite generates them (fast-check, sharp encodes) and computes expectations (sharp decodes):
 * that work is part of what the ratio measures as the kit's.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReferenceTarget } from '../implementations/reference-sdk/binding.ts';
import { callLog, digestOf } from './callLog.ts';
import { runReaderSuite } from './cucumberInProcess.ts';
import { nowMs } from './timing.ts';

export interface KitOverhead {
  scenarios: number;
  calls: number;
  cucumberMs: number;
  /** Of cucumberMs, the time spent inside adapter calls. */
  adapterMsUnderCucumber: number;
  loopMs: number;
  ratio: number;
  mismatches: number;
}

export async function kitOverheadBench(seed: number): Promise<KitOverhead> {
  // First run: warms everything up (module loading, JIT, sharp) and records the calls.
  callLog.recording = true;
  callLog.calls = [];
  const recorded = await runReaderSuite({ seed, numRuns: 50 });
  callLog.recording = false;
  if (!recorded.success) throw new Error('the reader suite did not pass against the reference');
  const calls = callLog.calls;
  callLog.calls = [];

  callLog.adapterMs = 0;
  callLog.callCount = 0;
  const timed = await runReaderSuite({ seed, numRuns: 50 });
  const adapterMsUnderCucumber = callLog.adapterMs;

  const root = mkdtempSync(join(tmpdir(), 'pv-bench-loop-'));
  const shmDir = join(root, 'shm');
  mkdirSync(shmDir);
  const adapter = await createReferenceTarget({ shmDir, scratchDir: root, requestTimeoutMs: 60_000 });
  let mismatches = 0;
  const t0 = nowMs();
  try {
    for (const c of calls) {
      switch (c.op) {
        case 'writeBytes': await adapter.writeBytes(c.id, c.bytes, c.opts); break;
        case 'writeArray': await adapter.writeArray(c.id, c.array, c.opts); break;
        case 'clear': await adapter.clear(c.id); break;
        case 'read': {
          const got = digestOf(await adapter.read(c.id, c.meta, c.opts));
          if (got !== c.digest) mismatches++;
          break;
        }
      }
    }
  } finally {
    await adapter.close();
    rmSync(root, { recursive: true, force: true });
  }
  const loopMs = nowMs() - t0;
  return {
    scenarios: timed.scenarios.length, calls: calls.length, cucumberMs: timed.ms, adapterMsUnderCucumber,
    loopMs, ratio: timed.ms / loopMs, mismatches,
  };
}
