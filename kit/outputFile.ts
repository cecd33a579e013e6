/**
 * Files the kit writes where the user said: written under a temporary name in the same directory
 * and renamed into place, so a full disk, a quota or a crash mid-write leaves the previous file
 * as it was (never a truncated one), and checked before any work so that a path the kit cannot
 * write fails at once with one line, not after minutes of work with a stack trace.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileKind } from './regularFile.ts';

/** A path the user gave cannot be written: one line on stderr and exit 2 (cli/main.ts). */
export class OutputError extends Error {}

/** Node's own words for a file system error, on one line ("EACCES: permission denied, open '…'"). */
export function fsErrorText(e: unknown): string {
  return ((e as Error).message ?? String(e)).split('\n')[0]!;
}

/**
 * Writes `data` to `path` through a temporary file beside it. The temporary name starts with a
 * dot and ends in .tmp, and is removed again when anything fails; the error is node's.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const fd = openSync(temp, 'wx');
  try {
    let done = 0;
    while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
    // Without it a crash after the rename can leave an empty file under the final name on some file systems.
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // the write's error is the one to report
    }
    throw e;
  }
  try {
    closeSync(fd);
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw e;
  }
}

/**
 * Where an output file named by the user will really be written: its directory is created when
 * missing and must be writable, and the path must not be a directory, a device or a FIFO (a
 * rename over /dev/null would replace the device). A link to a file is followed, so the file it
 * points to is the one replaced. Throws OutputError naming the path.
 */
export function checkOutputFile(path: string): string {
  let existing;
  try {
    existing = lstatSync(path, { throwIfNoEntry: false });
  } catch (e) {
    // ENOTDIR: a part of the path is a file; EACCES: a directory on the way is closed.
    throw new OutputError(`cannot write ${path}: ${fsErrorText(e)}`);
  }
  let target = path;
  if (existing?.isSymbolicLink()) {
    try {
      target = realpathSync(path);
    } catch (e) {
      throw new OutputError(`cannot write ${path}: a symbolic link to nothing usable (${fsErrorText(e)})`);
    }
  }
  const stat = existing?.isSymbolicLink() ? statSync(target) : existing;
  if (stat && !stat.isFile()) throw new OutputError(`cannot write ${path}: it is ${fileKind(stat)}; give the name of a file`);
  const dir = dirname(target);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new OutputError(`cannot write ${path}: ${fsErrorText(e)}`);
  }
  return target;
}

/** checkOutputFile, then writeFileAtomic, with a failure as an OutputError. */
export function writeOutputFile(path: string, data: string | Uint8Array): void {
  const target = checkOutputFile(path);
  try {
    writeFileAtomic(target, data);
  } catch (e) {
    throw new OutputError(`cannot write ${path}: ${fsErrorText(e)}`);
  }
}
