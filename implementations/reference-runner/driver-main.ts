/**
 * The reference Runner behind the driver protocol, for certifying the subprocess path:
 *   node kit/bundle/startEntry.mjs reference-runner-driver [--variant mutant:<name>]
 * (from the kit's bundle; `node --import tsx` and this file's path run the source)
 */
import { serveDriver } from '../../adapter/runner/driver-server.ts';
import { runnerVariant } from './index.ts';

const i = process.argv.indexOf('--variant');
const variant = i >= 0 ? process.argv[i + 1] ?? 'reference' : 'reference';
await serveDriver(runnerVariant(variant));
process.exit(0);
