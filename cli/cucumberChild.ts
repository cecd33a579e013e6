/**
 * The process that runs cucumber for `pv-conform run` (see supervisedCucumber.ts): it receives
 * each run's configuration over IPC, forwards every message envelope to the parent as it is
 * emitted, and reports how cucumber ended. Kept apart from the parent because runCucumber cannot
 * be stopped from inside: an aborted run ends this process, and the parent still has every
 * envelope that was emitted before, to write the partial reports from.
 *
 * One process may serve several runs of one invocation (a config naming several targets), one
 * after the other: the step code is loaded by the first and reused by the next (cucumber's
 * support library), which saves each later run cucumber's start. Only runs of the same step
 * code: modules imported once are not evaluated again, so another set would find its shared
 * modules' hooks and World registered in the first library only. Each run's token and payload
 * directory reach the processes it starts through this process's environment, set per run.
 */
import { loadConfiguration, runCucumber, type IConfiguration, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
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
  /** Set in this process's environment before the run, so every process it starts carries them (its token above all). */
  env: Record<string, string>;
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

/** The step code the first run loaded, by its coordinates: every later run must name the same. */
let loaded: { key: string; library: ISupportCodeLibrary } | undefined;

async function run(start: ChildStart): Promise<void> {
  // Envelopes are sent without waiting, in order; only the last message is awaited.
  const post = (envelope: Envelope) => {
    if (process.connected) process.send!({ type: 'envelope', envelope } satisfies ChildMessage);
  };
  try {
    Object.assign(process.env, start.env);
    const { runConfiguration } = await loadConfiguration({ file: false, provided: start.provided }, { cwd: start.cwd });
    const key = JSON.stringify(runConfiguration.support);
    if (loaded && loaded.key !== key) throw new Error(`one cucumber process serves runs of one set of step code: ${loaded.key}, then ${key}`);
    const stdout = start.verbose ? process.stdout : new PassThrough().resume();
    const configuration = loaded ? { ...runConfiguration, support: loaded.library } : runConfiguration;
    const { success, support } = await runCucumber(configuration, { cwd: start.cwd, stdout, stderr: process.stderr }, post);
    loaded ??= { key, library: support };
    reported = true;
    await send({ type: 'done', success });
  } catch (e) {
    reported = true;
    await send({ type: 'failed', message: (e as Error).message });
  }
}

/** As the parent's ABORT_GRACE_MS: time for AfterAll hooks to stop Runners and remove their segments. */
const ORPHAN_GRACE_MS = 10_000;

let start: ChildStart | undefined;
let running: Promise<void> | undefined;
/** The running run's end is being reported: nothing of it is left to finish. */
let reported = false;

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

// The parent lets go of this process when it wants no more runs of it, or dies: between runs
// there is nothing to finish; during one, the run is ended as the parent would have.
process.on('disconnect', () => {
  if (!running || reported) process.exit(0);
  else void endOrphanedRun();
});
process.on('message', (m: ChildStart) => {
  if (m.type !== 'start' || running) return;
  start = m;
  reported = false;
  running = run(m).finally(() => {
    running = undefined;
  });
});
