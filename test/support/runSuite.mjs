#!/usr/bin/env node
/**
 * `npm test` and `npm run test:quick`: node's test runner over the kit's test files, several
 * files at a time. Most of the suite waits on other processes (Runners, algorithm processes,
 * adapters, pv-conform runs), so more files than cores keep both cores busy; the slowest files
 * start first, so the run does not end waiting on one long file started last.
 *
 *   node --import tsx test/support/runSuite.mjs [--quick] [--concurrency N] [--timings] [file ...]
 *
 * --quick: the change-by-change loop (under two minutes): the kit's own modules (catalog,
 * generators, reports, the CLI's checks) and the reader suite end to end against the reference;
 * not the writer side, the mutant matrix, the hostile tables, the Python shim or the browser
 * tests, which `npm test` (and CI) runs.
 *
 * The suite makes no network connection, so NODE_EXTRA_CA_CERTS is dropped from its
 * environment: Node parses that bundle at every start (tens of milliseconds of CPU each), and
 * the suite starts thousands of Node processes.
 */
import { setMaxListeners } from 'node:events';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const ci = args.indexOf('--concurrency');
const concurrency = ci >= 0 ? Number(args[ci + 1]) : Math.max(2, availableParallelism() + 1);
const named = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--concurrency');

/** Longest first (minutes each on two cores); the rest follow in name order. */
const SLOWEST = [
  'test/mutants/matrix.full.test.ts',
  'test/runner/mutants.test.ts',
  'test/e2e/reading-variants.test.ts',
  'test/runner/sequence.test.ts',
  'test/runner/reference.test.ts',
  'test/hostile/targets.test.ts',
  'test/e2e/reader-suite.test.ts',
  'test/reports/matrix.browser.test.ts',
  'test/mutants/matrix.e2e.test.ts',
  'test/e2e/pack-install.test.ts',
  'test/runner/python-driver.test.ts',
];

/** What --quick runs: the kit's own modules and the reader end to end against the reference. */
const QUICK = [/^test\/(kit|generators|reference-sdk|cli)\//, /^test\/e2e\/reader-suite\.test\.ts$/,
  /^test\/reports\/(certificate|defects|diff|html-report)\.test\.ts$/];

function allTestFiles() {
  return readdirSync(join(root, 'test'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, 'test', d.name)).filter((f) => f.endsWith('.test.ts')).map((f) => `test/${d.name}/${f}`))
    .sort();
}

let files = named.length ? named.map((f) => relative(root, join(process.cwd(), f))) : allTestFiles();
if (quick && !named.length) files = files.filter((f) => QUICK.some((re) => re.test(f)));
files = [...SLOWEST.filter((f) => files.includes(f)), ...files.filter((f) => !SLOWEST.includes(f))];

// Started by node with `--import tsx`: run() gives every test file process the same execArgv.
delete process.env.NODE_EXTRA_CA_CERTS;
let failed = false;
// run() keeps this order; `node --test <files>` would sort them by name.
// Ctrl-C or SIGTERM stops every test file's process too, not only this one.
const abort = new AbortController();
setMaxListeners(files.length + 10, abort.signal); // run() listens once per file
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => abort.abort());
const stream = run({ files: files.map((f) => join(root, f)), concurrency, signal: abort.signal });
stream.on('test:fail', () => {
  failed = true;
});
// --timings: each file's top-level tests, summed, slowest first (to keep SLOWEST and --quick honest).
const perFile = new Map();
for (const event of ['test:pass', 'test:fail']) {
  stream.on(event, (d) => {
    if (d.nesting === 0 && d.file) perFile.set(d.file, (perFile.get(d.file) ?? 0) + (d.details?.duration_ms ?? 0));
  });
}
stream.compose(process.stdout.isTTY ? new spec() : tap).pipe(process.stdout);
stream.on('end', () => {
  process.exitCode = failed ? 1 : 0;
  if (!args.includes('--timings')) return;
  const rows = [...perFile].sort((a, b) => b[1] - a[1]).map(([f, ms]) => `# ${(ms / 1000).toFixed(1).padStart(7)} s  ${relative(root, f)}`);
  process.stdout.write(`# time per file (sum of its tests; files overlap in time)\n${rows.join('\n')}\n`);
});
