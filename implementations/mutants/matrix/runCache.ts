/**
 * The kill matrix, incremental: a run's record is kept under `<kit>/.cache/mutants/` and reused
 * when nothing that could change its outcome changed. The key hashes
 * - the kit's version (a record is never trusted across kit versions),
 * - the run's own arguments and settings (mutant, scope, seed, cases, profile, readings),
 * - every file a run of its side can execute or read: the kit's code (the CLI, the steps, the
 *   adapters, the generators, the reports, the probe), the reference implementations and every
 *   mutant (also those served over a protocol, which run from the sources), the features, the
 *   catalog, the schemas and the locked dependency versions; minus what only the other side's
 *   runs use (ONLY_READER, ONLY_WRITER), so work on one side keeps the other's records.
 * Coarse on purpose: a cached verdict is always one the current kit would give. Editing tests,
 * docs or benchmarks keeps the cache. Runs that broke (timed out, no results) are never kept.
 * Every change to the kit leaves the records of the kit before it behind, so the cache keeps
 * the MAX_RECORDS used most recently (a read marks a record used) and removes the rest.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kitRoot } from '../../../kit/paths.ts';
import { inputKey, listing } from '../../../kit/bundle/inputKey.mjs';
import type { PlannedRun } from './plan.ts';
import type { RunSettings } from './runOne.ts';
import type { RunRecord, Side } from './types.ts';

export const RUN_CACHE_DIR = join(kitRoot, '.cache', 'mutants');

/** About ten whole matrices of both sides (some 110 records each), 12 MB or so. */
export const MAX_RECORDS = 1000;

/** Everything a run may execute or read, relative to the kit's root. */
const RUN_INPUTS = ['adapter', 'adapters', 'bin', 'catalog', 'cli', 'expectations', 'features', 'generators', 'implementations', 'kit', 'probe', 'reports', 'schemas', 'steps'];
const RUN_INPUT_FILES = ['package.json', 'package-lock.json'];

/**
 * What only one side's runs use. No step, adapter or implementation of one side imports these
 * of the other (test/mutants/runCache.test.ts checks the imports), and a run loads one side's
 * features and steps only.
 */
export const ONLY_READER = ['steps/reader/', 'features/reader/', 'implementations/reference-sdk/', 'implementations/mutants/reader/',
  'implementations/mutants/readerMutants.ts', 'implementations/mutants/serveMutant.ts', 'adapter/subprocess/serveReference.ts'];
export const ONLY_WRITER = ['steps/writer/', 'features/writer/', 'implementations/reference-runner/', 'implementations/mutants/writer/',
  'implementations/mutants/writerMutants.ts', 'probe/'];

/** The files a run of `side` depends on. */
export function runInputs(side: Side): string[] {
  const other = side === 'reader' ? ONLY_WRITER : ONLY_READER;
  return [...RUN_INPUTS.flatMap((d) => listing(kitRoot, d, '')), ...RUN_INPUT_FILES]
    .filter((f) => !other.some((p) => f.startsWith(p)) && !f.includes('/__pycache__/'));
}

/** Per side, the hash of the kit's version and of every file its runs depend on. */
export function kitFingerprints(): Record<Side, string> {
  const version = (JSON.parse(readFileSync(join(kitRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const of = (side: Side) => `pv-conform ${version} ${side} ${inputKey(kitRoot, `matrix-${side}`, runInputs(side), [])}`;
  return { reader: of('reader'), writer: of('writer') };
}

export class RunCache {
  constructor(private readonly fingerprints: Record<Side, string>, dir?: string) {
    this.dir = dir ?? RUN_CACHE_DIR;
  }

  private readonly dir: string;

  key(plan: PlannedRun, settings: RunSettings): string {
    const { keepReports: _k, timeoutMs: _t, ...judged } = settings;
    return createHash('sha256').update(JSON.stringify({ fingerprint: this.fingerprints[plan.side], args: plan.args, side: plan.side, mutant: plan.mutant, settings: judged }))
      .digest('hex').slice(0, 40);
  }

  get(plan: PlannedRun, settings: RunSettings): RunRecord | undefined {
    const file = join(this.dir, `${this.key(plan, settings)}.json`);
    try {
      const r = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
      if (!Array.isArray(r.scenarios) || r.brokenRun) return undefined;
      const now = new Date();
      utimesSync(file, now, now); // used: the last to go when the cache is pruned
      return { ...r, scope: plan.scope, scopeClauses: plan.scopeClauses, cached: true };
    } catch {
      return undefined;
    }
  }

  /** Removes all but the `keep` records used or written most recently; returns how many went. */
  prune(keep = MAX_RECORDS): number {
    let records: Array<{ file: string; used: number }>;
    try {
      records = readdirSync(this.dir).filter((f) => /^[0-9a-f]{40}\.json$/.test(f))
        .map((f) => ({ file: join(this.dir, f), used: statSync(join(this.dir, f)).mtimeMs }));
    } catch {
      return 0; // no cache yet
    }
    const gone = records.sort((a, b) => b.used - a.used).slice(keep);
    for (const { file } of gone) rmSync(file, { force: true });
    return gone.length;
  }

  put(plan: PlannedRun, settings: RunSettings, record: RunRecord): void {
    if (record.brokenRun) return;
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, `${this.key(plan, settings)}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(record));
    renameSync(tmp, file);
  }
}
