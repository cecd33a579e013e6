/**
 * Runs the writer features programmatically and reports each scenario's status with its tags.
 * Support code is loaded once per process and reused: cucumber cannot re-import ESM step files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { kitRoot } from '../../kit/paths.ts';
import { loadCatalog, resolveReadings } from '../../kit/catalog.ts';
import type { RunParams } from '../../kit/run-params.ts';

export interface ScenarioResult {
  name: string;
  tags: string[];
  status: string;
  message?: string;
  /** The clause the failure names ("[WR-..]" at the head of a ConformanceFailure). */
  blamed?: string;
}

export interface WriterRun {
  scenarios: ScenarioResult[];
  failingTags: Set<string>;
  blamed: Set<string>;
  scratchDir: string;
}

let support: unknown;

export function writerParams(runner: string, scratchDir: string, over: Partial<RunParams> = {}): RunParams {
  const profile = over.profile ?? 'default';
  return {
    side: 'writer',
    target: '',
    runner,
    profile,
    readings: resolveReadings(loadCatalog(), profile),
    seed: 424242,
    numRuns: 4,
    scratchDir,
    requestTimeoutMs: 30_000,
    replayBase: `pv-conform run --side writer --runner ${runner}`,
    ...over,
  };
}

const RANK = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

export async function runWriter(runner: string, opts: { tags?: string; name?: string; params?: Partial<RunParams> } = {}): Promise<WriterRun> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'pv-writer-test-'));
  const params = writerParams(runner, scratchDir, opts.params);
  const { runConfiguration } = await loadConfiguration({
    provided: {
      paths: ['features/writer'],
      import: ['steps/writer/**/*.ts', 'steps/support/**/*.ts'],
      worldParameters: params as unknown as Record<string, never>,
      format: [],
      ...(opts.tags ? { tags: opts.tags } : {}),
      ...(opts.name ? { name: [opts.name] } : {}),
    },
  }, { cwd: kitRoot });
  const pickles = new Map<string, { name: string; tags: string[] }>();
  const caseToPickle = new Map<string, string>();
  const startedToCase = new Map<string, string>();
  const worst = new Map<string, { status: string; message?: string }>();
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const result = await runCucumber(
    support ? { ...runConfiguration, support: support as never } : runConfiguration,
    { cwd: kitRoot, stdout: sink, stderr: sink },
    (env: Envelope) => {
      if (env.pickle) pickles.set(env.pickle.id, { name: env.pickle.name, tags: env.pickle.tags.map((t) => t.name) });
      if (env.testCase) caseToPickle.set(env.testCase.id, env.testCase.pickleId);
      if (env.testCaseStarted) startedToCase.set(env.testCaseStarted.id, env.testCaseStarted.testCaseId);
      if (env.testStepFinished) {
        const id = env.testStepFinished.testCaseStartedId;
        const r = env.testStepFinished.testStepResult;
        const prev = worst.get(id);
        if (!prev || RANK.indexOf(r.status) > RANK.indexOf(prev.status)) {
          worst.set(id, { status: r.status, ...(r.message ? { message: r.message } : {}) });
        }
      }
    },
  );
  support = result.support;
  const scenarios: ScenarioResult[] = [];
  for (const [startedId, r] of worst) {
    const pickle = pickles.get(caseToPickle.get(startedToCase.get(startedId)!)!)!;
    const blamed = /\[((?:RD|WR)-[A-Z]+-[0-9]{2})\]/.exec(r.message ?? '')?.[1];
    scenarios.push({ name: pickle.name, tags: pickle.tags, ...r, ...(blamed ? { blamed } : {}) });
  }
  const failingTags = new Set(scenarios.filter((s) => s.status !== 'PASSED').flatMap((s) => s.tags));
  const blamed = new Set(scenarios.flatMap((s) => (s.blamed ? [s.blamed] : [])));
  return { scenarios, failingTags, blamed, scratchDir };
}

export function removeScratch(run: WriterRun): void {
  rmSync(run.scratchDir, { recursive: true, force: true });
}
