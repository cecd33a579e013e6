/**
 * `npm run mutants`: the kill matrix. Runs the reference and every mutant through the kit's own
 * CLI in parallel worker processes, judges the blame, writes mutants.json and mutants.md, and
 * exits 0 (every mutant killed with the right blame, references clean, every MUST/SHOULD clause
 * proven), 1 (a problem, listed) or 2 (the matrix itself could not run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { judgeMatrix } from './judge.ts';
import { loadClauses, loadMutants, planRuns, type PlannedRun } from './plan.ts';
import { renderMarkdown, renderTerminal } from './render.ts';
import { stopRunningRuns, type RunSettings } from './runOne.ts';
import { runBatch } from './runBatch.ts';
import { kitFingerprints, RunCache } from './runCache.ts';
import type { RunRecord, Side } from './types.ts';

const HELP = `usage: npm run mutants -- [options]

  --side reader|writer|both   which side's mutants (default both)
  --only a,b                  only these mutants (references always run)
  --jobs N                    parallel pv-conform runs (default: 2, at most the CPU count)
  --seed N                    fast-check seed for every run (default 20261128)
  --num-runs N                cases per reader property (default 10)
  --writer-num-runs N         cases per writer property (default 3)
  --writer-variant "G, T"     the writer scenarios' (generation, transport) pair to run, or "all"
                              (default "v2, fs")
  --profile P                 judge under this profile (default "default"); mutants that break
                              only the default reading of a clause survive other profiles
  --full                      run every mutant on its side's whole suite (slow; for nightly use)
  --rotation K                shift which witness family/clause each mutant runs (default 0)
  --strict                    blame on undeclared clauses fails the matrix too
  --report-dir DIR            where mutants.json and mutants.md go (default pv-reports/mutants)
  --keep-runs                 keep every run's own report directory under DIR/runs
  --timeout-s S               per-run limit (default 600)
  --no-cache                  run everything, neither reading nor writing the cache of earlier runs
                              (.cache/mutants/: a run is reused only when the kit's version, its
                              sources, features, catalog and schemas and the run's arguments match)
  --cache-dir DIR             keep that cache elsewhere`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      side: { type: 'string', default: 'both' },
      only: { type: 'string' },
      jobs: { type: 'string' },
      seed: { type: 'string', default: '20261128' },
      'num-runs': { type: 'string', default: '10' },
      'writer-num-runs': { type: 'string', default: '3' },
      'writer-variant': { type: 'string', default: 'v2, fs' },
      full: { type: 'boolean', default: false },
      profile: { type: 'string', default: 'default' },
      rotation: { type: 'string', default: '0' },
      strict: { type: 'boolean', default: false },
      'report-dir': { type: 'string', default: 'pv-reports/mutants' },
      'keep-runs': { type: 'boolean', default: false },
      'timeout-s': { type: 'string', default: '600' },
      'no-cache': { type: 'boolean', default: false },
      'cache-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const sides: Side[] = values.side === 'both' ? ['reader', 'writer'] : [values.side as Side];
  if (!sides.every((s) => s === 'reader' || s === 'writer')) throw new Error(`--side wants reader, writer or both, got "${values.side}"`);
  const jobs = Math.max(1, Number(values.jobs ?? Math.min(2, availableParallelism())));
  const reportDir = resolve(values['report-dir']!);
  mkdirSync(reportDir, { recursive: true });
  const settings: RunSettings = {
    seed: Number(values.seed),
    profile: values.profile!,
    numRuns: { reader: Number(values['num-runs']), writer: Number(values['writer-num-runs']) },
    timeoutMs: Number(values['timeout-s']) * 1000,
    ...(values['keep-runs'] ? { keepReports: join(reportDir, 'runs') } : {}),
  };
  const clauses = loadClauses();
  const mutants = await loadMutants(sides);
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((n) => !mutants.some((m) => m.name === n)) ?? [];
  if (unknown.length) throw new Error(`unknown mutant(s): ${unknown.join(', ')}`);
  const plan = planRuns(clauses, mutants, {
    sides, full: values.full!, rotation: Number(values.rotation), ...(only ? { only } : {}),
    // The writer reference is the longest run: two shards let both workers share it.
    referenceShards: { writer: jobs > 1 ? jobs : 1 },
    writerVariant: values['writer-variant'] === 'all' ? null : values['writer-variant']!,
  });

  const cache = values['no-cache'] ? undefined : new RunCache(kitFingerprints(), values['cache-dir'] ? resolve(values['cache-dir']) : undefined);
  const started = Date.now();
  console.log(`kill matrix: ${plan.length} runs on ${jobs} workers (seed ${settings.seed}, ` +
    `${settings.numRuns.reader} reader / ${settings.numRuns.writer} writer cases per property)`);
  const runs = await runPool(plan, settings, jobs, cache);
  const wallMs = Date.now() - started;
  const reused = runs.filter((r) => r.cached).length;
  if (reused) console.log(`${reused} of ${runs.length} runs taken from the cache (.cache/mutants; --no-cache runs them all)`);
  cache?.prune();

  // A partial run (--only) cannot prove every clause; its mutants are judged all the same.
  const judgement = judgeMatrix(clauses, only ? mutants.filter((m) => only.includes(m.name)) : mutants, runs, { strict: values.strict!, partial: !!only });
  const meta = {
    seed: settings.seed, numRuns: settings.numRuns, wallMs, jobs, full: values.full!, rotation: Number(values.rotation),
    writerVariant: values['writer-variant']!, profile: values.profile!,
  };
  writeFileSync(join(reportDir, 'mutants.json'), JSON.stringify({ ...meta, judgement, runs }, null, 2) + '\n');
  writeFileSync(join(reportDir, 'mutants.md'), renderMarkdown(judgement, meta));
  console.log(renderTerminal(judgement, wallMs));
  console.log(`reports: ${join(reportDir, 'mutants.md')}, mutants.json`);
  return judgement.ok ? 0 : 1;
}

/**
 * A run whose target or Runner is embedded in the kit: a command line (a served mutant) would
 * start in the batch config's directory, where its relative paths mean nothing, so it runs alone.
 */
function batchable(p: PlannedRun): boolean {
  return p.args.every((a, i) => !['--target', '--runner'].includes(p.args[i - 1] ?? '') || a === 'reference' || a.startsWith('mutant:'));
}

/** The most runs one pv-conform invocation makes: small enough that the workers still end together. */
const MAX_BATCH = 8;

/**
 * Cached runs first, then the rest longest first, `jobs` at a time, a few runs of one side per
 * pv-conform invocation (runBatch.ts), fewer as the queue empties so that no worker is left
 * with a long batch at the end; prints one line per finished run.
 */
async function runPool(plan: PlannedRun[], settings: RunSettings, jobs: number, cache: RunCache | undefined): Promise<RunRecord[]> {
  const done: RunRecord[] = [];
  const queue: PlannedRun[] = [];
  for (const p of [...plan].sort((a, b) => b.cost - a.cost)) {
    const hit = cache?.get(p, settings);
    if (hit) done.push(hit);
    else queue.push(p);
  }
  const nextBatch = (): PlannedRun[] => {
    const size = Math.max(1, Math.min(MAX_BATCH, Math.ceil(queue.length / (jobs * 3))));
    const first = queue.shift();
    if (!first) return [];
    const batch = [first];
    if (!batchable(first)) return batch;
    for (let i = 0; i < queue.length && batch.length < size;) {
      if (queue[i]!.side === first.side && batchable(queue[i]!)) batch.push(...queue.splice(i, 1));
      else i++;
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = nextBatch(); batch.length; batch = nextBatch()) {
      const records = await runBatch(batch, settings);
      records.forEach((r, i) => {
        cache?.put(batch[i]!, settings, r);
        done.push(r);
        const failed = r.scenarios.filter((s) => s.verdict === 'failed').length;
        console.log(`  ${r.side} ${r.mutant ?? 'reference'}${r.scope.includes('shard') ? ` (${r.scope})` : ''}: ` +
          `${r.brokenRun ? 'BROKEN RUN' : `${r.scenarios.length} scenarios, ${failed} failed`} in ${(r.durationMs / 1000).toFixed(1)} s`);
      });
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return done;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    stopRunningRuns();
    process.exit(2);
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    console.error(`mutants: ${(e as Error).message}`);
    process.exitCode = 2;
  },
);
