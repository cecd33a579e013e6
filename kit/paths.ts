import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** Replaced by `true` in the kit bundle (kit/bundle/kitBundle.ts); undeclared when running from the sources. */
declare const PV_KIT_BUNDLED: boolean | undefined;

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The kit's own checkout, whatever the working directory of the run: the parent of kit/, or,
 * from a bundle chunk in `<kit>/.cache/kit/kit-<key>/`, three levels up.
 */
export const kitRoot = typeof PV_KIT_BUNDLED === 'undefined' ? dirname(here) : resolve(here, '..', '..', '..');
