import type { SegmentStore } from '../segmentStore.ts';
import type { StoredSegment } from '../storedSegment.ts';

/**
 * In-process first (what this process wrote), then the fs directory (what others wrote).
 * Returns the stored segment itself, not a copy: the later parts never mutate their input.
 */
export function lookupSegment(store: SegmentStore, id: string): StoredSegment | undefined {
  return store.inproc.get(id) ?? store.fs.read(id);
}
