/**
 * One broken Runner from writerMutants.ts behind the driver protocol:
 *   node kit/bundle/startEntry.mjs serve-runner-mutant <name>
 * (from the kit's bundle; `node --import tsx` and this file's path run the source)
 * so that `--side writer --runner "<that command>"` certifies it like any other Runner.
 */
import { serveDriver } from '../../../adapter/runner/driver-server.ts';
import { runnerMutantFactories } from '../writerMutants.ts';

const name = process.argv[2] ?? '';
const factory = runnerMutantFactories[name];
if (!factory) {
  process.stderr.write(`unknown Runner mutant "${name}"; known: ${Object.keys(runnerMutantFactories).sort().join(', ')}\n`);
  process.exit(2);
}
await serveDriver(factory());
process.exit(0);
