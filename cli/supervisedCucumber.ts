/**
 * Runs cucumber in a child process (cucumberChild.ts) that this process supervises, so that
 * Ctrl-C or SIGTERM can always end a run and still leave partial reports and a clean machine:
 *
 * 1. first signal: the child's process group gets SIGTERM (or SIGINT); every cucumber process there kills
 *    its targets' children and skips the scenarios not yet started (steps/support/abort.ts), so
 *    cucumber normally ends within moments, closing targets and Runners in its AfterAll hooks;
 * 2. after `graceMs`, or at a second signal: the group is killed outright;
 * 3. whatever happened: every process still carrying the run's token is killed
 *    (runLeftovers.ts) and the run's payload directory is removed.
 *
 * A signal once cucumber has finished stops nothing: the run is complete and only its reports
 * are left to write. If this process dies without a say (SIGKILL), the child notices and ends
 * the run itself (cucumberChild.ts), and so do cucumber's workers (steps/support/parentDeath.ts).
 *
 * The envelopes received before the end are the caller's to report from.
 *
 * With `keepWarm`, a child whose run finished undisturbed is kept for the next run of this
 * process with the same step code (cucumberChild.ts), until closeWarmChild(): a config naming
 * several targets pays cucumber's start once. The child then carries a token of its own in its
 * environment, and each run's token reaches the processes of that run only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { IConfiguration } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { payloadRoot } from '../adapter/subprocess/payload.ts';
import { kitRoot } from '../kit/paths.ts';
import { bundledEntry } from '../kit/bundle/entries.ts';
import type { ChildMessage, ChildStart } from './cucumberChild.ts';
import { killProcessesOfRun, removeRunDir, RUN_TOKEN_VARIABLE } from './runLeftovers.ts';
import { NOT_RUN_MEDIA_TYPE } from '../steps/support/notRunMarker.ts';

/** Long enough for AfterAll hooks to stop a Runner; short enough that nobody reaches for kill -9. */
export const ABORT_GRACE_MS = 10_000;

export interface SupervisedOptions {
  provided: Partial<IConfiguration>;
  verbose: boolean;
  onEnvelope: (e: Envelope) => void;
  graceMs?: number;
  /** Keep the child for the next run of this process when this one finishes undisturbed. */
  keepWarm?: boolean;
}

export interface SupervisedRun {
  /** cucumber ran to its end (a stopped run may still get there, with scenarios not run). */
  finished: boolean;
  /** The signal that stopped the run. */
  abortedBy?: NodeJS.Signals;
  /** The child had to be killed: the grace period ran out or a second signal came. */
  forced: boolean;
  /** Why cucumber could not run, when it could not. */
  failure?: string;
  /** Processes of the run still alive after the child ended, killed by token. */
  leftoversKilled: number;
  /** testCaseStarted ids of scenarios skipped only because the run was being stopped. */
  notRun: Set<string>;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The bundled child when the kit runs from its bundle (kit/bundle/), else the source through tsx. */
function cucumberChildArgv(): string[] {
  const bundled = bundledEntry('cucumberChild');
  if (bundled) return [bundled];
  // tsx by absolute URL (found from the kit, not from the working directory), and only once:
  // `pv-conform run` already puts it in NODE_OPTIONS for cucumber's parallel workers.
  const tsxLoaded = /--import[= ]\S*tsx/.test(process.env.NODE_OPTIONS ?? '');
  return [...(tsxLoaded ? [] : ['--import', import.meta.resolve('tsx')]), join(kitRoot, 'cli', 'cucumberChild.ts')];
}

/** A cucumber child between runs: its own token, the step code it has loaded, and its end. */
interface CucumberChild {
  process: ChildProcess;
  token: string;
  supportKey: string;
  exited: Promise<string>;
  ended: boolean;
}

let warm: CucumberChild | undefined;

function startChild(supportKey: string): CucumberChild {
  const token = randomUUID();
  const child = spawn(process.execPath, cucumberChildArgv(), {
    cwd: kitRoot,
    // A group of its own: one signal reaches cucumber and its workers, and a terminal's Ctrl-C
    // reaches only this process, which decides what the children get.
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RUN_TOKEN_VARIABLE]: token },
  });
  const c: CucumberChild = {
    process: child, token, supportKey, ended: false,
    exited: new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${code}`));
      child.once('error', (e) => resolve(`could not start: ${e.message}`));
    }),
  };
  void c.exited.then(() => { c.ended = true; });
  return c;
}

/** Lets the child go (it exits at once between runs) and waits for it; anything of its own left is killed. */
async function endChild(c: CucumberChild): Promise<string> {
  if (c.process.connected) c.process.disconnect();
  const how = await c.exited;
  await killProcessesOfRun(c.token);
  return how;
}

/** Ends the child kept by `keepWarm`, if any: at the end of an invocation that ran several targets. */
export async function closeWarmChild(): Promise<void> {
  const c = warm;
  warm = undefined;
  if (c) await endChild(c);
}

export async function runCucumberSupervised(options: SupervisedOptions): Promise<SupervisedRun> {
  const token = randomUUID();
  // The pid says whose it is: /dev/shm is shared by every run on the machine.
  const payloadDir = mkdtempSync(join(payloadRoot(), `pv-conform-run-${process.pid}-`));
  const result: SupervisedRun = { finished: false, forced: false, leftoversKilled: 0, notRun: new Set() };
  const supportKey = JSON.stringify(options.provided.import ?? []);
  let c = warm && !warm.ended && warm.supportKey === supportKey ? warm : undefined;
  if (warm && warm !== c) await closeWarmChild();
  warm = undefined;
  c ??= startChild(supportKey);
  const child = c.process;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  let graceTimer: NodeJS.Timeout | undefined;
  let childEnded = false;
  let deferred: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // Too late to stop anything: cucumber finished (or the child is gone), and a signal that
    // ended this process now would only lose the reports of what ran.
    if (!result.abortedBy && (result.finished || childEnded)) {
      if (deferred) {
        process.stderr.write(`\npv-conform run: ${signal} again: not waiting for the cucumber process any longer\n`);
        result.forced = true;
        signalGroup('SIGKILL');
        return;
      }
      deferred = signal;
      const state = result.finished ? 'cucumber has finished' : 'the cucumber process has ended';
      process.stderr.write(`\npv-conform run: ${signal}: ${state}; writing the reports first (${signal} again to stop waiting for its processes)\n`);
      return;
    }
    if (result.abortedBy) {
      process.stderr.write(`\npv-conform run: ${signal} again: killing the run now\n`);
      result.forced = true;
      signalGroup('SIGKILL');
      return;
    }
    result.abortedBy = signal;
    process.stderr.write(`\npv-conform run: ${signal}: stopping the run, writing partial reports (${signal} again to kill it now)\n`);
    // Passed on as it came (SIGHUP as SIGTERM), so the errored scenario names what the user did.
    signalGroup(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
    graceTimer = setTimeout(() => {
      process.stderr.write(`pv-conform run: the run did not stop within ${options.graceMs ?? ABORT_GRACE_MS} ms: killing it\n`);
      result.forced = true;
      signalGroup('SIGKILL');
    }, options.graceMs ?? ABORT_GRACE_MS);
  };
  for (const s of SIGNALS) process.on(s, onSignal);

  let kept = false;
  let endedHow: string | undefined;
  let reported: () => void = () => undefined;
  const onMessage = (m: ChildMessage) => {
    if (m.type === 'envelope') {
      const a = m.envelope.attachment;
      if (a?.mediaType === NOT_RUN_MEDIA_TYPE && a.testCaseStartedId) result.notRun.add(a.testCaseStartedId);
      options.onEnvelope(m.envelope);
      return;
    }
    if (m.type === 'done') result.finished = true;
    else result.failure = m.message;
    reported();
  };
  try {
    child.on('message', onMessage);
    // Every envelope of the run comes before its last message: the channel keeps their order.
    const end = new Promise<void>((resolve) => { reported = resolve; });
    const scratchDir = (options.provided.worldParameters as { scratchDir?: unknown } | undefined)?.scratchDir;
    const ownedDirs = [payloadDir, ...(typeof scratchDir === 'string' ? [scratchDir] : [])];
    child.send({
      type: 'start', provided: options.provided, cwd: kitRoot, verbose: options.verbose, ownedDirs,
      env: { [RUN_TOKEN_VARIABLE]: token, PV_CONFORM_PAYLOAD_ROOT: payloadDir },
    } satisfies ChildStart, (e) => {
      if (e) reported(); // the child is gone: its exit says how
    });
    const died = await Promise.race([end.then(() => undefined), c.exited]);
    if (died) {
      // IPC messages still in flight are delivered before the channel reports its end.
      let waited: NodeJS.Timeout | undefined;
      if (child.connected) await Promise.race([new Promise((r) => child.once('disconnect', r)), new Promise((r) => { waited = setTimeout(r, 1000); })]);
      clearTimeout(waited);
    }
    kept = !!options.keepWarm && result.finished && !result.abortedBy && !result.failure && !c.ended;
    if (kept) {
      warm = c;
    } else {
      endedHow = await endChild(c);
      childEnded = true;
      if (!result.finished && !result.failure && !result.abortedBy) result.failure = `the cucumber process ${endedHow}`;
    }
    if (result.finished) await pauseForTests();
  } finally {
    child.off('message', onMessage);
    clearTimeout(graceTimer);
    // The handlers stay until the end: a signal during this cleanup used to kill this process
    // (exit 143) with a finished run unreported and its payload directory left behind.
    try {
      if (!kept && endedHow === undefined) await endChild(c);
      result.leftoversKilled = await killProcessesOfRun(token);
      removeRunDir(payloadDir);
    } finally {
      for (const s of SIGNALS) process.off(s, onSignal);
    }
  }
  return result;
}

/**
 * For tests only (test/hostile/late-signal.test.ts): with PV_CONFORM_TEST_PAUSE_AFTER_CUCUMBER
 * set to a path, a run whose cucumber finished says so on stderr and waits here, before its
 * cleanup and reports, until that path exists, so that a test can send a signal in this window
 * without guessing when it is.
 */
async function pauseForTests(): Promise<void> {
  const file = process.env.PV_CONFORM_TEST_PAUSE_AFTER_CUCUMBER;
  if (!file) return;
  process.stderr.write(`pv-conform run: cucumber finished; paused until ${file} exists (PV_CONFORM_TEST_PAUSE_AFTER_CUCUMBER)\n`);
  while (!existsSync(file)) await new Promise((r) => setTimeout(r, 50));
}

/**
 * The envelopes of a stopped run without the scenarios it never started: they were skipped
 * only because the run was stopped, and reporting them as skipped would blame the target.
 */
export function withoutScenariosNotRun(envelopes: Envelope[], notRun: Set<string>): Envelope[] {
  if (notRun.size === 0) return envelopes;
  return envelopes.filter((e) => !(e.testCaseStarted && notRun.has(e.testCaseStarted.id)));
}
