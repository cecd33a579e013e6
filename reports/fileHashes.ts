/** SHA-256 of the files a run wrote, as the certificate lists them. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFile } from '../kit/regularFile.ts';

export interface FileHash { name: string; sha256: string; bytes: number }

/** Every report a run writes into its directory, certificate.json aside (it lists these). */
export const REPORT_FILES = ['results.json', 'report.html', 'junit.xml', 'cucumber.html', 'messages.ndjson'] as const;

export function hashBytes(data: Uint8Array): Omit<FileHash, 'name'> {
  return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

/** Only a regular file is hashed: a link or a FIFO in its place throws NotRegularFileError (kit/regularFile.ts). */
export function hashFile(path: string): Omit<FileHash, 'name'> {
  return hashBytes(readRegularFile(path));
}

export function hashReportFiles(dir: string): FileHash[] {
  return REPORT_FILES.filter((name) => existsSync(join(dir, name))).map((name) => ({ name, ...hashFile(join(dir, name)) }));
}
