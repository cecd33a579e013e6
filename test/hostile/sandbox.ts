/**
 * Runs `pv-conform run` in a sandbox that shows what a run leaves behind: its own TMPDIR
 * (scratch directories), payload root (PV_CONFORM_PAYLOAD_ROOT), pid file (the hostile
 * fixture records itself and its children there) and a marker in the environment, which every
 * process of the run inherits, so that its processes are found even after the CLI is gone.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';
import { isGone, nodeFixture } from '../subprocess/helpers.ts';

export interface RunOutcome {
  /** The CLI's. */
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  report?: RunReport;
  /** Wall time from the signal (when one was sent) or from the start, to the exit. */
  msToExit: number;
}

export class Sandbox {
  readonly root = mkdtempSync(join(tmpdir(), 'pv-hostile-'));
  readonly tmp = join(this.root, 'tmp');
  readonly payloadRoot = join(this.root, 'payload');
  readonly pidFile = join(this.root, 'pids');
  readonly reportDir = join(this.root, 'report');
  /** The value of SANDBOX_MARKER in the environment of every process of this sandbox's runs. */
  readonly marker = randomUUID();

  constructor() {
    mkdirSync(this.tmp);
    mkdirSync(this.payloadRoot);
  }

  /**
   * `signalWhen` resolves when the run should get `signal`; the run is spawned first. It is given
   * the CLI's pid and what the run printed so far (stdout and stderr), read at each call.
   */
  run(args: string[], opts: { signal?: NodeJS.Signals; signalWhen?: (pid: number, printed: () => string) => Promise<void>; env?: Record<string, string> } = {}): Promise<RunOutcome> {
    const child = spawn(process.execPath, ['bin/pv-conform.mjs', 'run', '--report-dir', this.reportDir, ...args], {
      cwd: kitRoot,
      env: { ...process.env, TMPDIR: this.tmp, PV_CONFORM_PAYLOAD_ROOT: this.payloadRoot, HOSTILE_PID_FILE: this.pidFile, [SANDBOX_MARKER]: this.marker, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    let from = Date.now();
    if (opts.signal) {
      void (opts.signalWhen ?? (() => Promise.resolve()))(child.pid!, () => out).then(() => {
        from = Date.now();
        child.kill(opts.signal);
      });
    }
    return new Promise((resolve) => {
      const end = (code: number | null, signal: NodeJS.Signals | null) => {
        const file = join(this.reportDir, 'results.json');
        const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as RunReport : undefined;
        resolve({ pid: child.pid!, code, signal, out, report, msToExit: Date.now() - from });
      };
      // A CLI killed outright leaves its pipes to the processes that inherited them, which may
      // outlive it: its exit is the end here, and what they do afterwards the test's to see.
      child.once(opts.signal === 'SIGKILL' ? 'exit' : 'close', end);
    });
  }

  /** Every pid the hostile fixture recorded (adapters and their children). */
  recordedPids(): number[] {
    if (!existsSync(this.pidFile)) return [];
    return readFileSync(this.pidFile, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  }

  async waitForPids(n = 1, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.recordedPids().length < n) {
      if (Date.now() > deadline) throw new Error('the target never recorded its pid');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** What the run left behind: scratch and payload directories, live processes. */
  leftovers(): string[] {
    const out: string[] = [];
    for (const name of readdirSync(this.tmp)) if (name.startsWith('pv-conform')) out.push(`scratch ${name}`);
    for (const name of readdirSync(this.payloadRoot)) out.push(`payload ${name}`);
    for (const pid of this.recordedPids()) if (!isGone(pid)) out.push(`process ${pid}`);
    return out;
  }

  /** Live processes of this sandbox's runs, the CLI included, found by the marker in their environment. */
  processesOfRun(): RunProcess[] {
    const needle = Buffer.from(`\0${SANDBOX_MARKER}=${this.marker}\0`);
    const out: RunProcess[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // A leading NUL makes the first variable match like every other one.
        const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${entry}/environ`), Buffer.from([0])]);
        if (!environ.includes(needle)) continue;
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (state === 'Z') continue;
        const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
        out.push({ pid: Number(entry), ppid: Number(ppid), cmd });
      } catch {
        // exited while we looked, or not ours to read
      }
    }
    return out;
  }

  /** Polls until no process of the run is left or `ms` passes; returns what is left then. */
  async waitForNoProcessOfRun(ms: number): Promise<RunProcess[]> {
    const deadline = Date.now() + ms;
    let left = this.processesOfRun();
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      left = this.processesOfRun();
    }
    return left;
  }

  /** Kills what a failed test left running, checking first that the pid is still the fixture's. */
  dispose(): void {
    // Found by the marker, so nothing outside this sandbox's runs is touched.
    for (const p of this.processesOfRun()) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    for (const pid of this.recordedPids()) {
      if (isGone(pid)) continue;
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmd.includes('hostile-adapter') || cmd.includes('setInterval')) process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The variable that marks the processes of a sandbox's runs (Sandbox.processesOfRun). */
export const SANDBOX_MARKER = 'PV_HOSTILE_SANDBOX';

export interface RunProcess {
  pid: number;
  ppid: number;
  cmd: string;
}

/** Polls `probe` until it gives a value, or throws naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function hostileTarget(mode: string): string {
  return nodeFixture(mode);
}
