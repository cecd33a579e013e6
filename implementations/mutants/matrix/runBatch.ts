/**
 * Several planned runs through one `pv-conform run` invocation: a config naming each run as a
 * target (docs/config.md), as a vendor certifying several SDKs would write it. The invocation
 * pays the CLI's and cucumber's start once per side instead of once per run (the cucumber
 * process serves every run of its side, cli/cucumberChild.ts), which over the matrix's hundred
 * runs is about a third of its CPU. Each run still has its own report directory and results.
 *
 * A run's limit is measured from the moment the CLI announces it ("=== rN (i of n) ==="): a run
 * over it stops the invocation, and it and the runs after it are reported broken.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configOptionsOf } from '../../../cli/config.ts';
import type { PlannedRun } from './plan.ts';
import { resultsOf, runLabel, runOne, spawnRun, type RunSettings } from './runOne.ts';
import type { RunRecord } from './types.ts';

/** Of each run's own lines, kept for a broken run's message. */
const OUTPUT_TAIL = 4000;

export async function runBatch(plans: PlannedRun[], settings: RunSettings): Promise<RunRecord[]> {
  if (plans.length === 1) return [await runOne(plans[0]!, settings)];
  const work = mkdtempSync(join(tmpdir(), 'pv-mutants-batch-'));
  try {
    const names = plans.map((_, i) => `r${i}`);
    const reportDirs = plans.map((p, i) => (settings.keepReports ? join(settings.keepReports, runLabel(p)) : join(work, names[i]!)));
    const targets = Object.fromEntries(plans.map((p, i) => [names[i], {
      ...configOptionsOf(p.args), reportDir: reportDirs[i], numRuns: settings.numRuns[p.side],
    }]));
    if (settings.keepReports) mkdirSync(settings.keepReports, { recursive: true });
    const config = join(work, 'pv-conform.config.json');
    writeFileSync(config, JSON.stringify({
      // Only the blamed clause matters here, and a failing case blames its clause unshrunk too.
      seed: settings.seed, profile: settings.profile, noShrink: true, quiet: true, targets,
    }, null, 1));
    const started: number[] = [];
    const outputs: string[] = plans.map(() => '');
    let current = -1;
    let timedOut = -1;
    const { code, output } = await spawnRun(['bin/pv-conform.mjs', 'run', '--config', config], {
      onLine(line) {
        const m = /^=== r(\d+) \(\d+ of \d+\)/.exec(line);
        if (m) {
          current = Number(m[1]);
          started[current] = Date.now();
          return 'restart-timer';
        }
        if (current >= 0) outputs[current] = (outputs[current] + line + '\n').slice(-OUTPUT_TAIL);
        return undefined;
      },
      onTimeout() { timedOut = Math.max(current, 0); },
      timeoutMs: settings.timeoutMs,
    });
    const end = Date.now();
    const exits = new Map([...output.matchAll(/\br(\d+): exit (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]));
    return plans.map((plan, i) => {
      const durationMs = started[i] === undefined ? 0 : (started[i + 1] ?? end) - started[i]!;
      const base = { side: plan.side, mutant: plan.mutant, scope: plan.scope, scopeClauses: plan.scopeClauses, exitCode: exits.get(i) ?? null, durationMs };
      if (timedOut >= 0 && i >= timedOut) {
        return { ...base, scenarios: [], brokenRun: i === timedOut ? `timed out after ${settings.timeoutMs} ms` : `not run: run ${timedOut + 1} of its batch timed out` };
      }
      const results = resultsOf(reportDirs[i]!);
      if (!results) return { ...base, scenarios: [], brokenRun: `no results.json (exit ${exits.get(i) ?? code}): ${(outputs[i] || output).slice(-800)}` };
      return { ...base, scenarios: results };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
