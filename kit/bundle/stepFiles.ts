/**
 * The step definition files of a side, in the order cucumber imports them: cucumber expands its
 * `import` globs and sorts the paths (hooks register in that order), so the bundled entries of
 * kit/bundle/kitBundle.ts import the same files in the same order as a run from the sources.
 */
import { kitRoot } from '../paths.ts';
import { listing } from './inputKey.mjs';

export type Side = 'reader' | 'writer';

/** Directories whose files make up the step entries; their listings are inputs of the bundle. */
export const STEP_ROOTS = ['steps/support', 'steps/reader', 'steps/writer'];

/** The globs cucumber is given when it runs from the sources. */
export function stepGlobs(side: Side): string[] {
  return ['steps/support/**/*.ts', `steps/${side}/**/*.ts`];
}

/** Paths relative to the kit's root, sorted as cucumber sorts them. */
export function stepFiles(side: Side): string[] {
  return [...listing(kitRoot, 'steps/support'), ...listing(kitRoot, `steps/${side}`)].sort();
}
