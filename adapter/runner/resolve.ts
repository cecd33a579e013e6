/**
 * Turns the run's `runner` parameter into a driver: "reference" and "mutant:<name>" bind the
 * embedded reference Runner in-process; anything else is a driver command line.
 * Steps call this and never import implementations/ themselves.
 */
import type { RunnerDriver } from './types.ts';
import { inProcessDriver, type InProcessRunner } from './in-process.ts';
import { subprocessDriver } from './subprocess-client.ts';
import { splitCommandLine, type CommandLine } from '../subprocess/commandLine.ts';

export interface ResolveOptions {
  requestSlackMs: number;
  /** Memory a driver may allocate, in MiB; absent: the kit's default; 0: no limit. */
  memoryLimitMb?: number;
  /** Where a driver command starts: the user's working directory, so its relative paths are theirs. */
  cwd?: string;
}

export async function resolveRunnerDriver(runner: string, opts: ResolveOptions): Promise<RunnerDriver> {
  if (runner === 'reference' || runner.startsWith('mutant:')) {
    const mod = (await import('../../implementations/reference-runner/index.ts')) as {
      runnerVariant(name: string): InProcessRunner;
    };
    return inProcessDriver(mod.runnerVariant(runner));
  }
  if (!runner.trim()) throw new Error('runner: empty driver command line');
  // The reader's splitter: the same quoting, and leading NAME=value words become the driver's environment.
  let line: CommandLine;
  try {
    line = splitCommandLine(runner);
  } catch (e) {
    throw new Error(`runner: ${(e as Error).message}`);
  }
  return subprocessDriver(line.argv, {
    ...(Object.keys(line.env).length ? { env: line.env } : {}),
    requestSlackMs: opts.requestSlackMs,
    ...(opts.memoryLimitMb !== undefined ? { memoryLimitMb: opts.memoryLimitMb } : {}),
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
  });
}
