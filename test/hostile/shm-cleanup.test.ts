/**
 * A writer session removes, over posix, only the /dev/shm segments it can prove its Runner made:
 * a Runner that names an object which was there before the run (another program's, a user's)
 * must not get the kit to delete it; a segment the Runner made and left is still removed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WriterSession } from '../../steps/writer/session.ts';
import { framesFor } from '../../steps/writer/frames.ts';
import { mutants } from '../../implementations/reference-runner/mutants.ts';
import { fileBackedStore, type StoreFactory } from '../../implementations/reference-runner/segment-store.ts';
import type { IdSource } from '../../implementations/reference-runner/ids.ts';
import { POSIX_SHM_ROOT } from '../../kit/transports/segment-inspector.ts';

/** A Runner whose calls name `id`; `touch`: whether it writes and frees that segment itself. */
function registerRunner(name: string, id: string, touch: { write: boolean; remove: boolean }): () => void {
  const ids: IdSource = (roles) => roles.map(() => id);
  const store: StoreFactory = async (transport, shmDir) => {
    const real = await fileBackedStore(transport, shmDir);
    return {
      write: async (i, bytes) => { if (touch.write) await real.write(i, bytes); },
      remove: async (i) => { if (touch.remove) await real.remove(i); },
    };
  };
  mutants[name] = { ids, store };
  return () => { delete mutants[name]; };
}

async function oneStep(runner: string): Promise<WriterSession> {
  const scratch = mkdtempSync(join(tmpdir(), 'pv-shm-cleanup-test-'));
  const s = await WriterSession.open({ runner, generation: 'v1', transport: 'posix', executeTimeoutMs: 2000, scratchRoot: scratch });
  try {
    const r = await s.step(framesFor('v1', 16, 8), { reply: 'ok', delayMs: 0 });
    assert.equal(r.calls.length, 1, 'the call reached the probe');
  } finally {
    await s.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return s;
}

test('a Runner naming an existing /dev/shm object in a call does not get it deleted', async () => {
  const suffix = randomBytes(6).toString('hex');
  const victim = `pv-test-victim-${suffix}`;
  const path = join(POSIX_SHM_ROOT, victim);
  writeFileSync(path, 'not the kit\'s');
  const unregister = registerRunner(`names-victim-${suffix}`, victim, { write: false, remove: false });
  try {
    const s = await oneStep(`mutant:names-victim-${suffix}`);
    assert.ok(s.records[0]!.calls[0]!.images.some((i) => i.id === victim), 'the call named the victim');
    assert.ok(existsSync(path), `${path} was deleted by the kit`);
    assert.equal(readFileSync(path, 'utf8'), 'not the kit\'s');
  } finally {
    unregister();
    rmSync(path, { force: true });
  }
});

test('a segment the Runner made during the session and left behind is still removed', async () => {
  const suffix = randomBytes(6).toString('hex');
  const leaked = `pv-test-leaked-${suffix}`;
  const path = join(POSIX_SHM_ROOT, leaked);
  const unregister = registerRunner(`leaks-${suffix}`, leaked, { write: true, remove: false });
  try {
    const s = await oneStep(`mutant:leaks-${suffix}`);
    assert.ok(s.records[0]!.calls[0]!.images[0]!.segment.exists, 'the probe saw the segment the Runner wrote');
    assert.ok(!existsSync(path), `${path} was left in /dev/shm`);
  } finally {
    unregister();
    rmSync(path, { force: true });
  }
});
