/**
 * `pv-conform run`: runs the features of one side against a target through cucumber's API,
 * writes every report from the message stream, prints a summary a person can act on.
 */
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalog, resolveReadings } from '../kit/catalog.ts';
import { kitRoot } from '../kit/paths.ts';
import type { RunParams } from '../kit/run-params.ts';
import { scenarioResults } from '../reports/scenarioResults.ts';
import { formatGate, gate, readExpectations } from '../reports/expectations.ts';
import { buildRunReport, exitCodeOf } from '../reports/runReport.ts';
import { printSummary } from '../reports/summary.ts';
import { writeReports } from '../reports/writeReports.ts';
import { intOption, parse, UsageError } from './args.ts';
import { inputFile } from './inputFile.ts';
import { resolveReaderTarget } from '../adapter/resolveReaderTarget.ts';

const RUN_HELP = `usage: pv-conform run [options] [feature[:line] ...]

  --side reader|writer      which side to certify (default reader)
  --target T                reader target: reference (default), mutant:<name>, or a command line
                            speaking the subprocess adapter protocol
  --runner R                writer side: reference (default), mutant:<name>, or a Runner driver command
  --profile P               reading of ambiguous clauses: default, seed-sdk, permissive
  --reading CLAUSE=READING  override one reading (repeatable)
  --tags EXPR               cucumber tag expression, e.g. "@RD-CS-01 or @RD-META-02"
  --name REGEX              only scenarios whose name matches
  --seed N                  fast-check seed (default: random, printed)
  --num-runs N              cases per property (default 50)
  --path P                  fast-check replay path (with --seed, to replay one counterexample)
  --report-dir DIR          where reports go (default pv-reports)
  --timeout MS              per-request timeout for out-of-process targets (default 30000)
  --parallel N              cucumber worker processes (default 1)
  --shard I/N               run only shard I of N (deterministic split)
  --expectations FILE       gate on a baseline of known deviations: exit 0 when only those fail,
                            1 on a new failure or when a listed failure now passes
  --quiet                   print only the verdict line
  --verbose                 also print cucumber's own progress output`;

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
    parallel: { type: 'string' },
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
  if (values.shard && !/^\d+\/\d+$/.test(values.shard)) throw new UsageError(`--shard wants I/N, got "${values.shard}"`);
  if (values.path && values.seed === undefined) throw new UsageError('--path replays a counterexample only together with its --seed');

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
  const seed = intOption(values.seed, 'seed', Math.floor(Math.random() * 2 ** 31), -(2 ** 31));
  const numRuns = intOption(values['num-runs'], 'num-runs', 50, 1);
  const parallel = intOption(values.parallel, 'parallel', 1, 1);
  const requestTimeoutMs = intOption(values.timeout, 'timeout', 30_000, 1);
  const reportDir = resolve(values['report-dir']!);
  mkdirSync(reportDir, { recursive: true });
  if (side === 'reader') await checkReaderTarget(values.target!);
  const scratchDir = mkdtempSync(join(tmpdir(), 'pv-conform-'));

  const who = side === 'reader' ? `--target ${shellQuote(values.target!)}` : `--side writer --runner ${shellQuote(values.runner!)}`;
  const replayBase = ['pv-conform run', who, values.profile !== 'default' ? `--profile ${values.profile}` : '',
    ...(values.reading ?? []).map((r) => `--reading ${r}`)].filter(Boolean).join(' ');
  const params: RunParams = {
    side, target: values.target!, runner: values.runner!, profile: values.profile!, readings, seed, numRuns,
    ...(values.path ? { path: values.path } : {}), scratchDir, requestTimeoutMs, replayBase,
  };

  const featureDir = side === 'reader' ? 'features/reader' : 'features/writer';
  const paths = positionals.length ? positionals : [featureDir];
  // Parallel workers are separate node processes: they need tsx to load the steps.
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS ?? '', '--import tsx'].join(' ').trim();
  const envelopes: Envelope[] = [];
  const startedAt = new Date();
  let cucumberOk = false;
  let aborted: string | undefined;
  const stopSignals = installSignalHandlers((sig) => { aborted = sig; });
  try {
    const { runConfiguration } = await loadConfiguration({
      file: false,
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
    }, { cwd: kitRoot });
    // Cucumber's own console output repeats what the summary says; it is shown on request only.
    const stdout = values.verbose ? process.stdout : new PassThrough().resume();
    await runCucumber(runConfiguration, { cwd: kitRoot, stdout, stderr: process.stderr }, (e) => envelopes.push(e));
    cucumberOk = true;
  } catch (e) {
    console.error(`pv-conform run: cucumber could not run: ${(e as Error).message}`);
  } finally {
    stopSignals();
    rmSync(scratchDir, { recursive: true, force: true });
  }

  const results = scenarioResults(envelopes);
  const selection = {
    full: !positionals.length && !values.tags && !values.name && !values.shard, paths,
    ...(values.tags ? { tags: values.tags } : {}), ...(values.name ? { name: values.name } : {}), ...(values.shard ? { shard: values.shard } : {}),
  };
  const report = buildRunReport({ catalog, params, results, startedAt, finishedAt: new Date(), envelopes, complete: cucumberOk && !aborted, selection });
  writeReports(reportDir, report, catalog);
  printSummary(report, catalog, { quiet: values.quiet!, reportDir });
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

/** On Ctrl-C or SIGTERM the run still writes partial reports and removes its scratch dir. */
function installSignalHandlers(onSignal: (sig: string) => void): () => void {
  const handler = (sig: NodeJS.Signals) => {
    onSignal(sig);
    process.exitCode = 2;
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
