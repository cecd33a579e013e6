/**
 * Reading a file that someone else put in place (an adapter's payload, a report listed in a
 * certificate): the path must not make the kit read another file through a symbolic link, nor
 * block it forever on a FIFO, nor read a device or a directory. The open itself never follows a
 * link and never blocks; what was opened is then checked to be a regular file.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

/** A FIFO opened for reading without O_NONBLOCK waits for a writer, which may never come. */
export const NO_FOLLOW_NO_BLOCK = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const NO_BLOCK = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The message is what the path is instead ("a FIFO, not a regular file"), without the path. */
export class NotRegularFileError extends Error {}

export function fileKind(stat: Stats): string {
  if (stat.isFile()) return 'a regular file';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'another kind of file';
}

/** O_NOFOLLOW makes open fail with ELOOP on a link (EMLINK on some BSDs). */
export function isSymlinkRefusal(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ELOOP' || code === 'EMLINK';
}

/**
 * The whole content of `path` when it is a regular file, else NotRegularFileError. A link is
 * refused unless `followSymlink` (for a path the user typed, who may link as they like).
 * Other errors (ENOENT, EACCES) are thrown as node gives them.
 */
export function readRegularFile(path: string, opts: { followSymlink?: boolean } = {}): Buffer {
  let fd: number;
  try {
    fd = openSync(path, opts.followSymlink ? NO_BLOCK : NO_FOLLOW_NO_BLOCK);
  } catch (e) {
    if (!opts.followSymlink && isSymlinkRefusal(e)) throw new NotRegularFileError('a symbolic link, not a regular file');
    throw e;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFileError(`${fileKind(stat)}, not a regular file`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
