/**
 * Looks at segments from outside the Runner, the way an algorithm process would find them.
 * Reads are synchronous on purpose: the probe must capture a segment in the same tick the call
 * arrives, before anything else can run.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { safeId } from './safe-id.ts';

export type InspectedTransport = 'fs' | 'posix';

export interface SegmentInspector {
  readonly transport: InspectedTransport;
  /** Where the segment for `id` lives, or undefined when `id` cannot name one. */
  locate(id: string): string | undefined;
  /** The segment's bytes now, or undefined when there is no segment. */
  read(id: string): Buffer | undefined;
  exists(id: string): boolean;
  /**
   * Every segment-like entry the transport holds that the kit may blame on the Runner under
   * test: all of PROC_SHM_DIR for fs (a kit-owned directory), nothing for posix (/dev/shm is
   * shared with the whole machine, so posix leaks are judged by id).
   */
  listOwned(): string[];
}

export const POSIX_SHM_ROOT = '/dev/shm';

export function defaultShmDir(): string {
  return process.env.PROC_SHM_DIR || join(tmpdir(), 'procvision_dev_shm');
}

function readIfThere(path: string | undefined): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** PROC_SHM_DIR layout: encoded bytes in `<safe id>.bin`. */
export function fsInspector(shmDir: string): SegmentInspector {
  const locate = (id: string) => join(shmDir, `${safeId(id)}.bin`);
  return {
    transport: 'fs',
    locate,
    read: (id) => readIfThere(locate(id)),
    exists: (id) => existsSync(locate(id)),
    listOwned: () => {
      try {
        return readdirSync(shmDir).map((f) => join(shmDir, f));
      } catch {
        return [];
      }
    },
  };
}

/**
 * POSIX shared memory objects: shm_open("/<name>") is /dev/shm/<name> on Linux. The segment
 * id is the object name, with the leading "/" optional; a name with another "/" is invalid.
 */
export function posixInspector(root = POSIX_SHM_ROOT): SegmentInspector {
  const locate = (id: string) => {
    const name = id.startsWith('/') ? id.slice(1) : id;
    if (!name || name.includes('/') || name === '.' || name === '..') return undefined;
    return join(root, name);
  };
  return {
    transport: 'posix',
    locate,
    read: (id) => readIfThere(locate(id)),
    exists: (id) => {
      const p = locate(id);
      return !!p && existsSync(p);
    },
    listOwned: () => [],
  };
}

export function inspectorFor(transport: InspectedTransport, shmDir: string): SegmentInspector {
  return transport === 'fs' ? fsInspector(shmDir) : posixInspector();
}
