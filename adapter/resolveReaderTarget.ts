/**
 * Turns a --target string into a factory. Embedded implementations are loaded by dynamic
 * import here, so that features, steps and generators never import an implementation.
 *
 *   reference          the embedded TypeScript reference SDK, in-process
 *   mutant:<name>      a deliberately broken variant of it (see implementations/mutants)
 *   anything else      a command line speaking the subprocess adapter protocol
 */
import type { ReaderTargetFactory } from './types.ts';

export class TargetError extends Error {}

export async function resolveReaderTarget(target: string): Promise<ReaderTargetFactory> {
  if (target === 'reference') {
    const m = await import('../implementations/reference-sdk/binding.ts');
    return m.createReferenceTarget;
  }
  if (target.startsWith('mutant:')) {
    const name = target.slice('mutant:'.length);
    const m = await import('../implementations/mutants/readerMutants.ts');
    const factory = m.readerMutants[name];
    if (!factory) {
      throw new TargetError(`unknown reader mutant "${name}"; known: ${Object.keys(m.readerMutants).sort().join(', ')}`);
    }
    return factory;
  }
  if (!target.trim()) throw new TargetError('empty --target');
  const m = await import('./subprocess/client.ts');
  return m.createSubprocessTarget(target);
}
