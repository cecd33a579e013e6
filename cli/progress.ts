/**
 * The live progress line of `pv-conform run` on a terminal: scenarios done of the selected total,
 * failures so far, elapsed time and an estimate of the time left. Fed by cucumber's message
 * envelopes as the supervised child forwards them (supervisedCucumber.ts). Redrawn in place with
 * \r on stderr, so stdout keeps only the summary, and cleared before the summary is printed.
 * In CI (no terminal, or CI set) it is off unless --progress asks for it; --no-progress turns it off.
 */
import type { Envelope } from '@cucumber/messages';

export interface ProgressState {
  done: number;
  total: number;
  /** Scenarios with a failed step so far: failed or errored, cucumber tells them apart only later. */
  failed: number;
  elapsedMs: number;
}

/** m:ss, or h:mm:ss from an hour on. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * One line, at most `width` characters (a wider line would wrap, and \r would then redraw only
 * its last row). The estimate assumes the scenarios left take as long as those done: none is
 * given before the first one ends.
 */
export function formatProgress(p: ProgressState, width = 80): string {
  const done = Math.min(p.done, p.total);
  const eta = done === 0 ? 'ETA --:--' : done >= p.total ? 'ETA 0:00' : `ETA ${clock((p.elapsedMs / done) * (p.total - done))}`;
  const pct = p.total ? Math.floor((done / p.total) * 100) : 0;
  const line = `${done}/${p.total} scenarios (${pct}%) · ${p.failed} failed · ${clock(p.elapsedMs)} elapsed · ${eta}`;
  return line.length <= width ? line : line.slice(0, Math.max(0, width - 1)) + '…';
}

/**
 * --progress or --no-progress decide; otherwise on only on a terminal outside CI, and not with
 * --quiet (which asks for the verdict line alone) or --verbose (cucumber's own output would
 * break into the line).
 */
export function progressWanted(o: { progress?: boolean; noProgress?: boolean; quiet?: boolean; verbose?: boolean; isTTY: boolean; env: NodeJS.ProcessEnv }): boolean {
  if (o.noProgress) return false;
  if (o.progress) return true;
  return o.isTTY && !o.env.CI && !o.quiet && !o.verbose;
}

interface Out { write(s: string): unknown; isTTY?: boolean; columns?: number }

export class ProgressLine {
  private done = 0;
  private readonly failedCases = new Set<string>();
  private readonly t0 = Date.now();
  private readonly timer: NodeJS.Timeout;
  private lastDraw = 0;
  private shown = false;

  /** `total`: the scenarios the selection runs (selection.ts countSelected). */
  constructor(private readonly total: number, private readonly out: Out = process.stderr) {
    // Elapsed time and the estimate move on while a slow scenario runs.
    this.timer = setInterval(() => this.draw(), 1000);
    this.timer.unref();
    this.draw();
  }

  update(e: Envelope): void {
    if (e.testStepFinished?.testStepResult.status === 'FAILED') this.failedCases.add(e.testStepFinished.testCaseStartedId);
    else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) {
      this.done += 1;
      // Not on every scenario: a fast suite finishes hundreds a second.
      if (Date.now() - this.lastDraw >= 100 || this.done === this.total) this.draw();
    }
  }

  /** Removes the line, so what is printed next starts on a clean one; the line stays off after. */
  clear(): void {
    clearInterval(this.timer);
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }

  private draw(): void {
    // Into a file or pipe (--progress in CI) a line at most every 10 s, and the last one: a log, not a flood.
    if (!this.out.isTTY && this.lastDraw && Date.now() - this.lastDraw < 10_000 && this.done < this.total) return;
    this.lastDraw = Date.now();
    const width = Math.max(20, (this.out.columns || 80) - 1);
    const line = formatProgress({ done: this.done, total: this.total, failed: this.failedCases.size, elapsedMs: Date.now() - this.t0 }, width);
    // A terminal gets the line redrawn in place; a forced --progress into a file or pipe, one line each time.
    this.out.write(this.out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
    this.shown = this.out.isTTY === true;
  }
}
