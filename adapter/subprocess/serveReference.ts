/**
 * `pv-conform serve-reference`: the reference SDK behind the subprocess protocol, so the
 * protocol client and the Gherkin suite can be checked end to end against a known-good target
 * (`pv-conform run --target "pv-conform serve-reference"`). Also runnable directly:
 * `node --import tsx adapter/subprocess/serveReference.ts`.
 */
import { pathToFileURL } from 'node:url';
import { createReferenceTarget } from '../../implementations/reference-sdk/binding.ts';
import { serveReaderAdapter } from './serve.ts';

/** The CLI's entry: serves until shutdown or end of stdin; 0 on a clean end. */
export async function serveReferenceCommand(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(`serve-reference takes no arguments (got ${argv.join(' ')})\n`);
    return 2;
  }
  await serveReaderAdapter(createReferenceTarget);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serveReferenceCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`serve-reference: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
