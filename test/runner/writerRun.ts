/**
 * A small writer run of the kit's own command against a Runner (a mutant, the reference), read back
 * from its report directory before that is removed: results.json, report.html and the failing
 * inputs it saved.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';

export const V2_FS = ['--name', '\\(v2, fs\\)$'];

export interface WriterRun {
  code: number | null;
  report: RunReport;
  html: string;
  output: string;
  /** The saved input file of each failing scenario, by its location. */
  inputs: Map<string, Buffer>;
}

export function writerRun(runner: string, args: string[]): Promise<WriterRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'pv-writer-run-'));
  const child = spawn(process.execPath, ['bin/pv-conform.mjs', 'run', '--side', 'writer', '--runner', runner,
    '--num-runs', '2', '--no-shrink', '--seed', '7', '--report-dir', reportDir, ...args], { cwd: kitRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { output += c.toString(); });
  return new Promise((resolve, reject) => child.on('close', (code) => {
    try {
      const report = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as RunReport;
      const inputs = new Map<string, Buffer>();
      for (const s of report.scenarios) {
        const f = s.failure?.inputFile;
        if (f) inputs.set(s.location, readFileSync(join(reportDir, f.path)));
      }
      resolve({ code, report, inputs, html: readFileSync(join(reportDir, 'report.html'), 'utf8'), output });
    } catch (e) {
      reject(new Error(`no readable report (exit ${code}): ${(e as Error).message}\n${output.slice(-3000)}`));
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  }));
}
