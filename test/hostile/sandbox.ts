/**
 * Runs `pv-conform run` in a sandbox that shows what a run leaves behind: its own TMPDIR
 * (scratch directories), payload root (PV_CONFORM_PAYLOAD_ROOT) and pid file (the hostile
 * fixture records itself and its children there).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import type { RunReport } from '../../reports/runReport.ts';
import { isGone, nodeFixture } from '../subprocess/helpers.ts';

export interface RunOutcome {
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

  constructor() {
    mkdirSync(this.tmp);
    mkdirSync(this.payloadRoot);
  }

  /** `signalWhen` resolves when the run should get `signal`; the run is spawned first. */
  run(args: string[], opts: { signal?: NodeJS.Signals; signalWhen?: () => Promise<void>; env?: Record<string, string> } = {}): Promise<RunOutcome> {
    const child = spawn(process.execPath, ['bin/pv-conform.mjs', 'run', '--report-dir', this.reportDir, ...args], {
      cwd: kitRoot,
      env: { ...process.env, TMPDIR: this.tmp, PV_CONFORM_PAYLOAD_ROOT: this.payloadRoot, HOSTILE_PID_FILE: this.pidFile, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    let from = Date.now();
    if (opts.signal) {
      void (opts.signalWhen ?? (() => Promise.resolve()))().then(() => {
        from = Date.now();
        child.kill(opts.signal);
      });
    }
    return new Promise((resolve) => {
      child.on('close', (code, signal) => {
        const file = join(this.reportDir, 'results.json');
        const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as RunReport : undefined;
        resolve({ code, signal, out, report, msToExit: Date.now() - from });
      });
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

  /** Kills what a failed test left running, checking first that the pid is still the fixture's. */
  dispose(): void {
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

export function hostileTarget(mode: string): string {
  return nodeFixture(mode);
}
