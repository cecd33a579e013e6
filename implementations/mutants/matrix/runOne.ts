/**
 * Runs one `pv-conform run` in its own process and reads back its results.json: the kit's own
 * command line, exactly as a vendor would run it, so the matrix tests what users get.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../../kit/paths.ts';
import type { PlannedRun } from './plan.ts';
import type { RunRecord, ScenarioOutcome, Side } from './types.ts';

export interface RunSettings {
  seed: number;
  /** Cases per property, per side: a writer case costs a Runner step, a reader case a read. */
  numRuns: Record<Side, number>;
  /** A run taking longer is stopped and counted as broken. */
  timeoutMs: number;
  /** The profile every run judges ambiguous clauses by. */
  profile: string;
  /** Keep each run's report directory (results.json, junit, html) for inspection. */
  keepReports?: string;
}

interface ResultsJson {
  scenarios: Array<{ location: string; name: string; verdict: ScenarioOutcome['verdict']; clauses: string[]; failure?: { clause: string; summary: string } }>;
}

/** Enough for a batch's closing line of exit codes and the last run's error. */
const OUTPUT_TAIL = 16_000;

/** The name of a run's kept report directory (--keep-runs). */
export function runLabel(plan: PlannedRun): string {
  const shard = plan.args.includes('--shard') ? `-shard-${plan.args[plan.args.indexOf('--shard') + 1]!.replace('/', 'of')}` : '';
  return `${plan.side}-${plan.mutant ?? 'reference'}${shard}`;
}

/** The scenario outcomes of a run's results.json, or undefined when it wrote none. */
export function resultsOf(reportDir: string): ScenarioOutcome[] | undefined {
  try {
    return (JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as ResultsJson).scenarios.map(toOutcome);
  } catch {
    return undefined;
  }
}

export async function runOne(plan: PlannedRun, settings: RunSettings): Promise<RunRecord> {
  const reportDir = settings.keepReports ? join(settings.keepReports, runLabel(plan)) : mkdtempSync(join(tmpdir(), 'pv-mutants-'));
  const args = ['bin/pv-conform.mjs', 'run', ...plan.args, '--report-dir', reportDir, '--seed', String(settings.seed),
    // Only the blamed clause matters here, and a failing case blames its clause unshrunk too.
    '--num-runs', String(settings.numRuns[plan.side]), '--profile', settings.profile, '--no-shrink', '--quiet'];
  const started = Date.now();
  try {
    const { code, output, timedOut } = await spawnRun(args, { timeoutMs: settings.timeoutMs });
    const base = { side: plan.side, mutant: plan.mutant, scope: plan.scope, scopeClauses: plan.scopeClauses, exitCode: code, durationMs: Date.now() - started };
    const results = resultsOf(reportDir);
    if (!results) return { ...base, scenarios: [], brokenRun: `${timedOut ? `timed out after ${settings.timeoutMs} ms; ` : ''}no results.json (exit ${code}): ${output.slice(-800)}` };
    if (timedOut) return { ...base, scenarios: [], brokenRun: `timed out after ${settings.timeoutMs} ms` };
    return { ...base, scenarios: results };
  } finally {
    if (!settings.keepReports) rmSync(reportDir, { recursive: true, force: true });
  }
}

function toOutcome(s: ResultsJson['scenarios'][number]): ScenarioOutcome {
  return {
    location: s.location, name: s.name, verdict: s.verdict, clauses: s.clauses,
    ...(s.failure ? { blamed: s.failure.clause, summary: s.failure.summary.slice(0, 300) } : {}),
  };
}

/** Processes this matrix started, so an interrupted matrix stops exactly those. */
const running = new Set<number>();

/** Counts a started run's process group as this matrix's until the returned function is called. */
function trackRun(pid: number | undefined): () => void {
  if (pid === undefined) return () => undefined;
  running.add(pid);
  return () => running.delete(pid);
}

export function stopRunningRuns(): void {
  // Each run leads its own process group (detached), holding its workers and algorithm processes.
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch { /* already gone */ }
  }
}

/** What a run's process is told of while it runs (spawnRun). */
export interface RunHandlers {
  /** Each line of its stdout; 'restart-timer' gives the limit anew from this moment. */
  onLine?(line: string): 'restart-timer' | undefined;
  /** The limit passed: its process group is killed right after. */
  onTimeout?(): void;
  timeoutMs: number;
}

/**
 * Runs `node <args>` in the kit, leading a process group of its own (its workers and algorithm
 * processes with it), killed whole when the limit passes; resolves with its exit code and the
 * tail of its output.
 */
export function spawnRun(args: string[], h: RunHandlers): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: kitRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const untrack = trackRun(child.pid);
    let output = '';
    let partial = '';
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        h.onTimeout?.();
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch { /* already gone */ }
      }, h.timeoutMs);
    };
    arm();
    const keep = (text: string) => { output = (output + text).slice(-OUTPUT_TAIL); };
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      keep(text);
      if (!h.onLine) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      for (const line of lines) if (h.onLine(line) === 'restart-timer') arm();
    });
    child.stderr.on('data', (chunk: Buffer) => keep(chunk.toString('utf8')));
    child.on('error', (e) => { output += `\n${e.message}`; });
    child.on('close', (code) => {
      clearTimeout(timer);
      untrack();
      resolve({ code, output, timedOut });
    });
  });
}
