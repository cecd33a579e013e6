/**
 * Mutants of RD-OWN-01/02, RD-ISO-01, RD-CLEAN-01/02 and RD-XPROC-01 (ownership, isolation,
 * cleanup, cross-process): all of them are about
 * where a segment is found, so they replace `lookup` (and once `normalizeArray`). Caches live
 * at module level: one SDK per process, which is how the kit runs a target.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toSafeId } from '../../reference-sdk/safeId.ts';
import { isWellFormed } from '../../reference-sdk/ndArray.ts';
import { defaultParts, type SdkParts, type StoredSegment } from '../../reference-sdk/sdk.ts';

/** RD-OWN-01: reading pops the segment, like a queue. */
export const readConsumesSegment: Partial<SdkParts> = {
  lookup: (store, id) => {
    const found = defaultParts.lookup(store, id);
    if (found) store.clear(id);
    return found;
  },
};

/**
 * RD-OWN-01: an fs segment is moved into the in-process dictionary on first read (file
 * deleted). Reads in this process still agree with each other, and another process reads the
 * file before it moves, so only the check on the segment's own bytes can see it.
 */
export const fsSegmentMovedIntoMemory: Partial<SdkParts> = {
  lookup: (store, id) => {
    const inMemory = store.inproc.get(id);
    if (inMemory) return inMemory;
    const onDisk = store.fs.read(id);
    if (onDisk) {
      store.inproc.set(id, onDisk);
      store.fs.remove(id);
    }
    return onDisk;
  },
};

/** RD-OWN-02: an RGB uint8 array is returned as a view of the stored one (copy=False). */
export const resultSharesStoredArray: Partial<SdkParts> = {
  normalizeArray: (a) => (isWellFormed(a) && a.dtype === 'uint8' && a.shape.length === 3 && a.shape[2] === 3
    ? { dtype: 'uint8', shape: [...a.shape], data: a.data }
    : defaultParts.normalizeArray(a)),
};

/**
 * RD-ISO-01: the in-process dictionary behaves as if keyed by the safe file name: a read gets
 * the latest segment among ids that collide once sanitised ("cam:1", "cam/1").
 */
export const collidingIdsShareASlot: Partial<SdkParts> = {
  lookup: (store, id) => {
    const safe = toSafeId(id);
    let latest: StoredSegment | undefined;
    for (const [key, segment] of store.inproc) if (toSafeId(key) === safe) latest = segment;
    return latest ?? store.fs.read(id);
  },
};

/**
 * RD-ISO-01: fs segments are found by their file name cut to 25 characters, as a reader built
 * for a short name limit might do: of the ids whose cut names match, the newest file wins. Ids
 * that differ only past the cut ("…-cam-1", "…-cam-2") read each other's data over fs.
 */
const CUT = 25;
export const fsNamesCut: Partial<SdkParts> = {
  lookup: (store, id) => {
    if (store.inproc.has(id)) return defaultParts.lookup(store, id);
    const cut = toSafeId(id).slice(0, CUT);
    let newest: { owner: string; at: bigint } | undefined;
    try {
      for (const f of readdirSync(store.fs.dir)) {
        if (!f.endsWith('.id') || !f.startsWith(cut)) continue;
        const owner = readFileSync(join(store.fs.dir, f), 'utf8');
        if (toSafeId(owner).slice(0, CUT) !== cut) continue;
        const base = join(store.fs.dir, f.slice(0, -'.id'.length));
        const at = ['.bin', '.npy'].map((e) => statSync(base + e, { bigint: true, throwIfNoEntry: false })?.mtimeNs ?? -1n)
          .reduce((a, b) => (a > b ? a : b));
        if (!newest || at > newest.at) newest = { owner, at };
      }
    } catch {
      return defaultParts.lookup(store, id);
    }
    return newest ? store.fs.read(newest.owner) : defaultParts.lookup(store, id);
  },
};

/** RD-CLEAN-01: a read cache that serves a segment after it was cleared. */
const servedBefore = new Map<string, StoredSegment>();
export const cacheSurvivesClear: Partial<SdkParts> = {
  lookup: (store, id) => {
    const found = defaultParts.lookup(store, id);
    if (found) servedBefore.set(id, found);
    return found ?? servedBefore.get(id);
  },
};

/**
 * RD-CLEAN-02: a read cache validated by existence only: dropped when the segment is gone,
 * kept when it is rewritten, so the first content keeps being served.
 */
const cachedUntilGone = new Map<string, StoredSegment>();
export const cacheIgnoresRewrite: Partial<SdkParts> = {
  lookup: (store, id) => {
    const found = defaultParts.lookup(store, id);
    if (!found) {
      cachedUntilGone.delete(id);
      return undefined;
    }
    const cached = cachedUntilGone.get(id);
    if (cached) return cached;
    cachedUntilGone.set(id, found);
    return found;
  },
};

/** RD-XPROC-01: only the in-process dictionary is looked at; the fs directory is never read. */
export const fsSegmentsInvisible: Partial<SdkParts> = {
  lookup: (store, id) => store.inproc.get(id),
};
