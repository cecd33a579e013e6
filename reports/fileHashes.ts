/** SHA-256 of the files a run wrote, as the certificate lists them. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FileHash { name: string; sha256: string; bytes: number }

/** Every report a run writes into its directory, certificate.json aside (it lists these). */
export const REPORT_FILES = ['results.json', 'report.html', 'junit.xml', 'cucumber.html', 'messages.ndjson'] as const;

export function hashFile(path: string): Omit<FileHash, 'name'> {
  const data = readFileSync(path);
  return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

export function hashReportFiles(dir: string): FileHash[] {
  return REPORT_FILES.filter((name) => existsSync(join(dir, name))).map((name) => ({ name, ...hashFile(join(dir, name)) }));
}
