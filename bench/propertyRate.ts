/**
 * (c) Property cases per second under cucumber against the in-process reference, versus the
 * raw cost of the same generator's cases: drawing the recipes with the same seed, generating
 * the frames (sharp encodes) and decoding them (sharp, the kit's decoder). The difference is
 * the property machinery, the store/read/clear calls and the checks.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatorNamed } from '../generators/registry.ts';
import { kitDecode } from '../kit/decode.ts';
import { kitRoot } from '../kit/paths.ts';
import { runReaderSuite } from './cucumberInProcess.ts';
import { nowMs } from './timing.ts';

export interface PropertyRate {
  generator: string;
  scenario: string;
  cases: number;
  underCucumberPerSec: number;
  rawPerSec: number;
  /** How many times slower a case is under the kit than generating and decoding it. */
  ratio: number;
}

/** The scenario that draws from `generator` in `feature`, as a path:line cucumber accepts. */
function scenarioUsing(feature: string, generator: string): string {
  const lines = readFileSync(join(kitRoot, feature), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes(`from generator "${generator}"`));
  for (let i = at; i >= 0; i--) if (/^\s*Scenario/.test(lines[i]!)) return `${feature}:${i + 1}`;
  throw new Error(`no scenario uses generator ${generator} in ${feature}`);
}

export async function propertyRateBench(seed: number, numRuns = 50, generator = 'jpeg-variant'): Promise<PropertyRate> {
  const entry = generatorNamed(generator);
  const cases = Math.min(numRuns, entry.suggestedNumRuns ?? Infinity);
  const scenario = scenarioUsing('features/reader/decoding-and-jpeg-only.feature', generator);
  await runReaderSuite({ paths: [scenario], seed, numRuns }); // warm-up
  const run = await runReaderSuite({ paths: [scenario], seed, numRuns });
  const [result] = run.scenarios;
  if (!result || result.verdict !== 'passed') throw new Error(`${scenario} did not pass: ${result?.verdict}`);

  const recipes = fc.sample(entry.arbitrary, { seed, numRuns: cases });
  const t0 = nowMs();
  for (const recipe of recipes) {
    const sample = await entry.materialize(recipe);
    if (sample.kind === 'encoded') await kitDecode(sample.bytes);
  }
  const rawMs = nowMs() - t0;
  const underCucumberPerSec = cases / (result.durationMs / 1000);
  const rawPerSec = cases / (rawMs / 1000);
  return { generator, scenario, cases, underCucumberPerSec, rawPerSec, ratio: rawPerSec / underCucumberPerSec };
}
