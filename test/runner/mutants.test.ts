/**
 * Every broken variant of the reference Runner fails the clause it breaks, over the whole writer
 * suite, and only clauses its defect can explain; and leaves no segment, file or process behind,
 * although the Runner itself did not clean up. Two of the four (generation, transport) variants,
 * which between them hold both generations and both transports: the kill matrix runs each writer
 * mutant only on its own clauses plus one witness, so this is where a defect's blame on the rest
 * of the suite shows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { removeScratch, runWriter } from './cucumber-run.ts';
import { filesUnder, liveChildren, processesMentioning, referenceSegmentsInDevShm, untilNoneLeft } from './hygiene.ts';

/** `fails`: clauses that must be blamed; `mayAlsoFail`: clauses the same defect can explain. */
const expectations: Record<string, { fails: string[]; mayAlsoFail: string[] }> = {
  'no-cleanup-on-error': { fails: ['WR-CLEAN-02', 'WR-LEAK-01'], mayAlsoFail: [] },
  // Freed once the probe has noted the call: never before it looked, however loaded the machine.
  'cleanup-before-answer': { fails: ['WR-CLEAN-04'], mayAlsoFail: [] },
  'zero-size-meta': { fails: ['WR-META-01'], mayAlsoFail: [] },
  'png-not-jpeg': { fails: ['WR-JPEG-01'], mayAlsoFail: [] },
  // Guide overwrites cur: cur's pixels, and its size when the two differ, are wrong as well.
  'same-id-cur-guide': { fails: ['WR-ID-01'], mayAlsoFail: ['WR-PIXEL-01', 'WR-META-01'] },
};

for (const [mutant, { fails, mayAlsoFail }] of Object.entries(expectations)) {
  test(`mutant:${mutant} fails ${fails.join(', ')}`, async () => {
    // Blame is what is judged here; shrinking a failing property (each step a replay) is not.
    const run = await runWriter(`mutant:${mutant}`, { name: '\\((v2, fs|v1, posix)\\)$', params: { shrink: false } });
    try {
      // Skipped is allowed: a segment freed before the probe looked leaves later clauses not judged.
      const errored = run.scenarios.filter((s) => !['PASSED', 'FAILED', 'SKIPPED'].includes(s.status));
      assert.deepEqual(errored.map((s) => `${s.status} ${s.name}: ${s.message}`), [], 'scenarios that errored');
      const unblamed = run.scenarios.filter((s) => s.status === 'FAILED' && !s.blamed);
      assert.deepEqual(unblamed.map((s) => `${s.name}: ${s.message}`), [], 'failures that name no clause');
      for (const clause of fails) {
        assert.ok(run.blamed.has(clause), `${clause} was not failed against mutant:${mutant}`);
        assert.ok(run.scenarios.some((s) => s.blamed === clause && s.tags.includes(`@${clause}`)), `no scenario tagged @${clause} failed on it`);
      }
      const unexplained = [...run.blamed].filter((t) => !fails.includes(t) && !mayAlsoFail.includes(t));
      assert.deepEqual(unexplained, [], `mutant:${mutant} failed clauses its defect does not explain`);
      assert.deepEqual(await untilNoneLeft(() => referenceSegmentsInDevShm()), [], 'segments left in /dev/shm');
      assert.deepEqual(await untilNoneLeft(() => filesUnder(run.scratchDir)), [], 'files left in the scratch directory');
      assert.deepEqual(await untilNoneLeft(() => processesMentioning(run.scratchDir)), [], 'processes left running');
      assert.deepEqual(await untilNoneLeft(() => liveChildren()), [], 'child processes left');
    } finally {
      removeScratch(run);
    }
  });
}
