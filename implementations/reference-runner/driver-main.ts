/**
 * The reference Runner behind the driver protocol, for certifying the subprocess path:
 *   node --import tsx implementations/reference-runner/driver-main.ts [--variant mutant:<name>]
 */
import { serveDriver } from '../../adapter/runner/driver-server.ts';
import { runnerVariant } from './index.ts';

const i = process.argv.indexOf('--variant');
const variant = i >= 0 ? process.argv[i + 1] ?? 'reference' : 'reference';
await serveDriver(runnerVariant(variant));
process.exit(0);
