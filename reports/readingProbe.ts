/**
 * Which readings of an ambiguous clause an implementation satisfies, found by running the
 * clause's scenarios once per reading (`--reading CLAUSE=R`). Results alone cannot tell: a run
 * judges under one reading only. A pass means "compatible with R", not "chose R": an
 * implementation may satisfy several readings, and a permissive reading passes more.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, Clause } from '../kit/catalog.ts';
import { writeOutputFile } from '../kit/outputFile.ts';
import { kitRoot } from '../kit/paths.ts';
import { assertValid } from '../kit/schemas.ts';
import { readResults } from './readResults.ts';
import type { RunReport } from './runReport.ts';

/** passes: every scenario that ran passed; fails: a check of this clause failed; inconclusive: nothing judged it. */
export type ProbeOutcome = 'passes' | 'fails' | 'inconclusive';

export interface ReadingProbeEntry { clause: string; reading: string; outcome: ProbeOutcome; passed: number; failed: number; note?: string }

export interface ReadingProbe {
  kind: 'reading-probe';
  side: 'reader' | 'writer';
  target: string;
  implementation: Record<string, unknown> | null;
  catalogHash: string;
  seed: number;
  numRuns: number;
  probes: ReadingProbeEntry[];
}

export function unclearClauses(catalog: Catalog, side: 'reader' | 'writer', only: string[] = []): Clause[] {
  return catalog.clauses.filter((c) => c.side === side && c.readings && (only.length === 0 || only.includes(c.id)));
}

export function judgeProbe(clause: string, reading: string, r: RunReport): ReadingProbeEntry {
  const passed = r.scenarios.filter((s) => s.verdict === 'passed').length;
  const ownFailures = r.scenarios.filter((s) => s.verdict === 'failed' && s.failure?.clause === clause);
  const others = r.scenarios.filter((s) => s.verdict === 'errored' || (s.verdict === 'failed' && s.failure?.clause !== clause));
  const base = { clause, reading, passed, failed: ownFailures.length };
  if (ownFailures.length) return { ...base, outcome: 'fails', note: ownFailures[0]!.failure!.summary };
  if (others.length) return { ...base, outcome: 'inconclusive', note: `${others.length} scenario(s) failed on another clause or errored: ${others[0]!.failure?.clause ?? others[0]!.error?.split('\n')[0] ?? ''}` };
  if (!passed) return { ...base, outcome: 'inconclusive', note: r.scenarios.length ? `all skipped: ${r.scenarios[0]!.skipReason ?? ''}` : 'no scenario ran' };
  return { ...base, outcome: 'passes' };
}

function runOnce(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    // In the user's directory, as their own `run` would be: a relative path in the target is theirs.
    // --no-config: a probe is the run its arguments describe, whatever config the user's directory holds.
    const child = spawn(process.execPath, [join(kitRoot, 'bin/pv-conform.mjs'), 'run', '--no-config', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 2, stderr }));
  });
}

/** Runs up to `parallel` probes at a time; each is an ordinary `pv-conform run` in its own process. */
export async function probeReadings(o: {
  catalog: Catalog; side: 'reader' | 'writer'; target: string; clauses: Clause[]; seed: number; numRuns: number;
  reportDir: string; parallel: number; onProgress?: (line: string) => void;
}): Promise<ReadingProbe> {
  const jobs = o.clauses.flatMap((c) => c.readings!.map((r) => ({ clause: c.id, reading: r.id })));
  const entries: ReadingProbeEntry[] = new Array(jobs.length);
  let implementation: Record<string, unknown> | null = null;
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const { clause, reading } = jobs[i]!;
      const dir = join(o.reportDir, `${clause}=${reading}`);
      mkdirSync(dir, { recursive: true });
      const who = o.side === 'reader' ? ['--target', o.target] : ['--side', 'writer', '--runner', o.target];
      const { code, stderr } = await runOnce([...who, '--tags', `@${clause}`, '--reading', `${clause}=${reading}`,
        '--seed', String(o.seed), '--num-runs', String(o.numRuns), '--report-dir', dir, '--quiet']);
      let entry: ReadingProbeEntry;
      try {
        const r = readResults(dir);
        implementation ??= r.implementation;
        entry = judgeProbe(clause, reading, r);
      } catch {
        entry = { clause, reading, outcome: 'inconclusive', passed: 0, failed: 0, note: `the run exited ${code} without results: ${stderr.trim().split('\n').at(-1) ?? ''}` };
      }
      entries[i] = entry;
      o.onProgress?.(`  ${clause}=${reading}: ${entry.outcome}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.parallel) }, worker));
  const probe: ReadingProbe = {
    kind: 'reading-probe', side: o.side, target: o.target, implementation, catalogHash: o.catalog.hash,
    seed: o.seed, numRuns: o.numRuns, probes: entries,
  };
  assertValid('reading-probe.schema.json', probe, 'reading-probe.json');
  writeOutputFile(join(o.reportDir, 'reading-probe.json'), JSON.stringify(probe, null, 2) + '\n');
  return probe;
}
