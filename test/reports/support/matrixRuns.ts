/**
 * Real runs for the `pv-conform matrix` tests: short CLI runs of several targets, each in its own
 * report directory, with the per-clause readingsSatisfied the page compares.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertValid } from '../../../kit/schemas.ts';
import type { RunReport } from '../../../reports/runReport.ts';
import { catalog, cli } from './reports.ts';

export const PYTHON_SHIM = '/usr/bin/python3 adapters/python/pv_conform_shim.py --sdk-path implementations/python-fixture-sdk';

/** Runs a target as a user would (3 cases per property, fixed seed) into `dir`. */
export function runInto(dir: string, target: string): void {
  const run = cli(['run', '--target', target, '--quiet', '--report-dir', dir, '--num-runs', '3', '--seed', '11']);
  assert.ok(existsSync(join(dir, 'results.json')), `no results.json from ${target} (exit ${run.code}):\n${run.out.slice(-3000)}`);
  assert.ok(run.code === 0 || run.code === 1, `${target} could not run (exit ${run.code}):\n${run.out.slice(-3000)}`);
}

/**
 * Readings every observation satisfied, as a run that records them writes them. Runs made before
 * the kit recorded readingsSatisfied lack it: then the test writes it in from what the target is
 * known to do (`known`: clause -> reading ids it does NOT satisfy), every other clause with
 * readings satisfying all of them, and the result must still match the schema.
 * Returns whether it had to patch.
 */
export function ensureReadingsSatisfied(dir: string, known: Record<string, string[]>): boolean {
  const file = join(dir, 'results.json');
  const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
  const clauses = report.clauses;
  if (clauses.some((c) => c.readingsSatisfied !== undefined)) return false;
  for (const c of clauses) {
    const readings = catalog.byId.get(c.id)?.readings;
    if (!readings?.length || c.scenarios === 0) continue;
    const not = known[c.id] ?? [];
    c.readingsSatisfied = readings.map((r) => r.id).filter((id) => !not.includes(id));
    c.readingsObserved = c.counts.passed + c.counts.failed;
  }
  assertValid('results.schema.json', report, file);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return true;
}

/** What the page's reader needs to tell columns and rows apart. */
export function readReport(dir: string): RunReport {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunReport;
}
