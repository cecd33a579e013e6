/** What the binding and readOnce.ts exchange; shared so both sides agree by construction. */
import type { Dtype } from '../../adapter/types.ts';
import type { SdkOptions } from './sdk.ts';

/**
 * How a fresh process rebuilds a variant's parts: a module (path or URL) that exports a
 * `Partial<SdkParts>` under `exportName`. Functions cannot cross a process boundary, names can.
 */
export interface PartsRecipe {
  module: string;
  exportName: string;
}

export interface ReadOnceRequest {
  shmDir: string;
  id: string;
  meta: unknown;
  /** Where the pixels go; a file in the kit's scratch directory, removed by the binding. */
  outFile: string;
  sdkOptions: Omit<SdkOptions, 'shmDir'>;
  parts?: PartsRecipe;
}

export type ReadOnceResponse =
  | { kind: 'none'; implMicros: number }
  | { kind: 'image'; dtype: Dtype; shape: number[]; implMicros: number }
  | { kind: 'exception'; type: string; message: string; implMicros: number };

/** The name a developer would see for what was thrown, e.g. "TypeError". */
export function exceptionOf(e: unknown): { type: string; message: string } {
  if (e instanceof Error) return { type: e.constructor?.name || e.name || 'Error', message: e.message };
  return { type: typeof e, message: describe(e) };
}

function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '(a value that cannot be turned into text)';
  }
}
