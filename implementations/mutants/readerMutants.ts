/**
 * Deliberately broken variants of the reference SDK, each breaking one clause, selected with
 * `--target mutant:<name>`. They prove that the kit's checks can fail and blame the right clause.
 */
import type { ReaderTargetFactory } from '../../adapter/types.ts';
import { createSdkTarget } from '../reference-sdk/binding.ts';
import { defaultParts } from '../reference-sdk/sdk.ts';

export interface ReaderMutant {
  /** The clause the mutant breaks, and only that one. */
  breaks: string;
  description: string;
  factory: ReaderTargetFactory;
}

function mutant(name: string, breaks: string, description: string, parts: Parameters<typeof createSdkTarget>[0]): [string, ReaderMutant] {
  return [name, { breaks, description, factory: createSdkTarget(parts, { name: `mutant:${name}`, version: '0' }) }];
}

export const readerMutantCatalog: Record<string, ReaderMutant> = Object.fromEntries([
  mutant('bgr-unswapped', 'RD-CS-01', 'color_space BGR is ignored for arrays', {
    applyColorSpace: (a, meta, source) => (source === 'array' ? a : defaultParts.applyColorSpace(a, meta, source)),
  }),
  mutant('raise-on-non-numeric-width', 'RD-META-02', 'a string width raises instead of giving none', {
    validateMeta: (meta) => {
      const m = meta as Record<string, unknown> | null;
      if (m && typeof m === 'object' && typeof m.width === 'string' && !/^\d+$/.test(m.width)) {
        throw new TypeError(`invalid literal for int() with base 10: '${m.width}'`);
      }
      return defaultParts.validateMeta(meta);
    },
  }),
]);

export const readerMutants: Record<string, ReaderTargetFactory> = Object.fromEntries(
  Object.entries(readerMutantCatalog).map(([k, v]) => [k, v.factory]),
);
