/**
 * The last line of cleanup for `pv-conform run`: every process the run started carries the
 * run's token in its environment (cucumber, its workers, adapters, Runners, their children), so
 * whatever escaped the orderly shutdown (a killed worker's adapter, a daemon that left its
 * process group) is found by the token and nothing else is touched.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';

export const RUN_TOKEN_VARIABLE = 'PV_CONFORM_RUN_TOKEN';

/** Pids of live processes whose environment holds the token (Linux /proc; elsewhere none). */
export function processesOfRun(token: string): number[] {
  const needle = Buffer.from(`\0${RUN_TOKEN_VARIABLE}=${token}\0`);
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      // A leading NUL makes the first variable match like every other one.
      const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${entry}/environ`), Buffer.from([0])]);
      if (environ.includes(needle) && !isZombie(entry)) out.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

function isZombie(pid: string): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

/** Kills them (a process may fork while we look, hence the rounds); returns how many were found. */
export async function killProcessesOfRun(token: string): Promise<number> {
  const killed = new Set<number>();
  for (let round = 0; round < 5; round++) {
    const pids = processesOfRun(token);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.add(pid);
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return killed.size;
}

/**
 * Removes one of the run's directories at the end of its cleanup, whichever process does it. A
 * process of the run killed a moment before may still have a file being created there, which
 * makes a recursive removal fail with ENOTEMPTY: rmSync retries that (and EBUSY, EPERM). A
 * failure is said on stderr rather than thrown, so it cannot end the cleanup before the next
 * directory, or the process before its exit code.
 */
export function removeRunDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch (e) {
    process.stderr.write(`pv-conform run: could not remove ${dir}: ${(e as Error).message}\n`);
  }
}
