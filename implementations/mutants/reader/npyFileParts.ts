/**
 * Mutants of the fs transport's files: `.npy` segment files other tools leave in the fs
 * directory (features/reader/npy-segment-files.feature), and the overflow slot of colliding ids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FsSegmentDirectory, idBytes, slotsFor } from '../../reference-sdk/fsSegments.ts';
import { decodeNpy } from '../../reference-sdk/npy.ts';
import type { SdkParts } from '../../reference-sdk/sdk.ts';

/** Only format 1.0 is read: a file numpy wrote as 2.0 or 3.0 is a missing segment. */
export const npyVersionOneOnly: Partial<SdkParts> = {
  lookup: (store, id) => store.inproc.get(id) ?? new FsSegmentDirectory(store.fs.dir, (file) => (file[6] === 1 ? decodeNpy(file) : null)).read(id),
};

/**
 * A damaged `.npy` file raises out of the read (numpy's `np.load` raising ValueError, uncaught)
 * instead of being a segment that cannot be used.
 */
export const damagedNpyRaises: Partial<SdkParts> = {
  lookup: (store, id) => {
    const found = store.inproc.get(id) ?? store.fs.read(id);
    if (found) return found;
    const { primary } = slotsFor(id);
    let file: Uint8Array | undefined;
    try {
      file = primary === undefined ? undefined : readFileSync(join(store.fs.dir, `${primary}.npy`));
    } catch {
      file = undefined;
    }
    if (file && decodeNpy(file) === null) throw new Error(`ValueError: cannot load ${primary}.npy`);
    return undefined;
  },
};

/**
 * RD-ISO-01: an id whose file name a colliding id took first is written to its overflow slot
 * (`<safe id>@<hash>`) but never looked up there, so it reads as missing.
 */
export const overflowSlotNeverRead: Partial<SdkParts> = {
  lookup: (store, id) => {
    const found = store.inproc.get(id);
    if (found) return found;
    const { primary, overflow } = slotsFor(id);
    const owns = (slot: string) => {
      try {
        return readFileSync(join(store.fs.dir, `${slot}.id`)).equals(idBytes(id));
      } catch {
        return false;
      }
    };
    if (!(primary !== undefined && owns(primary)) && owns(overflow)) return undefined;
    return store.fs.read(id);
  },
};

