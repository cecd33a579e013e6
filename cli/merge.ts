/**
 * `pv-conform merge <dir...> -o <dir>`: one report out of the shards of a sharded run
 * (`pv-conform run --shard i/n`, one per CI job), with the verdicts an unsharded run gives.
 * See docs/ci-sharding.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadCatalog } from '../kit/catalog.ts';
import { fsErrorText, writeFileAtomic } from '../kit/outputFile.ts';
import { formatGate, gate, readExpectations } from '../reports/expectations.ts';
import { inputFilesFromShards } from '../reports/failureInputs.ts';
import { mergeJunit, mergeRuns, MergeError } from '../reports/mergeRuns.ts';
import { readResults, resultsPath } from '../reports/readResults.ts';
import { ReportDir } from '../reports/reportDir.ts';
import { exitCodeOf } from '../reports/runReport.ts';
import { printSummary } from '../reports/summary.ts';
import { writeReports } from '../reports/writeReports.ts';
import { parse, UsageError } from './args.ts';
import { inputFile } from './inputFile.ts';

const HELP = `usage: pv-conform merge <report dir | results.json>... -o <dir> [options]

Joins the reports of the shards of one run (pv-conform run --shard i/n, same --seed) into one:
results.json, report.html, junit.xml and certificate.json, with the verdicts and exit code an
unsharded run gives. Refuses runs that differ in target, profile, readings, seed or catalog.
  -o, --output DIR          where the merged reports go (required)
  --expectations FILE       gate on a baseline of known deviations, as 'run' does
  --quiet                   print only the verdict line
exit codes: 0 conformant, 1 non-conformant or a MUST clause in scope not judged, 2 incomplete
(a shard missing or stopped, errored scenarios) or bad input.`;

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    output: { type: 'string', short: 'o' },
    expectations: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.output) throw new UsageError('wants -o <dir> for the merged reports');
  if (positionals.length === 0) throw new UsageError('wants the report directories (or results.json files) of the shards');
  const expectations = values.expectations ? inputFile(() => readExpectations(values.expectations!)) : undefined;
  const runs = positionals.map((name) => ({ name, report: inputFile(() => readResults(name)) }));
  const catalog = loadCatalog();
  let merged;
  try {
    merged = mergeRuns(runs, catalog);
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(e.message);
    throw e;
  }
  const outDir = resolve(values.output);
  // The same rules as a run's --report-dir: a directory of other files, or one in use, is refused.
  const out = ReportDir.open(outDir, { command: 'merge', option: '-o' });
  let unwritten: string | undefined;
  try {
    const junits = positionals.map((p) => join(dirname(resultsPath(p)), 'junit.xml')).filter((f) => existsSync(f));
    // Before the other reports: the certificate written last hashes it too.
    if (junits.length) writeFileAtomic(join(out.staging, 'junit.xml'), mergeJunit(junits.map((f) => readFileSync(f, 'utf8'))));
    const inputs = inputFilesFromShards(merged.report.scenarios, positionals.map((p) => dirname(resultsPath(p))));
    writeReports(out.staging, merged.report, catalog, inputs);
    out.publish(merged.report);
  } catch (e) {
    unwritten = fsErrorText(e);
  } finally {
    out.release();
  }
  for (const w of merged.warnings) console.error(`pv-conform merge: ${w}`);
  printSummary(merged.report, catalog, { quiet: values.quiet!, reportDir: outDir });
  if (unwritten) {
    console.error(`pv-conform merge: the reports could not be written to ${outDir}: ${unwritten}`);
    return 2;
  }
  if (expectations && merged.report.complete) {
    const g = gate(merged.report, expectations);
    console.log(formatGate(values.expectations!, g));
    return g.exitCode;
  }
  return exitCodeOf(merged.report);
}
