/**
 * A writer failure keeps the Runner's segment as the report's input file, as a reader failure keeps
 * what it stored: a vendor opens the exact bytes their Runner wrote. Shown on the kit's own
 * command against Runner mutants, for a step scenario and for a property's counterexample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';

const V2_FS = ['--name', '\\(v2, fs\\)$'];

interface Run { code: number | null; report: RunReport; inputs: Map<string, Buffer>; html: string; output: string }

function writerRun(runner: string, args: string[]): Promise<Run> {
  const reportDir = mkdtempSync(join(tmpdir(), 'pv-writer-inputs-'));
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

test('a step scenario failing WR-JPEG-01 keeps the segment the Runner wrote: a JPEG without its EOI', async () => {
  const r = await writerRun('mutant:jpeg-without-eoi', ['features/writer/jpeg.feature', ...V2_FS]);
  assert.equal(r.code, 1, r.output);
  const failed = r.report.scenarios.filter((s) => s.verdict === 'failed');
  assert.ok(failed.length > 0, r.output);
  for (const s of failed) {
    const f = s.failure!.inputFile;
    assert.ok(f, `${s.location} has an input file`);
    assert.match(f.path, /^inputs\/jpeg\.feature-\d+-[0-9a-f]{12}\.jpg$/);
    const bytes = r.inputs.get(s.location)!;
    assert.equal(bytes.length, f.bytes);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256);
    // The segment as written: a JPEG stream (SOI) whose last two bytes are not EOI.
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8]);
    assert.notDeepEqual([...bytes.subarray(-2)], [0xff, 0xd9]);
  }
  assert.match(r.html, /inputs\/jpeg\.feature-/);
});

test('a property failing WR-PIXEL-01 keeps the segment of its counterexample', async () => {
  const r = await writerRun('mutant:bgr-pixels-declared-rgb', ['--tags', '@WR-PIXEL-01 and @WR-META-01', ...V2_FS]);
  assert.equal(r.code, 1, r.output);
  const failed = r.report.scenarios.filter((s) => s.verdict === 'failed');
  assert.equal(failed.length, 1, r.output);
  const s = failed[0]!;
  assert.ok(s.failure!.counterexample !== undefined, 'a property failure');
  const bytes = r.inputs.get(s.location);
  assert.ok(bytes, `${s.location} has an input file`);
  assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8]);
  assert.deepEqual([...bytes.subarray(-2)], [0xff, 0xd9]);
});

test('a conforming Runner leaves no input files', async () => {
  const r = await writerRun('reference', ['features/writer/jpeg.feature', ...V2_FS]);
  assert.equal(r.code, 0, r.output);
  assert.equal(r.inputs.size, 0);
  assert.ok(!existsSync(join(kitRoot, 'inputs')));
});
