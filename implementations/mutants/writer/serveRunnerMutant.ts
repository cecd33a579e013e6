/**
 * One broken Runner from writerMutants.ts behind the driver protocol:
 *   node --import tsx implementations/mutants/writer/serveRunnerMutant.ts <name>
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
