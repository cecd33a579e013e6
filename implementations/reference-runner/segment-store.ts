/**
 * Where the Runner puts segments. Writes are atomic (temporary file, then rename) so an
 * algorithm never sees half a segment; removal tolerates a segment that is already gone.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { SegmentTransport } from '../../adapter/runner/types.ts';
import { safeId } from '../../kit/transports/safe-id.ts';
import { POSIX_SHM_ROOT } from '../../kit/transports/segment-inspector.ts';

export interface SegmentStore {
  write(id: string, bytes: Uint8Array): Promise<void>;
  remove(id: string): Promise<void>;
}

export type StoreFactory = (transport: SegmentTransport, shmDir: string) => Promise<SegmentStore>;

function pathFor(transport: SegmentTransport, shmDir: string, id: string): string {
  if (transport === 'fs') return join(shmDir, `${safeId(id)}.bin`);
  const name = id.replace(/^\//, '');
  if (!name || name.includes('/')) throw new Error(`"${id}" cannot name a POSIX shared memory object`);
  return join(POSIX_SHM_ROOT, name);
}

export const fileBackedStore: StoreFactory = async (transport, shmDir) => {
  if (transport === 'fs') await mkdir(shmDir, { recursive: true });
  return {
    async write(id, bytes) {
      const path = pathFor(transport, shmDir, id);
      const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, bytes, { mode: 0o600 });
      await rename(tmp, path);
    },
    async remove(id) {
      await rm(pathFor(transport, shmDir, id), { force: true });
    },
  };
};
