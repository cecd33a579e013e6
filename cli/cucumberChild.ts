/**
 * The process that runs cucumber for `pv-conform run` (see supervisedCucumber.ts): it receives
 * the configuration over IPC, forwards every message envelope to the parent as it is emitted,
 * and reports how cucumber ended. Kept apart from the parent because runCucumber cannot be
 * stopped from inside: an aborted run ends this process, and the parent still has every
 * envelope that was emitted before, to write the partial reports from.
 */
import { loadConfiguration, runCucumber, type IConfiguration } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { PassThrough } from 'node:stream';
import { killProcessesOfRun, removeRunDir, RUN_TOKEN_VARIABLE } from './runLeftovers.ts';

export interface ChildStart {
  type: 'start';
  provided: Partial<IConfiguration>;
  cwd: string;
  /** Show cucumber's own progress output on stdout. */
  verbose: boolean;
  /** The run's directories (payload, scratch): this process removes them if the parent dies first. */
  ownedDirs: string[];
}

export type ChildMessage =
  | { type: 'envelope'; envelope: Envelope }
  | { type: 'done'; success: boolean }
  | { type: 'failed'; message: string };

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

async function run(start: ChildStart): Promise<void> {
  // Envelopes are sent without waiting, in order; only the last message is awaited.
  const post = (envelope: Envelope) => {
    if (process.connected) process.send!({ type: 'envelope', envelope } satisfies ChildMessage);
  };
  try {
    const { runConfiguration } = await loadConfiguration({ file: false, provided: start.provided }, { cwd: start.cwd });
    const stdout = start.verbose ? process.stdout : new PassThrough().resume();
    const { success } = await runCucumber(runConfiguration, { cwd: start.cwd, stdout, stderr: process.stderr }, post);
    await send({ type: 'done', success });
  } catch (e) {
    await send({ type: 'failed', message: (e as Error).message });
  }
}

/** As the parent's ABORT_GRACE_MS: time for AfterAll hooks to stop Runners and remove their segments. */
const ORPHAN_GRACE_MS = 10_000;

let start: ChildStart | undefined;
let running: Promise<void> | undefined;
let finished = false;

/**
 * The parent died before cucumber finished: killed, perhaps with SIGKILL, which it could not pass
 * on. Nobody will report this run or clean up after it, so this process does what the parent's
 * SIGTERM would have done: the group gets SIGTERM (every cucumber process kills its targets and
 * skips what is left, steps/support/abort.ts), cucumber gets a grace period for its AfterAll
 * hooks, then whatever of the run is still alive is killed by its token and its directories go.
 */
async function endOrphanedRun(): Promise<void> {
  // In the group too, and must outlive its own signal to finish the job.
  process.on('SIGTERM', () => undefined);
  try {
    // The group this process leads (the parent starts it detached); none otherwise.
    process.kill(-process.pid, 'SIGTERM');
  } catch {
    // not a group leader: the token below still finds every process of the run
  }
  let grace: NodeJS.Timeout | undefined;
  if (running) await Promise.race([running, new Promise((r) => { grace = setTimeout(r, ORPHAN_GRACE_MS); })]);
  clearTimeout(grace);
  const token = process.env[RUN_TOKEN_VARIABLE];
  if (token) await killProcessesOfRun(token);
  for (const dir of start?.ownedDirs ?? []) removeRunDir(dir);
  process.exit(2);
}

process.on('disconnect', () => {
  if (finished) process.exit(0);
  else void endOrphanedRun();
});
process.once('message', (m: ChildStart) => {
  start = m;
  running = run(m);
  // Exits explicitly once reported: a handle some step left open must not keep the run alive.
  void running.then(() => {
    finished = true;
    // Not when the parent is gone: endOrphanedRun is finishing up then.
    if (process.connected) process.disconnect();
  });
});
