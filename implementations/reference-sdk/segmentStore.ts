/**
 * Where segments live: the in-process dictionary (the seed's `_DEV_SHM`) in front of the fs
 * directory. One id has content in at most one layer, so a write or clear never leaves a
 * stale copy that a read could find first (RD-CLEAN-01/02).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsSegmentDirectory } from './fsSegments.ts';
import { cloneHeld, isHeld, isWellFormedHeld } from './heldArray.ts';
import { cloneNdArray, isWellFormed } from './ndArray.ts';
import type { SdkTransport, StoredSegment } from './storedSegment.ts';

export interface SegmentStore {
  readonly inproc: Map<string, StoredSegment>;
  readonly fs: FsSegmentDirectory;
  put(id: string, segment: StoredSegment, transport: SdkTransport): void;
  clear(id: string): void;
}

/** The fs directory: explicit option, then PROC_SHM_DIR, then the kit's default (as the probe's, docs/probe.md). */
export function resolveShmDir(explicit?: string): string {
  // coverage exception: the default for users of the SDK outside the kit, which always gives PROC_SHM_DIR
  return explicit ?? process.env.PROC_SHM_DIR ?? join(tmpdir(), 'procvision_dev_shm');
}

export function createSegmentStore(shmDir: string): SegmentStore {
  const inproc = new Map<string, StoredSegment>();
  const fs = new FsSegmentDirectory(shmDir);
  return {
    inproc,
    fs,
    put(id, segment, transport) {
      // Copy at write time: the caller keeps ownership of what it passed in.
      const copy = copySegment(segment);
      if (transport === 'inproc') {
        fs.remove(id);
        inproc.set(id, copy);
      } else if (transport === 'fs') {
        inproc.delete(id);
        fs.write(id, copy);
      } else { // coverage exception: a guard against a mistake of the kit's: the binding refuses other transports before put
        throw new TypeError(`unknown transport: ${String(transport)}`);
      }
    },
    clear(id) {
      inproc.delete(id);
      fs.remove(id);
    },
  };
}

function copySegment(segment: StoredSegment): StoredSegment {
  if (segment.kind === 'bytes') {
    // coverage exception: a guard for direct JavaScript callers of the SDK: the kit's writes always carry Uint8Array bytes
    if (!(segment.bytes instanceof Uint8Array)) throw new TypeError('segment bytes must be a Uint8Array');
    return { kind: 'bytes', bytes: new Uint8Array(segment.bytes) };
  }
  const { array } = segment;
  if (isHeld(array)) {
    // coverage exception: a guard for direct JavaScript callers of the SDK: every held array comes from holdArray, well-formed
    if (!isWellFormedHeld(array)) throw new TypeError('segment array: its strides address bytes outside its data');
    return { kind: 'array', array: cloneHeld(array) };
  }
  // coverage exception: a guard for direct JavaScript callers of the SDK: the adapter protocol and the in-process binding carry only well-formed arrays
  if (!isWellFormed(array)) throw new TypeError('segment array: data length does not match dtype and shape');
  return { kind: 'array', array: cloneNdArray(array) };
}
