/** The reference Runner and its broken variants, by name. */
import type { InProcessRunner } from '../../adapter/runner/in-process.ts';
import { createRunner } from './runner.ts';
import { mutants } from './mutants.ts';
import '../mutants/writer/registerRunnerMutants.ts'; // adds the kill matrix's part mutants to `mutants`

export { createRunner, referenceParts, type RunnerParts } from './runner.ts';
export { mutants } from './mutants.ts';

/** "reference" or the name of a mutant (with or without the "mutant:" prefix). */
export function runnerVariant(name: string): InProcessRunner {
  if (name === 'reference') return createRunner();
  const key = name.replace(/^mutant:/, '');
  const parts = mutants[key];
  if (!parts) throw new Error(`no Runner variant "${name}"; known: reference, ${Object.keys(mutants).map((m) => `mutant:${m}`).join(', ')}`);
  return createRunner({ ...parts, name: `pv-conform reference Runner (mutant ${key})` });
}
