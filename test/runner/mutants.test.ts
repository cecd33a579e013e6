/**
 * Every broken variant of the reference Runner fails the clause it breaks, over the whole writer
 * suite, and only clauses its defect can explain.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeScratch, runWriter } from './cucumber-run.ts';
import { filesUnder, liveChildren, processesMentioning, referenceSegmentsInDevShm } from './hygiene.ts';

const expectations: Record<string, { fails: string[]; mayAlsoFail: string[] }> = {
  'no-cleanup-on-error': { fails: ['@WR-CLEAN-02', '@WR-LEAK-01'], mayAlsoFail: [] },
  // Freed 40 ms after the call: a slow machine may see it gone on arrival already.
  'cleanup-before-answer': { fails: ['@WR-CLEAN-04'], mayAlsoFail: ['@WR-WRITE-01', '@WR-JPEG-01', '@WR-META-01', '@WR-PIXEL-01'] },
  'zero-size-meta': { fails: ['@WR-META-01'], mayAlsoFail: ['@WR-PIXEL-01', '@WR-JPEG-01'] },
  'png-not-jpeg': { fails: ['@WR-JPEG-01'], mayAlsoFail: ['@WR-META-01', '@WR-PIXEL-01'] },
  // Guide overwrites cur, so cur's pixels are wrong as well.
  'same-id-cur-guide': { fails: ['@WR-ID-01'], mayAlsoFail: ['@WR-PIXEL-01', '@WR-META-01', '@WR-JPEG-01'] },
};

for (const [mutant, { fails, mayAlsoFail }] of Object.entries(expectations)) {
  test(`mutant:${mutant} fails ${fails.join(', ')}`, async () => {
    const shmBefore = referenceSegmentsInDevShm();
    const run = await runWriter(`mutant:${mutant}`);
    try {
      const errored = run.scenarios.filter((s) => s.status !== 'PASSED' && s.status !== 'FAILED');
      assert.deepEqual(errored.map((s) => `${s.status} ${s.name}: ${s.message}`), [], 'scenarios neither passed nor failed');
      for (const tag of fails) assert.ok(run.failingTags.has(tag), `${tag} did not fail against mutant:${mutant}`);
      const unexplained = [...run.failingTags].filter((t) => !fails.includes(t) && !mayAlsoFail.includes(t));
      assert.deepEqual(unexplained, [], `mutant:${mutant} failed clauses its defect does not explain`);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(referenceSegmentsInDevShm().filter((n) => !shmBefore.includes(n)), [], 'segments left in /dev/shm');
      assert.deepEqual(filesUnder(run.scratchDir), [], 'files left in the scratch directory');
      assert.deepEqual(processesMentioning(run.scratchDir), [], 'processes left running');
      assert.deepEqual(liveChildren(), [], 'child processes left');
    } finally {
      removeScratch(run);
    }
  });
}
