/** Files a person hands to a command (results, baselines): a bad one is a usage error (exit 2), not a kit crash. */
import { UsageError } from './args.ts';

export function inputFile<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
