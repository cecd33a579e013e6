/**
 * The fs transport: segments as files in one directory (PROC_SHM_DIR).
 *
 * Layout. The kit's fs layout (docs/runner-driver.md; no normative document defines one) is
 * kept for the normal case so that other tools can read it:
 * bytes in `<safe id>.bin`, arrays in `<safe id>.npy`. Next to them, `<safe id>.id` holds the
 * original id as UTF-8 with lone surrogates kept (Python's "surrogatepass"), the same sidecar
 * the kit's Python fixture SDK writes, so both honour each other's ownership.
 *
 * Why the owner file: the safe id is not injective ("cam/1", "cam:1" and "cam_1" all become
 * "cam_1"), so the file name alone cannot tell whose data a file holds, and reading by file
 * name would hand one id's image to another (RD-ISO-01, reading apart). A slot (a base name) therefore belongs
 * to the id recorded in its owner file:
 * - the first id to write a safe name claims the primary slot `<safe id>`;
 * - a colliding id gets an overflow slot `<safe id>@<hash of the id>`. "@" is never part of a
 *   safe id, so overflow names can never be any id's primary name;
 * - a read serves a slot only to its recorded owner; a foreign file without an owner file
 *   (written by a tool that knows only the bare layout) is served on its primary name, as
 *   those tools do, but only when the id has no slot of its own.
 * Ids whose safe form is too long for a file name go straight to an overflow slot. The same
 * check keeps "Cam" and "cam" apart on a case-insensitive file system, where their files are one.
 *
 * Every file is written atomically (temp file + rename) so a reader in another process sees
 * either the old or the new content, never a torn one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHeld, npyContent, type StoredArray } from './heldArray.ts';
import { decodeNpy, encodeNpy } from './npy.ts';
import { gatherElements } from './parts/toContiguous.ts';
import type { NdArray } from '../../adapter/types.ts';
import { toSafeId } from './safeId.ts';
import type { StoredSegment } from './storedSegment.ts';

/** An overflow name ("<safe id>@<32 hex>.npy") must still fit the usual 255-byte limit. */
const MAX_PRIMARY_NAME = 200;
const OVERFLOW_PREFIX = 100;

const EXT_BYTES = '.bin';
const EXT_ARRAY = '.npy';
const EXT_OWNER = '.id';

interface Slots {
  /** Absent when the safe id is too long to be a file name. */
  primary?: string;
  overflow: string;
}

/** `unowned`: no owner file (a foreign writer); `other` includes owner files we cannot read. */
type Ownership = 'mine' | 'other' | 'unowned';

export class FsSegmentDirectory {
  /** `decode`: how a `.npy` file becomes an array (a mutant replaces it). */
  constructor(readonly dir: string, private readonly decode: (file: Uint8Array) => NdArray | null = decodeNpy) {}

  /** Never throws: anything unreadable is a missing segment. */
  read(id: string): StoredSegment | undefined {
    try {
      const slot = this.ownedSlot(id) ?? this.unownedPrimary(id);
      return slot === undefined ? undefined : this.readSlot(slot);
    } catch {
      return undefined;
    }
  }

  write(id: string, segment: StoredSegment): void {
    mkdirSync(this.dir, { recursive: true });
    const slot = this.ownedSlot(id) ?? this.claimSlot(id);
    if (this.ownership(slot, id) !== 'mine') this.writeAtomically(slot + EXT_OWNER, idBytes(id));
    // Drop the other kind first: a concurrent reader then sees "missing", never stale data.
    if (segment.kind === 'bytes') {
      this.unlinkQuietly(slot + EXT_ARRAY);
      this.writeAtomically(slot + EXT_BYTES, segment.bytes);
    } else {
      this.unlinkQuietly(slot + EXT_BYTES);
      this.writeAtomically(slot + EXT_ARRAY, npyFileOf(segment.array));
    }
  }

  /** Removes everything `read(id)` could return, so a later read is "missing" (RD-CLEAN-01). */
  remove(id: string): void {
    const { primary, overflow } = slotsFor(id);
    if (this.ownership(overflow, id) === 'mine') this.removeSlot(overflow);
    if (primary !== undefined && this.ownership(primary, id) !== 'other') this.removeSlot(primary);
  }

  private ownedSlot(id: string): string | undefined {
    const { primary, overflow } = slotsFor(id);
    if (primary !== undefined && this.ownership(primary, id) === 'mine') return primary;
    if (this.ownership(overflow, id) === 'mine') return overflow;
    return undefined;
  }

  private unownedPrimary(id: string): string | undefined {
    const { primary } = slotsFor(id);
    return primary !== undefined && this.ownership(primary, id) === 'unowned' ? primary : undefined;
  }

  private claimSlot(id: string): string {
    return this.unownedPrimary(id) ?? slotsFor(id).overflow;
  }

  private ownership(slot: string, id: string): Ownership {
    let recorded: Buffer;
    try {
      recorded = readFileSync(join(this.dir, slot + EXT_OWNER));
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'unowned' : 'other';
    }
    return recorded.equals(idBytes(id)) ? 'mine' : 'other';
  }

  private readSlot(slot: string): StoredSegment | undefined {
    const bytesFile = join(this.dir, slot + EXT_BYTES);
    const arrayFile = join(this.dir, slot + EXT_ARRAY);
    const bytesStat = statSync(bytesFile, { throwIfNoEntry: false });
    const arrayStat = statSync(arrayFile, { throwIfNoEntry: false });
    // Both exist only if a foreign writer left one behind: the newer one is the current content.
    const useArray = arrayStat !== undefined && (bytesStat === undefined || arrayStat.mtimeMs > bytesStat.mtimeMs);
    if (useArray) {
      const array = this.decode(readFileSync(arrayFile));
      return array === null ? undefined : { kind: 'array', array };
    }
    if (bytesStat !== undefined) return { kind: 'bytes', bytes: new Uint8Array(readFileSync(bytesFile)) };
    return undefined;
  }

  private removeSlot(slot: string): void {
    this.unlinkQuietly(slot + EXT_BYTES);
    this.unlinkQuietly(slot + EXT_ARRAY);
    // The owner goes last so that no moment exists where the data is served to another id.
    this.unlinkQuietly(slot + EXT_OWNER);
  }

  private writeAtomically(name: string, content: Uint8Array | string): void {
    // ".partial" is never a segment file's extension, so a temp file cannot shadow one.
    const temp = `${process.pid}-${randomBytes(8).toString('hex')}.partial`;
    try {
      writeFileSync(join(this.dir, temp), content);
      renameSync(join(this.dir, temp), join(this.dir, name));
    } catch (e) {
      this.unlinkQuietly(temp);
      throw e;
    }
  }

  private unlinkQuietly(name: string): void {
    try {
      unlinkSync(join(this.dir, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/** What `np.save` would write: Fortran order and big-endian dtypes are kept, views gathered in C order. */
function npyFileOf(array: StoredArray): Uint8Array {
  if (!isHeld(array)) return encodeNpy(array);
  const npy = npyContent(array, gatherElements);
  return encodeNpy(npy.array, npy);
}

export function slotsFor(id: string): Slots {
  const safe = toSafeId(id);
  // Hash the UTF-16 code units so that ids differing only in lone surrogates stay apart.
  const hash = createHash('sha256').update(Buffer.from(id, 'utf16le')).digest('hex').slice(0, 32);
  if (safe.length <= MAX_PRIMARY_NAME) return { primary: safe, overflow: `${safe}@${hash}` };
  return { overflow: `${safe.slice(0, OVERFLOW_PREFIX)}@${hash}` };
}

/**
 * UTF-8 by code point, lone surrogates encoded like any other BMP code point (3 bytes), which
 * is what Python's `id.encode("utf-8", "surrogatepass")` gives. Node's own UTF-8 encoder
 * would turn every lone surrogate into U+FFFD and make distinct ids equal.
 */
export function idBytes(id: string): Buffer {
  const bytes: number[] = [];
  for (const char of id) {
    const cp = char.codePointAt(0) as number;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Buffer.from(bytes);
}
