/**
 * Runs reader features in this process through cucumber's API, as `pv-conform run` does in its
 * child, with the benchmark's call recorder loaded. Support code is loaded once and reused:
 * cucumber cannot import ESM step files twice in one process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { loadCatalog, resolveReadings } from '../kit/catalog.ts';
import { kitRoot } from '../kit/paths.ts';
import type { RunParams } from '../kit/run-params.ts';
import { scenarioResults, type ScenarioResult } from '../reports/scenarioResults.ts';
import { nowMs } from './timing.ts';

let support: unknown;

export interface SuiteRun {
  ms: number;
  scenarios: ScenarioResult[];
  success: boolean;
}

export async function runReaderSuite(opts: { paths?: string[]; seed: number; numRuns: number; target?: string }): Promise<SuiteRun> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'pv-bench-'));
  const params: RunParams = {
    side: 'reader', target: opts.target ?? 'reference', runner: 'reference', profile: 'default',
    readings: resolveReadings(loadCatalog(), 'default'), seed: opts.seed, numRuns: opts.numRuns,
    scratchDir, requestTimeoutMs: 60_000, replayBase: 'pv-conform run',
  };
  try {
    const { runConfiguration } = await loadConfiguration({
      file: false,
      provided: {
        paths: opts.paths ?? ['features/reader'],
        import: ['steps/support/**/*.ts', 'steps/reader/**/*.ts', 'bench/support/**/*.ts'],
        format: [],
        worldParameters: params as unknown as Record<string, never>,
        strict: true,
      },
    }, { cwd: kitRoot });
    const envelopes: Envelope[] = [];
    const t0 = nowMs();
    const result = await runCucumber(
      support ? { ...runConfiguration, support: support as never } : runConfiguration,
      { cwd: kitRoot, stdout: new PassThrough().resume(), stderr: process.stderr },
      (e) => envelopes.push(e),
    );
    const ms = nowMs() - t0;
    support = result.support;
    return { ms, scenarios: scenarioResults(envelopes), success: result.success };
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
