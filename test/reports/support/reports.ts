/**
 * Synthetic runs for report tests: real RunReport objects built by the kit's own code from
 * hand-made scenario results, so tests are fast and still exercise the schema.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadCatalog, resolveReadings } from '../../../kit/catalog.ts';
import { kitRoot } from '../../../kit/paths.ts';
import type { RunParams } from '../../../kit/run-params.ts';
import { buildRunReport, type RunReport, type Selection } from '../../../reports/runReport.ts';
import type { ScenarioResult, Verdict } from '../../../reports/scenarioResults.ts';
import type { FailureImage } from '../../../steps/support/failure.ts';

export const catalog = loadCatalog();

export function params(over: Partial<RunParams> = {}): RunParams {
  return {
    side: 'reader', target: 'mutant:example', runner: 'reference', profile: 'default',
    readings: resolveReadings(catalog, 'default'), seed: 42, numRuns: 5, scratchDir: tmpdir(), requestTimeoutMs: 1000,
    replayBase: 'pv-conform run --target mutant:example', ...over,
  };
}

export function scenario(line: number, clause: string, verdict: Verdict, over: Partial<ScenarioResult> = {}): ScenarioResult {
  const uri = 'features/reader/color-space.feature';
  return {
    location: `${uri}:${line}`, uri, line, name: `scenario on line ${line}`, clauses: [clause], tags: [`@${clause}`], verdict, durationMs: 3,
    ...(verdict === 'failed' ? {
      failure: { clause, summary: `pixels differ: expected 21,141,224 got 224,141,21`, input: 'RGB uint8 array 1x1', expected: 'reversed', actual: 'as stored' },
    } : {}),
    ...over,
  };
}

export function report(results: ScenarioResult[], over: Partial<RunParams> = {}, selection?: Selection): RunReport {
  const t = new Date('2026-01-02T03:04:05.000Z');
  return buildRunReport({ catalog, params: params(over), results, startedAt: t, finishedAt: new Date(t.getTime() + 1500), envelopes: [], complete: true,
    selection: selection ?? { full: true, paths: [`features/${over.side ?? 'reader'}`] } });
}

/** A solid-colour 1x1 picture, as the kit's failure images carry them. */
export async function solid(label: FailureImage['label'], rgb: [number, number, number]): Promise<FailureImage> {
  const png = await sharp(Buffer.from(rgb), { raw: { width: 1, height: 1, channels: 3 } }).png().toBuffer();
  return { label, width: 1, height: 1, pngBase64: png.toString('base64') };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

/** Runs the CLI as a user would; small runs only (a tag and a few cases per property). */
export function cli(args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', ...args], { cwd: kitRoot, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}
