/**
 * `pv-conform run`: runs the features of one side against a target through cucumber's API,
 * writes every report from the message stream, prints a summary a person can act on.
 */
import type { Envelope } from '@cucumber/messages';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalog, resolveReadings } from '../kit/catalog.ts';
import type { RunParams } from '../kit/run-params.ts';
import { scenarioResults } from '../reports/scenarioResults.ts';
import { formatGate, gate, readExpectations } from '../reports/expectations.ts';
import { buildRunReport, exitCodeOf } from '../reports/runReport.ts';
import { printSummary } from '../reports/summary.ts';
import { writeReports } from '../reports/writeReports.ts';
import { parse, UsageError } from './args.ts';
import { MAX_FORCED_PARALLEL, MAX_NUM_RUNS, runNumbers } from './runOptions.ts';
import { inputFile } from './inputFile.ts';
import { resolveReaderTarget } from '../adapter/resolveReaderTarget.ts';
import { DEFAULT_MEMORY_LIMIT_MB } from '../adapter/subprocess/memoryLimit.ts';
import { runCucumberSupervised, withoutScenariosNotRun } from './supervisedCucumber.ts';

const RUN_HELP = `usage: pv-conform run [options] [feature[:line] ...]

  --side reader|writer      which side to certify (default reader)
  --target T                reader target: reference (default), mutant:<name>, or a command line
                            speaking the subprocess adapter protocol
  --runner R                writer side: reference (default), mutant:<name>, or a Runner driver command
  --profile P               reading of ambiguous clauses: default (the documents decide), strict, permissive
  --reading CLAUSE=READING  override one reading (repeatable)
  --tags EXPR               cucumber tag expression, e.g. "@RD-CS-01 or @RD-META-02"
  --name REGEX              only scenarios whose name matches
  --seed N                  fast-check seed, a 32-bit integer (default: random, printed)
  --num-runs N              cases per property, 1 to ${MAX_NUM_RUNS} (default 50)
  --path P                  fast-check replay path (with --seed, to replay one counterexample)
  --report-dir DIR          where reports go (default pv-reports)
  --timeout MS              per-request timeout for out-of-process targets, 1 to 2147483647 (default 30000)
  --memory-limit-mb MB      memory an out-of-process target may allocate (default ${DEFAULT_MEMORY_LIMIT_MB}; 0: no limit)
  --parallel N              cucumber worker processes, at most the cores here (default 1)
  --force-parallel          allow --parallel above the core count (up to ${MAX_FORCED_PARALLEL})
  --shard I/N               run only shard I of N, 1 <= I <= N (deterministic split)
  --expectations FILE       gate on a baseline of known deviations: exit 0 when only those fail,
                            1 on a new failure or when a listed failure now passes
  --quiet                   print only the verdict line (and the scope and unjudged lines above it)
  --verbose                 also print cucumber's own progress output

exit codes: 0 conformant; 1 non-conformant, or incomplete because a MUST clause in scope was not
judged (e.g. the target lacks write-bytes, write-array or clear); 2 the kit or the target could
not run (stopped, errored scenarios, a failed hello) or bad usage. See docs/reports.md.`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    side: { type: 'string', default: 'reader' },
    target: { type: 'string', default: 'reference' },
    runner: { type: 'string', default: 'reference' },
    profile: { type: 'string', default: 'default' },
    reading: { type: 'string', multiple: true },
    tags: { type: 'string' },
    name: { type: 'string' },
    seed: { type: 'string' },
    'num-runs': { type: 'string' },
    path: { type: 'string' },
    'report-dir': { type: 'string', default: 'pv-reports' },
    timeout: { type: 'string' },
    'memory-limit-mb': { type: 'string' },
    parallel: { type: 'string' },
    'force-parallel': { type: 'boolean', default: false },
    shard: { type: 'string' },
    expectations: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  }, true);
  if (values.help) {
    console.log(RUN_HELP);
    return 0;
  }
  const side = values.side;
  if (side !== 'reader' && side !== 'writer') throw new UsageError(`--side must be reader or writer, got "${side}"`);
  if (values.path && values.seed === undefined) throw new UsageError('--path replays a counterexample only together with its --seed');
  // Every numeric option in its range before anything runs (cli/runOptions.ts).
  const { seed, numRuns, parallel, requestTimeoutMs, memoryLimitMb } = runNumbers(values);

  // Read before the run so a broken baseline fails at once, not after minutes of scenarios.
  const expectations = values.expectations ? inputFile(() => readExpectations(values.expectations!)) : undefined;
  const catalog = loadCatalog();
  const overrides: Record<string, string> = {};
  for (const r of values.reading ?? []) {
    const m = /^([A-Z]+-[A-Z]+-\d+)=([a-z0-9-]+)$/.exec(r);
    if (!m) throw new UsageError(`--reading wants CLAUSE=READING, got "${r}"`);
    overrides[m[1]!] = m[2]!;
  }
  const readings = resolveReadings(catalog, values.profile!, overrides);
  const reportDir = resolve(values['report-dir']!);
  mkdirSync(reportDir, { recursive: true });
  if (side === 'reader') await checkReaderTarget(values.target!);
  // The probe a Runner starts, built (or found in the cache) once here, before any worker needs it.
  if (side === 'writer') await (await import('../probe/bundle.ts')).probeBundle();
  const scratchDir = mkdtempSync(join(tmpdir(), 'pv-conform-'));

  const who = side === 'reader' ? `--target ${shellQuote(values.target!)}` : `--side writer --runner ${shellQuote(values.runner!)}`;
  const replayBase = ['pv-conform run', who, values.profile !== 'default' ? `--profile ${values.profile}` : '',
    ...(values.reading ?? []).map((r) => `--reading ${r}`)].filter(Boolean).join(' ');
  const params: RunParams = {
    side, target: values.target!, runner: values.runner!, profile: values.profile!, readings, seed, numRuns,
    ...(values.path ? { path: values.path } : {}), scratchDir, requestTimeoutMs, memoryLimitMb, replayBase,
  };

  const featureDir = side === 'reader' ? 'features/reader' : 'features/writer';
  const paths = positionals.length ? positionals : [featureDir];
  // Parallel workers are separate node processes: they need tsx to load the steps.
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS ?? '', '--import tsx'].join(' ').trim();
  const envelopes: Envelope[] = [];
  const startedAt = new Date();
  let cucumberOk = false;
  let aborted: string | undefined;
  let notRun = new Set<string>();
  try {
    // In a supervised child process: Ctrl-C and SIGTERM end it cleanly (supervisedCucumber.ts).
    const supervised = await runCucumberSupervised({
      verbose: values.verbose!,
      onEnvelope: (e) => envelopes.push(e),
      provided: {
        paths,
        import: ['steps/support/**/*.ts', `steps/${side}/**/*.ts`],
        format: [
          `message:${join(reportDir, 'messages.ndjson')}`,
          `html:${join(reportDir, 'cucumber.html')}`,
          `junit:${join(reportDir, 'junit.xml')}`,
        ],
        formatOptions: { junit: { suiteName: `pv-conform ${side}` } },
        ...(values.tags ? { tags: values.tags } : {}),
        ...(values.name ? { name: [values.name] } : {}),
        ...(values.shard ? { shard: values.shard } : {}),
        parallel: parallel > 1 ? parallel : 0,
        worldParameters: params as unknown as Record<string, never>,
        strict: true,
      },
    });
    cucumberOk = supervised.finished;
    aborted = supervised.abortedBy;
    notRun = supervised.notRun;
    if (supervised.failure) console.error(`pv-conform run: cucumber could not run: ${supervised.failure}`);
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
  if (aborted) {
    // The stream as far as the run got: what results.json is derived from, so both agree.
    envelopes.splice(0, envelopes.length, ...withoutScenariosNotRun(envelopes, notRun));
    writeFileSync(join(reportDir, 'messages.ndjson'), envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }

  const results = scenarioResults(envelopes);
  const selection = {
    full: !positionals.length && !values.tags && !values.name && !values.shard, paths,
    ...(values.tags ? { tags: values.tags } : {}), ...(values.name ? { name: values.name } : {}), ...(values.shard ? { shard: values.shard } : {}),
  };
  const report = buildRunReport({ catalog, params, results, startedAt, finishedAt: new Date(), envelopes, complete: cucumberOk && !aborted, selection });
  writeReports(reportDir, report, catalog);
  printSummary(report, catalog, { quiet: values.quiet!, reportDir });
  if (aborted) console.error(`pv-conform run: stopped by ${aborted}: ${report.scenarios.length} scenarios ran; the reports are partial (complete: false)`);
  if (!cucumberOk || aborted) return 2;
  if (expectations) {
    const g = gate(report, expectations);
    console.log(formatGate(values.expectations!, g));
    return g.exitCode;
  }
  return exitCodeOf(report);
}

/** Unknown embedded targets fail before any scenario runs, with the list of known ones. */
async function checkReaderTarget(target: string): Promise<void> {
  if (target !== 'reference' && !target.startsWith('mutant:')) return;
  try {
    await resolveReaderTarget(target);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
