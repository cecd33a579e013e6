/**
 * Reads a results.json written by an earlier run. Every command that works from saved runs
 * (diff, baseline, coverage, verify-certificate) goes through here, so a hand-edited or
 * foreign file is refused with the schema's own words instead of misread.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFile } from '../kit/regularFile.ts';
import { assertValid } from '../kit/schemas.ts';
import type { RunReport } from './runReport.ts';

/** Accepts the results.json itself or the report directory holding it. */
export function resultsPath(fileOrDir: string): string {
  return statSync(fileOrDir, { throwIfNoEntry: false })?.isDirectory() ? join(fileOrDir, 'results.json') : fileOrDir;
}

export function readResults(fileOrDir: string): RunReport {
  const file = resultsPath(fileOrDir);
  let text: string;
  try {
    // Never blocks: a FIFO given as results.json is refused, not waited on.
    text = readRegularFile(file, { followSymlink: true }).toString('utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read a results.json: ${(e as Error).message}`);
  }
  return parseResults(text, file);
}

/** `file` names the text in messages; verify-certificate passes the bytes it has already hashed. */
export function parseResults(text: string, file: string): RunReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: cannot read a results.json: ${(e as Error).message}`);
  }
  return assertValid<RunReport>('results.schema.json', doc, file);
}
