/**
 * Several independent `pv-conform run`s of a test through one invocation each: a config naming
 * every run as a target (docs/config.md), as a vendor certifying several SDKs writes it. The CLI
 * starts once, and one cucumber process serves the consecutive runs of a side, instead of both
 * starting for every run. Each run keeps its own report directory, exit code and output.
 *
 * The runs are split into `invocations` (default 2: this machine's two cores) that run at once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigOptions } from '../../cli/config.ts';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';

export interface TargetRun {
  /** The run's own exit code, from the invocation's closing line. */
  code: number | null;
  /** What the invocation printed for this run (between its "=== tN" line and the next). */
  out: string;
  report: RunReport;
}

/** One invocation running `runs` in order; rejects, with the output, when one has no results.json. */
async function invocation(runs: ConfigOptions[], common: ConfigOptions): Promise<TargetRun[]> {
  const work = mkdtempSync(join(tmpdir(), 'pv-config-runs-'));
  try {
    const names = runs.map((_, i) => `t${i}`);
    const config = join(work, 'pv-conform.config.json');
    writeFileSync(config, JSON.stringify({
      ...common,
      targets: Object.fromEntries(runs.map((r, i) => [names[i], { ...r, reportDir: join(work, names[i]!) }])),
    }, null, 1));
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/pv-conform.mjs', 'run', '--config', config], { cwd: kitRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => { out += c; });
      child.stderr.on('data', (c: Buffer) => { out += c; });
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    const exits = new Map([...output.matchAll(/\bt(\d+): exit (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]));
    // Each run's part of the output starts at its announcement.
    const parts = output.split(/^(?==== t\d+ \(\d+ of \d+\))/m);
    const partOf = (i: number) => parts.find((p) => p.startsWith(`=== t${i} (`)) ?? '';
    return runs.map((_, i) => {
      let report: RunReport;
      try {
        report = JSON.parse(readFileSync(join(work, names[i]!, 'results.json'), 'utf8')) as RunReport;
      } catch (e) {
        throw new Error(`run ${i} (${JSON.stringify(runs[i])}): no results.json (exit ${exits.get(i)}): ${(e as Error).message}\n${(partOf(i) || output).slice(-3000)}`);
      }
      // The report must be this run's: a mix-up of report directories would judge the wrong run.
      const want = { ...common, ...runs[i] };
      if (report.side !== (want.side ?? 'reader') || (want.tags !== undefined && report.selection?.tags !== want.tags)) {
        throw new Error(`run ${i} (${JSON.stringify(runs[i])}): its report is of another run (${report.side}, tags ${report.selection?.tags})`);
      }
      return { code: exits.get(i) ?? null, out: partOf(i), report };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs each of `runs` (options over `common`), `invocations` invocations at once, and gives their
 * results in the order of `runs`. Within an invocation, the reader runs come first and the
 * writer runs after them, so that each side's cucumber process starts once.
 */
export async function runTargets(runs: ConfigOptions[], common: ConfigOptions = {}, invocations = 2): Promise<TargetRun[]> {
  const order = runs.map((r, i) => ({ r, i })).sort((a, b) => Number((a.r.side ?? common.side) === 'writer') - Number((b.r.side ?? common.side) === 'writer'));
  const groups = Array.from({ length: Math.min(invocations, runs.length) }, (_, g) => order.filter((_, k) => k % invocations === g));
  const results = await Promise.all(groups.map((g) => invocation(g.map((x) => x.r), common)));
  const out: TargetRun[] = new Array(runs.length);
  groups.forEach((g, gi) => g.forEach((x, k) => { out[x.i] = results[gi]![k]!; }));
  return out;
}
