/**
 * Every numeric option of `pv-conform run` is checked against its range before anything runs,
 * and so are the target, the selection of scenarios and the other options: bad input is one line
 * naming the problem, exit 2, no stack trace, nothing created.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import { defaultWorkers, MAX_FORCED_PARALLEL, MAX_MEMORY_LIMIT_MB, MAX_NUM_RUNS, MAX_TIMEOUT_MS, runNumbers, WRITER_PARALLEL_FROM } from '../../cli/runOptions.ts';
import { UsageError } from '../../cli/args.ts';

const cores = availableParallelism();

const bad: Array<[string[], RegExp]> = [
  [['--timeout', '2147483648'], /^pv-conform run: --timeout must be a whole number from 1 to 2147483647 \(milliseconds\), got "2147483648"$/],
  [['--timeout', '0'], /^pv-conform run: --timeout must be a whole number from 1 to 2147483647/],
  [['--timeout=-5'], /^pv-conform run: --timeout must be /],
  [['--timeout', '-5'], /^pv-conform run: Option '--timeout' argument is ambiguous\. Did you forget/],
  [['--timeout', '1.5'], /^pv-conform run: --timeout must be /],
  [['--timeout', '99999999999999999999999'], /^pv-conform run: --timeout must be /],
  [['--num-runs', '0'], /^pv-conform run: --num-runs must be a whole number from 1 to 100000, got "0"$/],
  [['--num-runs', String(MAX_NUM_RUNS + 1)], /^pv-conform run: --num-runs must be /],
  [['--memory-limit-mb=-1'], /^pv-conform run: --memory-limit-mb must be a whole number from 0 to 16777216 \(MiB; 0: no limit\), got "-1"$/],
  [['--memory-limit-mb', String(MAX_MEMORY_LIMIT_MB + 1)], /^pv-conform run: --memory-limit-mb must be /],
  // Not 1000000 here: a kit that took it would fork that many workers (runNumbers is checked with it below).
  [['--parallel', String(cores + 1)], new RegExp(`^pv-conform run: --parallel must be a whole number from 1 to ${cores} \\(the cores here; --force-parallel allows up to 256\\), got "${cores + 1}"$`)],
  [['--parallel', '0'], /^pv-conform run: --parallel must be /],
  [['--parallel', '257', '--force-parallel'], /^pv-conform run: --parallel must be a whole number from 1 to 256 \(the most --force-parallel allows\), got "257"$/],
  [['--seed', 'abc'], /^pv-conform run: --seed must be a whole number from -2147483648 to 4294967295, got "abc"$/],
  [['--seed', '4294967296'], /^pv-conform run: --seed must be /],
  [['--seed', '1e3'], /^pv-conform run: --seed must be /],
  [['--shard', '0/0'], /^pv-conform run: --shard must be I\/N with 1 <= I <= N <= 1000000 \(shard I of N\), got "0\/0"$/],
  [['--shard', '3/2'], /^pv-conform run: --shard must be /],
  [['--shard', '1/0'], /^pv-conform run: --shard must be /],
  [['--shard', 'x'], /^pv-conform run: --shard must be /],
  [['--shard', 'x/y'], /^pv-conform run: --shard must be /],
];

/** One quick scenario: a kit that failed to refuse the value would run only that. */
const ONE_READ = 'features/reader/robustness.feature:33';
const ONE_WRITE = 'features/writer/frame.feature:13';

/**
 * Everything else a user can get wrong. Each row gives its own feature paths (none: the whole
 * side), so a kit that failed to refuse it would run at most one quick scenario, or nothing.
 */
const badInput: Array<[string[], RegExp]> = [
  [['--tags', '@NOPE-99'], /^pv-conform run: no scenario matched the selection: features\/reader --tags "@NOPE-99"$/],
  [['--tags', '@RD-CS-01 and', ONE_READ], /^pv-conform run: Tag expression "@RD-CS-01 and" could not be parsed because of syntax error: Expected operand\.$/],
  [['--tags', '(@RD-CS-01', ONE_READ], /^pv-conform run: Tag expression "\(@RD-CS-01" could not be parsed/],
  [['--name', 'no scenario is called this'], /^pv-conform run: no scenario matched the selection: features\/reader --name "no scenario is called this"$/],
  [['--name', '(', ONE_READ], /^pv-conform run: --name is not a regular expression: Invalid regular expression/],
  [['features/reader/robustness.feature:1'], /^pv-conform run: no scenario matched the selection: features\/reader\/robustness\.feature:1$/],
  [['features/reader/nope.feature'], /^pv-conform run: no scenario matched the selection: features\/reader\/nope\.feature \(features\/reader\/nope\.feature: no such file or directory here or in the kit\)$/],
  [['--side', 'writer', '--tags', '@NOPE-99'], /^pv-conform run: no scenario matched the selection: features\/writer --tags "@NOPE-99"$/],
  [['--shard', '2/2', ONE_READ], /^pv-conform run: --shard 2\/2 gets no scenario: the selection has 1 \(features\/reader\/robustness\.feature:33\); use at most 1 shards$/],
  [['--target', '', ONE_READ], /^pv-conform run: --target is empty: give reference, mutant:<name> or a command line$/],
  [['--target', ' \t ', ONE_READ], /^pv-conform run: --target is empty: /],
  [['--target', "'unterminated", ONE_READ], /^pv-conform run: --target: unterminated ' in command line/],
  [['--target', 'mutant:nope', ONE_READ], /^pv-conform run: --target: unknown reader mutant "nope"; known: /],
  [['--side', 'writer', '--runner', '', ONE_WRITE], /^pv-conform run: --runner is empty: give reference, mutant:<name> or a command line$/],
  [['--side', 'writer', '--runner', '   ', ONE_WRITE], /^pv-conform run: --runner is empty: /],
  [['--side', 'writer', '--runner', '"unbalanced', ONE_WRITE], /^pv-conform run: --runner: unterminated " in command line/],
  [['--side', 'writer', '--runner', 'mutant:nope', ONE_WRITE], /^pv-conform run: --runner: no Runner variant "mutant:nope"; known: /],
  [['--bogus', ONE_READ], /^pv-conform run: Unknown option '--bogus'/],
  [['--profile', 'nope', ONE_READ], /^pv-conform run: unknown profile "nope"; known: /],
  [['--side', 'neither', ONE_READ], /^pv-conform run: --side must be reader or writer, got "neither"$/],
];

function run(args: string[], reportDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/pv-conform.mjs', 'run', '--report-dir', reportDir, '--quiet', ...args], { cwd: kitRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs every row and checks each was refused: exit 2, its one line on stderr, nothing created. */
async function assertRefused(rows: Array<[string[], RegExp]>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pv-options-test-'));
  try {
    // Two at a time: each is a node start-up, and the machine has other work.
    const results: Array<{ args: string[]; code: number | null; stdout: string; stderr: string; reportDir: string }> = [];
    for (let i = 0; i < rows.length; i += 2) {
      results.push(...await Promise.all(rows.slice(i, i + 2).map(async ([args], j) => {
        const reportDir = join(root, `r${i + j}`);
        return { args, reportDir, ...await run(args, reportDir) };
      })));
    }
    for (const [k, r] of results.entries()) {
      const what = JSON.stringify(r.args);
      assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.stderr}`);
      assert.equal(r.stdout, '', `${what}: printed on stdout`);
      const lines = r.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, `${what}: not one line:\n${r.stderr}`);
      assert.ok(!r.stderr.includes('    at '), `${what}: a stack trace:\n${r.stderr}`);
      assert.match(lines[0]!, rows[k]![1], what);
      assert.ok(!existsSync(r.reportDir), `${what}: the report directory was created`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('each numeric option out of range: one line naming it, exit 2, no stack trace, nothing created', { timeout: 600_000 }, async () => {
  await assertRefused(bad.map(([args, line]) => [[...args, ONE_READ], line]));
});

test('a selection of no scenario, an empty or unusable target or Runner, an unknown option or profile: one line, exit 2, nothing created', { timeout: 600_000 }, async () => {
  await assertRefused(badInput);
});

test('values at the ends of each range are taken as given', () => {
  assert.deepEqual(runNumbers({ timeout: String(MAX_TIMEOUT_MS), 'num-runs': String(MAX_NUM_RUNS), 'memory-limit-mb': '0', seed: '-2147483648', parallel: '2', shard: '7/7' }, 2),
    { requestTimeoutMs: MAX_TIMEOUT_MS, numRuns: MAX_NUM_RUNS, memoryLimitMb: 0, seed: -2147483648, parallel: 2 });
  assert.equal(runNumbers({ timeout: '1', seed: '4294967295' }, 2).requestTimeoutMs, 1);
  assert.equal(runNumbers({ parallel: String(MAX_FORCED_PARALLEL), 'force-parallel': true }, 2).parallel, MAX_FORCED_PARALLEL);
  assert.throws(() => runNumbers({ parallel: '3' }, 2), UsageError);
  assert.throws(() => runNumbers({ parallel: '1000000' }, 2), /--parallel must be a whole number from 1 to 2 \(the cores here; --force-parallel allows up to 256\), got "1000000"$/);
  assert.throws(() => runNumbers({ parallel: '1000000', 'force-parallel': true }, 2), /--parallel must be a whole number from 1 to 256/);
  assert.equal(runNumbers({}, 2).requestTimeoutMs, 30_000);
});

test('without --parallel, a whole writer suite gets two workers where the cores allow; a few scenarios or the reader side one', () => {
  assert.equal(defaultWorkers('writer', 99, 2), 2);
  assert.equal(defaultWorkers('writer', WRITER_PARALLEL_FROM, 8), 2);
  assert.equal(defaultWorkers('writer', WRITER_PARALLEL_FROM - 1, 2), 1);
  assert.equal(defaultWorkers('writer', 99, 1), 1);
  assert.equal(defaultWorkers('reader', 300, 2), 1);
});
