/**
 * Turns the run's `runner` parameter into a driver: "reference" and "mutant:<name>" bind the
 * embedded reference Runner in-process; anything else is a driver command line.
 * Steps call this and never import implementations/ themselves.
 */
import type { RunnerDriver } from './types.ts';
import { inProcessDriver, type InProcessRunner } from './in-process.ts';
import { subprocessDriver } from './subprocess-client.ts';

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
  const argv = splitCommandLine(runner);
  if (!argv.length) throw new Error('runner: empty driver command line');
  return subprocessDriver(argv, {
    requestSlackMs: opts.requestSlackMs,
    ...(opts.memoryLimitMb !== undefined ? { memoryLimitMb: opts.memoryLimitMb } : {}),
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
  });
}

/** Whitespace-separated words; single or double quotes group, backslash escapes. */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`runner: unbalanced ${quote} in "${line}"`);
  if (inWord) out.push(word);
  return out;
}
