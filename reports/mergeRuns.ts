/**
 * Joins the results.json of shard runs (`pv-conform run --shard i/n`) into one report that
 * says what an unsharded run of the same suite would say: the union of their scenarios, with
 * clause verdicts, totals, scope, unjudged clauses and the run verdict recomputed from it by the
 * same code a run uses (buildRunReport, reports/scope.ts): a shard's own verdict is never reused.
 *
 * Shards are only comparable when they ran the same thing: the same side, target, profile,
 * readings, seed, cases per property, catalog and kit version. Anything else is refused, not
 * averaged. A missing shard makes the merged run incomplete; a scenario reported by two shards
 * is refused (the shards overlap, so they were not cut from one suite).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Catalog } from '../kit/catalog.ts';
import type { RunParams } from '../kit/run-params.ts';
import { buildRunReport, type RunReport, type Selection } from './runReport.ts';

export class MergeError extends Error {}

export interface MergedRun {
  report: RunReport;
  /** Things a person should know that do not stop the merge (a missing shard). */
  warnings: string[];
}

/** What must be equal for two runs to be parts of one. */
const SAME: Array<[string, (r: RunReport) => unknown]> = [
  ['side', (r) => r.side],
  ['target', (r) => r.target],
  ['profile', (r) => r.profile],
  ['readings', (r) => r.readings],
  ['seed (give every shard the same --seed)', (r) => r.seed],
  ['cases per property (--num-runs)', (r) => r.numRuns],
  ['kit parameters (--cleanup-deadline-ms, --pixel-tolerance, --execute-timeout-ms)', (r) => r.kitParameters ?? {}],
  ['catalog', (r) => r.catalogHash],
  ['kit version', (r) => r.kit.version],
  ['selection other than the shard (paths, --tags, --name)', (r) => ({ ...r.selection, shard: undefined, full: undefined })],
];

export function mergeRuns(runs: { name: string; report: RunReport }[], catalog: Catalog): MergedRun {
  if (runs.length === 0) throw new MergeError('nothing to merge');
  const first = runs[0]!;
  for (const run of runs.slice(1)) {
    for (const [what, get] of SAME) {
      if (!isDeepStrictEqual(get(run.report), get(first.report))) {
        throw new MergeError(`${run.name} and ${first.name} differ in ${what}: ${JSON.stringify(get(run.report))} vs ${JSON.stringify(get(first.report))}`);
      }
    }
  }
  if (first.report.catalogHash !== catalog.hash) {
    throw new MergeError(`${first.name} was run with another catalog than this kit's (${first.report.catalogHash.slice(0, 12)} vs ${catalog.hash.slice(0, 12)})`);
  }

  const warnings: string[] = [];
  const shards = shardCoverage(runs, warnings);
  const seen = new Map<string, string>();
  for (const { name, report } of runs) {
    for (const s of report.scenarios) {
      const other = seen.get(s.location);
      if (other) throw new MergeError(`${s.location} is in both ${other} and ${name}: the runs overlap`);
      seen.set(s.location, name);
    }
  }
  for (const { name, report } of runs) if (!report.complete) warnings.push(`${name} did not run to its end (complete: false)`);

  const base = first.report;
  const params: RunParams = {
    side: base.side,
    target: base.side === 'reader' ? base.target : '',
    runner: base.side === 'writer' ? base.target : '',
    profile: base.profile,
    readings: base.readings,
    seed: base.seed,
    numRuns: base.numRuns,
    scratchDir: '',
    requestTimeoutMs: 0,
    replayBase: base.replayBase,
    ...base.kitParameters,
  };
  const selection = mergedSelection(base, shards.complete);
  const merged = buildRunReport({
    catalog,
    params,
    // In the order a single run reports them (reports/scenarioResults.ts).
    results: runs.flatMap((r) => r.report.scenarios).sort((a, b) => a.uri.localeCompare(b.uri) || a.line - b.line),
    startedAt: new Date(Math.min(...runs.map((r) => Date.parse(r.report.startedAt)))),
    finishedAt: new Date(Math.max(...runs.map((r) => Date.parse(r.report.finishedAt)))),
    envelopes: [],
    complete: shards.complete && runs.every((r) => r.report.complete),
    ...(selection ? { selection } : {}),
  });
  // Who ran, on what, and the implementation's own hello come from the shards, not from here.
  const report: RunReport = {
    ...merged,
    kit: base.kit,
    ...(base.environment ? { environment: base.environment } : {}),
    implementation: runs.map((r) => r.report.implementation).find((i) => i !== null) ?? null,
  };
  if (!base.adapter) delete report.adapter;
  return { report, warnings };
}

/** Every shard of one split, each once; runs without a shard are taken as they are. */
function shardCoverage(runs: { name: string; report: RunReport }[], warnings: string[]): { complete: boolean } {
  const split = runs.map((r) => ({ name: r.name, shard: r.report.selection?.shard }));
  if (split.every((s) => s.shard === undefined)) return { complete: true };
  const parsed = split.map((s) => {
    const m = /^(\d+)\/(\d+)$/.exec(s.shard ?? '');
    if (!m) throw new MergeError(`${s.name} is not a shard run, the others are: merge runs of one split only`);
    return { name: s.name, index: Number(m[1]), total: Number(m[2]) };
  });
  const total = parsed[0]!.total;
  const byIndex = new Map<number, string>();
  for (const p of parsed) {
    if (p.total !== total) throw new MergeError(`${p.name} is shard ${p.index}/${p.total}, ${parsed[0]!.name} is of ${total}: one split only`);
    const twice = byIndex.get(p.index);
    if (twice) throw new MergeError(`${twice} and ${p.name} are both shard ${p.index}/${total}`);
    byIndex.set(p.index, p.name);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) warnings.push(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing: the merged run is incomplete`);
  return { complete: missing.length === 0 };
}

/** All shards of a full run make a full run; a partial set stays a selection. */
function mergedSelection(base: RunReport, allShards: boolean): Selection | undefined {
  const s = base.selection;
  if (!s) return undefined;
  const { shard: _, ...rest } = s;
  const narrowed = rest.tags !== undefined || rest.name !== undefined || !isDeepStrictEqual(rest.paths, [`features/${base.side}`]);
  return { ...rest, full: allShards && !narrowed };
}

/** One JUnit document out of the shards' (each a single <testsuite>): a <testsuites> of them. */
export function mergeJunit(documents: string[]): string {
  const suites = documents.map((d) => d.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim()).filter(Boolean);
  return `<?xml version="1.0"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}
