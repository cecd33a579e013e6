/** What a test must not leave behind: segments, scratch files, processes. */
import { readdirSync, readFileSync } from 'node:fs';
import { POSIX_SHM_ROOT } from '../../kit/transports/segment-inspector.ts';

/**
 * Segments in the reference Runner's id format (implementations/reference-runner/ids.ts,
 * `dev-shm:<nonce>-<pid>-<n>`) that belong to this test: other runs on the machine, even of
 * this same suite, may use /dev/shm at the same time. In-process Runners carry this process's
 * pid; a driver subprocess carries the nonce the test gave it in PV_RUNNER_ID_NONCE.
 */
export function referenceSegmentsInDevShm(nonce?: string): string[] {
  const mine = nonce ? new RegExp(`^dev-shm:${nonce}-`) : new RegExp(`^dev-shm:[0-9a-f]{8}-${process.pid}-`);
  return readdirSync(POSIX_SHM_ROOT).filter((n) => mine.test(n));
}

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  try {
    walk(dir);
  } catch {
    // a directory that is gone holds nothing
  }
  return out;
}

/** Live processes whose command line mentions `marker` (e.g. a test's scratch directory). */
export function processesMentioning(marker: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmd.includes(marker) && state !== 'Z' && Number(pid) !== process.pid) out.push(`${pid}: ${cmd.slice(0, 200)}`);
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/**
 * Children of this process that are still alive (zombies count: nobody reaped them), except
 * the esbuild service tsx itself starts to compile TypeScript on demand.
 */
export function liveChildren(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (Number(fields[1]) === process.pid && !/\/esbuild --service/.test(cmd)) out.push(`${pid} (${fields[0]}): ${cmd.slice(0, 200)}`);
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/**
 * Waits until `leftovers()` finds nothing, or a generous deadline passes, and returns what it
 * found last: a Runner's last cleanup or a process's exit may still be under way when a run
 * returns, and a busy machine must not turn that into a failure.
 */
export async function untilNoneLeft(leftovers: () => string[], deadlineMs = 20_000): Promise<string[]> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const left = leftovers();
    if (!left.length || Date.now() >= until) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}
