/**
 * What PROC_SHM_DIR held, for a failure that says a segment was missing: a Runner that wrote
 * `<id>.npy`, a PNG, or raw pixels under another name is named at once by its first bytes.
 * Used by the probe at the moment a call arrives (before the Runner cleans up), so it reads no
 * more than a few bytes per file and stops after a few dozen files.
 */
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type SniffedFormat = 'JPEG' | 'PNG' | '.npy' | 'raw';

export interface ShmEntry {
  name: string;
  size: number;
  format: SniffedFormat;
}

const MAX_ENTRIES = 32;

export function sniffFormat(head: Uint8Array): SniffedFormat {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'JPEG';
  if (b.length >= 4 && b[0] === 0x89 && b.subarray(1, 4).toString('latin1') === 'PNG') return 'PNG';
  if (b.length >= 6 && b[0] === 0x93 && b.subarray(1, 6).toString('latin1') === 'NUMPY') return '.npy';
  return 'raw';
}

function head(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(8);
    return b.subarray(0, readSync(fd, b, 0, 8, 0));
  } finally {
    closeSync(fd);
  }
}

/** The regular files in `dir`, sorted by name, at most MAX_ENTRIES; none when it cannot be read. */
export function listShmDir(dir: string): ShmEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: ShmEntry[] = [];
  for (const name of names) {
    if (out.length >= MAX_ENTRIES) break;
    try {
      const path = join(dir, name);
      const st = statSync(path);
      if (!st.isFile()) continue;
      out.push({ name, size: st.size, format: sniffFormat(head(path)) });
    } catch {
      // removed while listing: the Runner is cleaning up
    }
  }
  return out;
}

export function describeShmListing(entries: readonly ShmEntry[]): string {
  if (!entries.length) return 'PROC_SHM_DIR held nothing';
  return `PROC_SHM_DIR held ${entries.map((e) => `${e.name} (${e.size} bytes, ${e.format})`).join(', ')}${entries.length >= MAX_ENTRIES ? ', …' : ''}`;
}
