/**
 * Adds the part mutants of ../writerMutants.ts to the reference Runner's registry, so that
 * `--side writer --runner mutant:<name>` selects them like the registry's own. Imported for
 * this effect by implementations/reference-runner/index.ts (one line).
 */
import { mutants } from '../../reference-runner/mutants.ts';
import { runnerPartMutants } from '../writerMutants.ts';

for (const [name, parts] of Object.entries(runnerPartMutants)) {
  if (Object.hasOwn(mutants, name)) throw new Error(`Runner mutant "${name}" is registered twice`);
  mutants[name] = parts;
}
