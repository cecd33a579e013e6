/**
 * The exact inputs behind failures (steps/support/world.ts attaches them to the message stream),
 * as files in the report directory's `inputs/` subdirectory that report.html links from each
 * failure card. Derived from the stream alone, like every report, so a saved messages.ndjson
 * names the same files; the directory is listed in the manifest (reports/reportDir.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../kit/outputFile.ts';
import { readRegularFile } from '../kit/regularFile.ts';
import type { FailureDetail } from '../steps/support/failure.ts';

export const INPUTS_DIR = 'inputs';
/**
 * The most the inputs of one report may take together: the first failures, in report order,
 * get their file; later ones keep their pictures and replay command. docs/reports.md states it.
 */
export const MAX_REPORT_INPUT_BYTES = 64 * 1024 * 1024;
/** What a manifest may list inside inputs/: the names below, and nothing that leaves the directory. */
export const INPUT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface InputAttachment { fileName: string; base64: string }

/** `features/reader/x.feature:12` and its bytes give `x.feature-12-<hash>.jpg`: readable, and unique per content. */
function fileNameFor(location: string, fileName: string, sha256: string): string {
  const ext = /\.(jpg|png|bin|npy)$/.exec(fileName)?.[1] ?? 'bin';
  const where = (location.split('/').pop() ?? 'input').replace(/[^A-Za-z0-9.-]+/g, '-').slice(0, 80);
  return `${where}-${sha256.slice(0, 12)}.${ext}`;
}

/**
 * Sets `inputFile` on each failure whose input was attached, in order, while the cap allows, and
 * collects the bytes to write by their path in the report directory.
 */
export function assignInputFiles(
  scenarios: ReadonlyArray<{ location: string; failure?: FailureDetail; inputKey?: string }>,
  attached: ReadonlyMap<string, InputAttachment>,
  files?: Map<string, Buffer>,
): void {
  let total = 0;
  for (const s of scenarios) {
    const a = s.inputKey === undefined ? undefined : attached.get(s.inputKey);
    if (!a || !s.failure) continue;
    const bytes = Buffer.from(a.base64, 'base64');
    if (total + bytes.length > MAX_REPORT_INPUT_BYTES) continue;
    total += bytes.length;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = `${INPUTS_DIR}/${fileNameFor(s.location, a.fileName, sha256)}`;
    s.failure.inputFile = { path, bytes: bytes.length, sha256 };
    files?.set(path, bytes);
  }
}

/** Writes the collected inputs below `dir` (the staging directory). */
export function writeInputFiles(dir: string, files: ReadonlyMap<string, Buffer>): void {
  if (!files.size) return;
  mkdirSync(join(dir, INPUTS_DIR), { recursive: true });
  for (const [path, bytes] of files) writeFileAtomic(join(dir, path), bytes);
}

/**
 * For a merged report: each failure's input file, read back from the shard directory that holds
 * it with the size and hash its results.json names; a failure whose file is gone loses the link
 * rather than pointing at nothing.
 */
export function inputFilesFromShards(
  scenarios: ReadonlyArray<{ failure?: FailureDetail }>,
  shardDirs: readonly string[],
): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const s of scenarios) {
    const f = s.failure?.inputFile;
    if (!f) continue;
    const name = f.path.startsWith(`${INPUTS_DIR}/`) ? f.path.slice(INPUTS_DIR.length + 1) : '';
    let found: Buffer | undefined;
    for (const dir of INPUT_NAME.test(name) ? shardDirs : []) {
      try {
        const bytes = readRegularFile(join(dir, INPUTS_DIR, name));
        if (bytes.length === f.bytes && createHash('sha256').update(bytes).digest('hex') === f.sha256) found = bytes;
      } catch {
        // not in this shard
      }
      if (found) break;
    }
    if (found) files.set(f.path, found);
    else delete s.failure!.inputFile;
  }
  return files;
}
