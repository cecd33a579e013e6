/**
 * One reader mutant behind the subprocess protocol, so the protocol path can be shown to fail
 * and blame exactly as the in-process binding does:
 *   pv-conform run --target "node kit/bundle/startEntry.mjs serve-mutant bgr-unswapped"
 * (from the kit's bundle; `node --import tsx implementations/mutants/serveMutant.ts` runs the source).
 */
import { serveReaderAdapter } from '../../adapter/subprocess/serve.ts';
import { readerMutantCatalog } from './readerMutants.ts';

const name = process.argv[2] ?? '';
const mutant = Object.hasOwn(readerMutantCatalog, name) ? readerMutantCatalog[name] : undefined;
if (!mutant) {
  process.stderr.write(`unknown reader mutant "${name}"; known: ${Object.keys(readerMutantCatalog).sort().join(', ')}\n`);
  process.exit(2);
}
await serveReaderAdapter(mutant.factory);
process.exit(0);
