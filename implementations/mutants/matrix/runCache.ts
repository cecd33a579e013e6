/**
 * The kill matrix, incremental: a run's record is kept under `<kit>/.cache/mutants/` and reused
 * when nothing that could change its outcome changed. The key hashes
 * - the kit's version (a record is never trusted across kit versions),
 * - the run's own arguments and settings (mutant, scope, seed, cases, profile, readings),
 * - every file the kit runs from: the TypeScript the kit bundle is built from (the CLI, the
 *   steps, the adapters, the reference implementations and every mutant: kit/bundle/), the
 *   probe bundle's inputs, and every file of the features, the catalog and the schemas.
 * Any change to those invalidates every record: coarse, so that a cached verdict is always one
 * the current kit would give. Editing tests, docs or benchmarks keeps the cache.
 * Runs that broke (timed out, no results) are never kept.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kitRoot } from '../../../kit/paths.ts';
import { inputKey, listing, readManifest } from '../../../kit/bundle/inputKey.mjs';
import { kitBundle, kitBundleCache, KIT_BUNDLE } from '../../../kit/bundle/kitBundle.ts';
import { ensureProbeBundle } from '../../../probe/bundle.ts';
import type { PlannedRun } from './plan.ts';
import type { RunSettings } from './runOne.ts';
import type { RunRecord } from './types.ts';

export const RUN_CACHE_DIR = join(kitRoot, '.cache', 'mutants');

/** The hash of the kit's version and of everything a run executes or reads. */
export async function kitFingerprint(): Promise<string> {
  const version = (JSON.parse(readFileSync(join(kitRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const code = (await kitBundle()) ? readManifest(kitBundleCache, KIT_BUNDLE)?.inputs : undefined;
  if (!code) throw new Error('the kit bundle (kit/bundle/) could not be built, so the sources cannot be fingerprinted');
  const probe = await ensureProbeBundle();
  const data = ['features', 'catalog', 'schemas'].flatMap((d) => listing(kitRoot, d, ''));
  return createHash('sha256')
    .update(`pv-conform ${version}\n`)
    .update(`code ${inputKey(kitRoot, 'matrix-code', code, [])}\n`)
    .update(`probe ${probe.key}\n`)
    .update(`data ${inputKey(kitRoot, 'matrix-data', data, [])}\n`)
    .digest('hex');
}

export class RunCache {
  constructor(private readonly fingerprint: string, dir?: string) {
    this.dir = dir ?? RUN_CACHE_DIR;
  }

  private readonly dir: string;

  key(plan: PlannedRun, settings: RunSettings): string {
    const { keepReports: _k, timeoutMs: _t, ...judged } = settings;
    return createHash('sha256').update(JSON.stringify({ fingerprint: this.fingerprint, args: plan.args, side: plan.side, mutant: plan.mutant, settings: judged }))
      .digest('hex').slice(0, 40);
  }

  get(plan: PlannedRun, settings: RunSettings): RunRecord | undefined {
    try {
      const r = JSON.parse(readFileSync(join(this.dir, `${this.key(plan, settings)}.json`), 'utf8')) as RunRecord;
      return Array.isArray(r.scenarios) && !r.brokenRun ? { ...r, scope: plan.scope, scopeClauses: plan.scopeClauses, cached: true } : undefined;
    } catch {
      return undefined;
    }
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
