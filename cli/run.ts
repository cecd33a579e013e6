/**
 * `pv-conform run`: runs the features of one side against a target through cucumber's API,
 * writes every report from the message stream, prints a summary a person can act on.
 */
import type { Envelope } from '@cucumber/messages';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalog, resolveReadings } from '../kit/catalog.ts';
import { fsErrorText, writeFileAtomic } from '../kit/outputFile.ts';
import { WRITER_PARAMETER_DEFAULTS, writerParameters, type RunParams, type WriterParameters } from '../kit/run-params.ts';
import { ReportDir } from '../reports/reportDir.ts';
import { scenarioResults } from '../reports/scenarioResults.ts';
import { formatGate, gate, readExpectations } from '../reports/expectations.ts';
import { buildRunReport, exitCodeOf } from '../reports/runReport.ts';
import { printSummary } from '../reports/summary.ts';
import { writeReports } from '../reports/writeReports.ts';
import type { ParseArgsConfig } from 'node:util';
import { parse, UsageError } from './args.ts';
import { MAX_CLEANUP_DEADLINE_MS, MAX_EXECUTE_TIMEOUT_MS, MAX_FORCED_PARALLEL, MAX_NUM_RUNS, defaultWorkers, runNumbers, WRITER_PARALLEL_FROM, writerNumbers } from './runOptions.ts';
import { preflight } from './preflight.ts';
import type { RunnerInfo } from '../adapter/runner/types.ts';
import { inputFile } from './inputFile.ts';
import { nodeCommandLine, pythonCommandLine, resolveReaderTarget } from '../adapter/resolveReaderTarget.ts';
import { DEFAULT_MEMORY_LIMIT_MB } from '../adapter/subprocess/memoryLimit.ts';
import { runCucumberSupervised, withoutScenariosNotRun } from './supervisedCucumber.ts';
import { countSelected, userFeaturePaths } from './selection.ts';
import { ProgressLine, progressWanted } from './progress.ts';
import { bundledEntry } from '../kit/bundle/entries.ts';
import { stepGlobs } from '../kit/bundle/stepFiles.ts';

const RUN_HELP = `usage: pv-conform run [options] [feature[:line] ...]

  --side reader|writer      which side to certify (default reader)
  --target T                reader target: reference (default), mutant:<name>, python:<sdk dir or
                            module> (a Python SDK through the bundled shim), node:<module> (a
                            JavaScript/TypeScript SDK module, path or package), or a command line
                            speaking the subprocess adapter protocol
  --python EXE              the interpreter for --target python:... (default /usr/bin/python3)
  --runner R                writer side: reference (default), mutant:<name>, or a Runner driver command
  --profile P               reading of ambiguous clauses: default (the documents decide), strict, permissive
  --reading CLAUSE=READING  override one reading (repeatable)
  --tags EXPR               cucumber tag expression, e.g. "@RD-CS-01 or @RD-META-02"
  --name REGEX              only scenarios whose name matches
  --seed N                  fast-check seed, a 32-bit integer (default: random, printed)
  --num-runs N              cases per property, 1 to ${MAX_NUM_RUNS} (default 50)
  --path P                  fast-check replay path (with --seed, to replay one counterexample)
  --no-shrink               stop a failing property at its first failing case instead of shrinking
                            it to a minimal counterexample: same verdicts, faster failing runs
  --report-dir DIR          where reports go (default pv-reports): a new or empty directory, or one
                            a run wrote before (only its reports are replaced); see docs/reports.md
  --timeout MS              per-request timeout for out-of-process targets, 1 to 2147483647 (default 30000)
  --memory-limit-mb MB      memory an out-of-process target may allocate (default ${DEFAULT_MEMORY_LIMIT_MB}; 0: no limit)
  --parallel N              cucumber worker processes, at most the cores here (default 1;
                            2 for a writer run of ${WRITER_PARALLEL_FROM} or more scenarios, cores allowing)
  --force-parallel          allow --parallel above the core count (up to ${MAX_FORCED_PARALLEL})
  --cleanup-deadline-ms MS  writer side: how long after a step's outcome its segments may remain
                            (default ${WRITER_PARAMETER_DEFAULTS.cleanupDeadlineMs}; 0 to ${MAX_CLEANUP_DEADLINE_MS})
  --pixel-tolerance N       writer side: mean absolute error per 8-bit sample JPEG loss may cost
                            (default ${WRITER_PARAMETER_DEFAULTS.pixelTolerance}; 0 to 255)
  --execute-timeout-ms MS   writer side: the execute timeout of scenarios that set none
                            (default ${WRITER_PARAMETER_DEFAULTS.executeTimeoutMs}; 1 to ${MAX_EXECUTE_TIMEOUT_MS}); a run with any of
                            these three away from its default issues no certificate
  --shard I/N               run only shard I of N, 1 <= I <= N (deterministic split)
  --expectations FILE       gate on a baseline of known deviations: exit 0 when only those fail,
                            1 on a new failure or when a listed failure now passes
  --quiet                   print only the verdict line (and the scope and unjudged lines above it)
  --verbose                 also print cucumber's own progress output
  --progress, --no-progress a live line on stderr (done/total, failures, elapsed, ETA): shown by
                            default on a terminal, not in CI (CI set) or with --quiet or --verbose
  --config FILE             options from FILE (default: pv-conform.config.json or .mjs here, when
                            there is one); the command line overrides them; see docs/config.md
  --no-config               ignore pv-conform.config.json and .mjs
  --only NAME               with a config naming several targets, run only this one (repeatable)

Paths (feature files, --report-dir, --expectations, and those inside a --target or --runner
command line, which starts in this directory) are taken from the working directory. A feature
path not found there names one of the kit's, as replay commands print them. Paths in a config
file are taken from the file's directory, where a target or Runner it names also starts.

exit codes: 0 conformant; 1 non-conformant, or incomplete because a MUST clause in scope was not
judged (e.g. the target lacks write-bytes, write-array or clear); 2 the kit or the target could
not run (stopped, errored scenarios, a failed hello) or bad usage. See docs/reports.md.`;

const RUN_OPTIONS = {
  side: { type: 'string', default: 'reader' },
  target: { type: 'string', default: 'reference' },
  python: { type: 'string' },
  runner: { type: 'string', default: 'reference' },
  profile: { type: 'string', default: 'default' },
  reading: { type: 'string', multiple: true },
  tags: { type: 'string' },
  name: { type: 'string' },
  seed: { type: 'string' },
  'num-runs': { type: 'string' },
  path: { type: 'string' },
  'no-shrink': { type: 'boolean', default: false },
  'report-dir': { type: 'string', default: 'pv-reports' },
  timeout: { type: 'string' },
  'memory-limit-mb': { type: 'string' },
  parallel: { type: 'string' },
  'force-parallel': { type: 'boolean', default: false },
  'cleanup-deadline-ms': { type: 'string' },
  'pixel-tolerance': { type: 'string' },
  'execute-timeout-ms': { type: 'string' },
  shard: { type: 'string' },
  expectations: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', default: false },
  // Read by the config layer (cli/config.ts runFromConfig); accepted here so its argv passes through.
  config: { type: 'string' },
  'no-config': { type: 'boolean', default: false },
  only: { type: 'string', multiple: true },
} satisfies NonNullable<ParseArgsConfig['options']>;

function parseRunArgs(argv: string[]) {
  return parse(argv, RUN_OPTIONS, true);
}

/**
 * `pv-conform run`: from pv-conform.config.json when there is one (or --config), which may name
 * several targets run one after the other; each run is runOne's, with the command line on top.
 */
export async function runCommand(argv: string[]): Promise<number> {
  // Without defaults: a config fills in only what the command line did not give.
  const bare = Object.fromEntries(Object.entries(RUN_OPTIONS as NonNullable<ParseArgsConfig['options']>).map(([k, { default: _, ...o }]) => [k, o])) as NonNullable<ParseArgsConfig['options']>;
  const given = parse(argv, bare, true);
  return (await import('./config.ts')).runFromConfig(argv, given, runOne);
}

type RunValues = ReturnType<typeof parseRunArgs>['values'];

/**
 * One run. `targetCwd` is where the target or Runner driver starts and where its relative paths
 * (a python: SDK directory, a path in its command line) are taken from: the user's directory,
 * or a config's when the target came from one.
 */
async function runOne(argv: string[], targetCwd = process.cwd(), keepWarm = false): Promise<number> {
  const parsed = parseRunArgs(argv);
  const { values } = parsed;
  // Like every path the user gives, relative to where they run the command, not to the kit.
  const positionals = userFeaturePaths(parsed.positionals);
  if (values.help) {
    console.log(RUN_HELP);
    return 0;
  }
  const side = values.side;
  if (side !== 'reader' && side !== 'writer') throw new UsageError(`--side must be reader or writer, got "${side}"`);
  if (values.python !== undefined && !(side === 'reader' && values.target!.startsWith('python:'))) {
    throw new UsageError('--python applies to --target python:<sdk dir or module> only');
  }
  if (values.path && values.seed === undefined) throw new UsageError('--path replays a counterexample only together with its --seed');
  // Every numeric option in its range before anything runs (cli/runOptions.ts).
  const { seed, numRuns, parallel, requestTimeoutMs, memoryLimitMb } = runNumbers(values);
  const writerParams = writerNumbers(values, side);

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
  // What to run against and which scenarios, both known good before the report directory is touched.
  await checkTarget(side, side === 'reader' ? values.target! : values.runner!, values.python, targetCwd);
  const selectedCount = await countSelected({ side, paths: positionals, tags: values.tags, name: values.name, shard: values.shard });
  // One start of an out-of-process target, before any scenario: one that cannot say hello stops the run here.
  const { runnerInfo } = await preflight({ side, target: side === 'reader' ? readerCommand(values.target!, values.python, targetCwd) : values.runner!, requestTimeoutMs, memoryLimitMb, cwd: targetCwd,
    executeTimeoutMs: writerParameters(writerParams).executeTimeoutMs });
  // Before anything runs: a directory that is not the kit's, in use, or unwritable is refused here.
  const out = ReportDir.open(reportDir, { command: 'run', option: '--report-dir' });
  // Before cucumber starts there is nothing to report: a signal ends the command at once, and the
  // lock and the staging directory go with it. During cucumber's run supervisedCucumber.ts decides.
  // After it the reports take moments: the first signal waits for them, a second one does not.
  let phase: RunPhase = 'before';
  let signalledAfter = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (phase === 'cucumber') return;
    if (phase === 'after' && !signalledAfter) {
      signalledAfter = true;
      return;
    }
    out.release();
    process.exit(128 + osConstants.signals[signal]);
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    const workers = values.parallel === undefined ? defaultWorkers(side, selectedCount) : parallel;
    return await runInto(out, { values, positionals, side, seed, numRuns, parallel: workers, requestTimeoutMs, memoryLimitMb, writerParams, runnerInfo, expectations, catalog, readings, targetCwd, selectedCount, keepWarm },
      (p) => { phase = p; });
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    out.release();
  }
}

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

type RunPhase = 'before' | 'cucumber' | 'after';

interface RunSetup {
  values: RunValues;
  positionals: string[];
  side: 'reader' | 'writer';
  seed: number;
  numRuns: number;
  parallel: number;
  requestTimeoutMs: number;
  memoryLimitMb: number;
  writerParams: Partial<WriterParameters>;
  /** What the Runner declared in the preflight's start: scenarios it cannot run start nothing. */
  runnerInfo: RunnerInfo | undefined;
  expectations: ReturnType<typeof readExpectations> | undefined;
  catalog: ReturnType<typeof loadCatalog>;
  readings: Record<string, string>;
  targetCwd: string;
  /** How many scenarios the selection runs: the progress line's total. */
  selectedCount: number;
  /** More runs follow in this invocation: the cucumber process may serve the next one. */
  keepWarm: boolean;
}

/** Runs the suite with cucumber writing into the staging directory, then puts every report in place. */
async function runInto(out: ReportDir, o: RunSetup, enter: (phase: RunPhase) => void): Promise<number> {
  const { values, positionals, side, seed, numRuns, parallel, requestTimeoutMs, memoryLimitMb, writerParams, expectations, catalog, readings } = o;
  const reportDir = out.dir;
  // The probe a Runner starts, built (or found in the cache) once here, before any worker needs it.
  if (side === 'writer') await (await import('../probe/bundle.ts')).probeBundle();
  const scratchDir = mkdtempSync(join(tmpdir(), 'pv-conform-'));

  const who = side === 'reader' ? `--target ${shellQuote(values.target!)}` : `--side writer --runner ${shellQuote(values.runner!)}`;
  // With npx: a vendor runs the kit from their own project, where a bare pv-conform is not on PATH.
  const replayBase = ['npx pv-conform run', who, values.python !== undefined ? `--python ${shellQuote(values.python)}` : '', values.profile !== 'default' ? `--profile ${values.profile}` : '',
    ...(values.reading ?? []).map((r) => `--reading ${r}`),
    ...(['cleanup-deadline-ms', 'pixel-tolerance', 'execute-timeout-ms'] as const).flatMap((k) => (values[k] !== undefined ? [`--${k} ${values[k]}`] : []))]
    .filter(Boolean).join(' ');
  const params: RunParams = {
    side, target: values.target!, runner: values.runner!, profile: values.profile!, readings, seed, numRuns,
    ...(values.path ? { path: values.path } : {}), ...(values['no-shrink'] ? { shrink: false } : {}), scratchDir, requestTimeoutMs, memoryLimitMb, replayBase,
    cwd: o.targetCwd, ...(values.python !== undefined ? { python: values.python } : {}),
    ...writerParams,
    ...(o.runnerInfo ? { runnerCapabilities: o.runnerInfo } : {}),
  };

  const featureDir = side === 'reader' ? 'features/reader' : 'features/writer';
  const paths = positionals.length ? positionals : [featureDir];
  // From the kit bundle, cucumber and its parallel workers import one plain JavaScript file per
  // side; from the sources, the step files, and the workers (separate node processes) need tsx.
  const bundledSteps = bundledEntry(`steps-${side}`);
  // Once: several runs of one invocation (config targets) come through here each.
  if (!bundledSteps && !/(^| )--import tsx( |$)/.test(process.env.NODE_OPTIONS ?? '')) {
    process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS ?? '', '--import tsx'].join(' ').trim();
  }
  const envelopes: Envelope[] = [];
  const progressOn = progressWanted({
    progress: values.progress, noProgress: values['no-progress'], quiet: values.quiet, verbose: values.verbose, isTTY: process.stderr.isTTY === true, env: process.env,
  });
  const startedAt = new Date();
  let cucumberOk = false;
  let aborted: string | undefined;
  let notRun = new Set<string>();
  let progress: ProgressLine | undefined;
  try {
    enter('cucumber');
    progress = progressOn ? new ProgressLine(o.selectedCount) : undefined;
    // In a supervised child process: Ctrl-C and SIGTERM end it cleanly (supervisedCucumber.ts).
    const supervised = await runCucumberSupervised({
      verbose: values.verbose!,
      keepWarm: o.keepWarm,
      onEnvelope: (e) => {
        envelopes.push(e);
        progress?.update(e);
      },
      provided: {
        paths,
        import: bundledSteps ? [bundledSteps] : stepGlobs(side),
        // Into the staging directory: in place only at the end, with the kit's own reports.
        format: [
          `message:${join(out.staging, 'messages.ndjson')}`,
          `html:${join(out.staging, 'cucumber.html')}`,
          `junit:${join(out.staging, 'junit.xml')}`,
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
    // Before anything else is printed: the summary starts on a clean line.
    progress?.clear();
    enter('after');
    rmSync(scratchDir, { recursive: true, force: true });
  }

  // The stream as far as the run got, without the scenarios a stop left unstarted: results.json
  // is derived from it and messages.ndjson rewritten to it, so both agree.
  const streamed = aborted ? withoutScenariosNotRun(envelopes, notRun) : envelopes;
  const inputFiles = new Map<string, Buffer>();
  const results = scenarioResults(streamed, inputFiles);
  const selection = {
    full: !positionals.length && !values.tags && !values.name && !values.shard, paths,
    ...(values.tags ? { tags: values.tags } : {}), ...(values.name ? { name: values.name } : {}), ...(values.shard ? { shard: values.shard } : {}),
  };
  const report = buildRunReport({ catalog, params, results, startedAt, finishedAt: new Date(), envelopes: streamed, complete: cucumberOk && !aborted, selection });
  let unwritten: string | undefined;
  try {
    if (aborted) writeFileAtomic(join(out.staging, 'messages.ndjson'), streamed.map((e) => JSON.stringify(e)).join('\n') + '\n');
    writeReports(out.staging, report, catalog, inputFiles);
    out.publish(report);
  } catch (e) {
    unwritten = fsErrorText(e);
  }
  printSummary(report, catalog, { quiet: values.quiet!, reportDir, verbose: values.verbose! });
  if (aborted) console.error(`pv-conform run: stopped by ${aborted}: ${report.scenarios.length} scenarios ran; the reports are partial (complete: false)`);
  if (unwritten) {
    // After the verdict, which still stands: only the files are missing.
    console.error(`pv-conform run: the reports could not be written to ${reportDir}: ${unwritten}`);
    return 2;
  }
  if (!cucumberOk || aborted) return 2;
  if (expectations) {
    const g = gate(report, expectations);
    console.log(formatGate(values.expectations!, g));
    return g.exitCode;
  }
  return exitCodeOf(report);
}

/**
 * Unknown embedded targets (with the list of known ones) and command lines that name no program
 * fail before any scenario runs. Resolving starts nothing: a command runs only when a scenario
 * asks for the target.
 */
async function checkTarget(side: 'reader' | 'writer', target: string, python: string | undefined, cwd: string): Promise<void> {
  const option = side === 'reader' ? '--target' : '--runner';
  if (!target.trim()) throw new UsageError(`${option} is empty: give reference, mutant:<name> or a command line`);
  // Embedded, so always there: resolving it would load the reference (and sharp) into this process for nothing.
  if (target === 'reference') return;
  try {
    if (side === 'reader') await resolveReaderTarget(target, { python, cwd });
    else await (await import('../adapter/runner/resolve.ts')).resolveRunnerDriver(target, { requestSlackMs: 0 });
  } catch (e) {
    // The driver resolver starts its messages with "runner: " already.
    throw new UsageError(`${option}: ${(e as Error).message.split('\n')[0]!.replace(/^runner: /, '')}`);
  }
}

/** The command line a `python:` or `node:` target stands for, which the preflight starts as any other. */
function readerCommand(target: string, python: string | undefined, cwd: string): string {
  if (target.startsWith('python:')) return pythonCommandLine(target.slice('python:'.length), { python, cwd });
  if (target.startsWith('node:')) return nodeCommandLine(target.slice('node:'.length), { cwd });
  return target;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
