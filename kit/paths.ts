import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

/** The kit's own checkout, whatever the working directory of the run. */
export const kitRoot = dirname(dirname(fileURLToPath(import.meta.url)));
