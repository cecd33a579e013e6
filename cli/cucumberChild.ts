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

export interface ChildStart {
  type: 'start';
  provided: Partial<IConfiguration>;
  cwd: string;
  /** Show cucumber's own progress output on stdout. */
  verbose: boolean;
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

let finished = false;
// Without a parent there is nobody to report to: stop (the exit hooks still kill adapters).
process.on('disconnect', () => process.exit(finished ? 0 : 2));
process.once('message', (m: ChildStart) => {
  // Exits explicitly once reported: a handle some step left open must not keep the run alive.
  void run(m).then(() => {
    finished = true;
    process.disconnect();
  });
});
