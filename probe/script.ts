/** Reads the kit's instruction for the call that just arrived. */
import { readFileSync } from 'node:fs';
import { wireErrors } from '../adapter/runner/wire-schemas.ts';

export type Reply = 'ok' | 'ng' | 'error-result' | 'error-frame' | 'crash' | 'hang' | 'junk';
export interface Behaviour { reply: Reply; delayMs: number }
export interface Script { step: number; behaviour: Behaviour }

export function readScript(path: string): Script {
  const value = JSON.parse(readFileSync(path, 'utf8'));
  const problems = wireErrors('runner-driver/probe-script.schema.json', value);
  if (problems) throw new Error(`probe script ${path}: ${problems}`);
  return value as Script;
}
