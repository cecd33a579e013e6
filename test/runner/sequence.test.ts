/**
 * A long generated sequence against the reference Runner: every outcome the probe can produce,
 * many times over, and afterwards no segment, file or process left. Prints the wall time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { WriterSession } from '../../steps/writer/session.ts';
import { behaviour } from '../../steps/writer/arbitraries.ts';
import { framesFor } from '../../steps/writer/frames.ts';
import { stepIds } from '../../steps/writer/checks.ts';
import { filesUnder, liveChildren, processesMentioning, referenceSegmentsInDevShm, untilNoneLeft } from './hygiene.ts';

const STEPS = Number(process.env.PV_SEQUENCE_STEPS ?? 200);

for (const [generation, transport] of [['v2', 'posix'], ['v1', 'fs']] as const) {
  test(`${STEPS} generated steps (${generation}, ${transport}) leave nothing behind`, async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'pv-sequence-test-'));
    const sequence = fc.sample(behaviour(), { seed: 2024, numRuns: STEPS });
    const counts: Record<string, number> = {};
    const t0 = performance.now();
    const s = await WriterSession.open({ runner: 'reference', generation, transport, executeTimeoutMs: 500, scratchRoot: scratch });
    try {
      for (const b of sequence) {
        const r = await s.step(framesFor(generation, 24, 16, s.records.length + 1), b);
        s.dropDumps(r);
        counts[b.reply] = (counts[b.reply] ?? 0) + 1;
        assert.deepEqual(await s.remainingAfter(stepIds(r), 1000), [], `step ${r.n} (${b.reply}) left segments`);
      }
    } finally {
      await s.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`# ${STEPS} steps ${generation}/${transport}: ${seconds.toFixed(1)} s wall (${JSON.stringify(counts)})`);
    assert.deepEqual(await untilNoneLeft(() => referenceSegmentsInDevShm()), []);
    assert.deepEqual(await untilNoneLeft(() => filesUnder(scratch)), []);
    assert.deepEqual(await untilNoneLeft(() => processesMentioning(scratch)), []);
    assert.deepEqual(await untilNoneLeft(() => liveChildren()), []);
    rmSync(scratch, { recursive: true, force: true });
  });
}
