/**
 * Where bundled code finds the bundle's other entries (kit/bundle/kitBundle.ts): beside the chunk
 * it runs from. From the sources there is no bundle, and callers use the TypeScript files.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Replaced by `true` in the kit bundle (esbuild's define); undeclared when running from the sources. */
declare const PV_KIT_BUNDLED: boolean | undefined;

export type BundleEntry = 'main' | 'cucumberChild' | 'steps-reader' | 'steps-writer' | 'readOnce' | 'faulty-pipe' | `${typeof READER_PARTS_DIR}/${string}`;

/**
 * The reader mutants' parts modules (implementations/mutants/reader/*Parts.ts), each an entry of
 * its own, `reader-parts/<name>.js`: a fresh read process (readOnce) rebuilds a variant's parts by
 * importing its module, which from the bundle needs no TypeScript loader.
 */
export const READER_PARTS_DIR = 'reader-parts';

/** The absolute path of a bundle entry, when this code runs from the kit bundle. */
export function bundledEntry(name: BundleEntry): string | undefined {
  if (typeof PV_KIT_BUNDLED === 'undefined') return undefined;
  return join(dirname(fileURLToPath(import.meta.url)), `${name}.js`);
}

/**
 * How a fresh `node` runs one of the kit's scripts: its bundle entry when this code runs from the
 * kit bundle, else its TypeScript source through tsx's loader, which `needsLoader` also asks for
 * (the script will import TypeScript the bundle does not hold).
 */
export function nodeScriptArgs(entry: BundleEntry, source: string, o: { needsLoader?: boolean } = {}): string[] {
  const bundled = o.needsLoader ? undefined : bundledEntry(entry);
  return bundled ? [bundled] : ['--import', import.meta.resolve('tsx'), source];
}
