/**
 * pv-conform.config.json (issue 13, point 4): `run` takes its options from the file in the
 * working directory (or --config), the command line overrides them, relative paths in it are
 * the config's directory's, a bad file is one line and exit 2, named targets get one report
 * each and the worst exit code; `init` writes a config that validates and runs as written, and
 * a workflow whose commands run as written, and refuses to overwrite.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { kitRoot } from '../../kit/paths.ts';
import { compileSchema } from '../../kit/schemas.ts';
import { loadCatalog } from '../../kit/catalog.ts';
import { optionArgs, type ConfigOptions } from '../../cli/config.ts';
import { MAX_CLEANUP_DEADLINE_MS, MAX_EXECUTE_TIMEOUT_MS, MAX_FORCED_PARALLEL, MAX_MEMORY_LIMIT_MB, MAX_NUM_RUNS, MAX_TIMEOUT_MS } from '../../cli/runOptions.ts';

const BIN = join(kitRoot, 'bin', 'pv-conform.mjs');
/** One quick reader scenario, named as the kit's replay commands name it. */
const ONE_READ = 'features/reader/robustness.feature:33';

interface Outcome { code: number | null; stdout: string; stderr: string }

function pv(cwd: string, args: string[]): Promise<Outcome> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function sh(cwd: string, script: string, env: Record<string, string>): Promise<Outcome> {
  const child = spawn('/bin/bash', ['-euo', 'pipefail', '-c', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
  seed: number; target: string; numRuns: number; readings: Record<string, string>; verdict: string; selection: { paths: string[] };
};

let root: string;
let n = 0;
/** A fresh directory standing for a vendor's repository. */
const repo = () => {
  const d = join(root, `repo-${++n}`);
  mkdirSync(d);
  return d;
};
const writeConfig = (dir: string, config: unknown, name = 'pv-conform.config.json') => writeFileSync(join(dir, name), JSON.stringify(config, null, 2));

before(() => { root = mkdtempSync(join(tmpdir(), 'pv-config-test-')); });
after(() => rmSync(root, { recursive: true, force: true }));

describe('run with a config', () => {
  test('pv-conform.config.json in the working directory is picked up', { timeout: 120_000 }, async () => {
    const dir = repo();
    writeConfig(dir, { target: 'reference', seed: 7, numRuns: 3, reportDir: 'from-config', quiet: true });
    const r = await pv(dir, ['run', ONE_READ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^CONFORMANT: 1 passed/m);
    const got = results(join(dir, 'from-config'));
    assert.equal(got.seed, 7);
    assert.equal(got.numRuns, 3);
    assert.deepEqual(got.selection.paths, [ONE_READ]);
    assert.ok(!existsSync(join(dir, 'pv-reports')), 'the default report directory was used');
  });

  test('pv-conform.config.mjs: its default export, checked as the JSON is; not beside a JSON one', { timeout: 120_000 }, async () => {
    const dir = repo();
    writeFileSync(join(dir, 'pv-conform.config.mjs'), "export default { seed: 6 * 7, numRuns: 2, reportDir: 'from-module', quiet: true };\n");
    const r = await pv(dir, ['run', ONE_READ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(results(join(dir, 'from-module')).seed, 42);

    writeFileSync(join(dir, 'pv-conform.config.mjs'), "export default { seed: 1, numruns: 2 };\n");
    const bad = await pv(dir, ['run', ONE_READ]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'pv-conform run: pv-conform.config.mjs: unknown key "numruns": did you mean "numRuns"?\n');

    writeConfig(dir, { seed: 1 });
    const both = await pv(dir, ['run', ONE_READ]);
    assert.equal(both.code, 2);
    assert.equal(both.stderr, 'pv-conform run: both pv-conform.config.json and pv-conform.config.mjs are here: keep one, or name it with --config\n');
  });

  test('the command line overrides the config: options, --reading clause by clause, feature paths', { timeout: 120_000 }, async () => {
    const dir = repo();
    writeConfig(dir, {
      seed: 7, numRuns: 3, reportDir: 'from-config', quiet: true, features: ['features/reader/color-space.feature'],
      readings: { 'RD-CS-02': 'case-sensitive', 'RD-ARR-04': 'zeros' },
    });
    const r = await pv(dir, ['run', '--seed', '9', '--report-dir', 'from-cli', '--reading', 'RD-CS-02=case-insensitive', ONE_READ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(!existsSync(join(dir, 'from-config')));
    const got = results(join(dir, 'from-cli'));
    assert.equal(got.seed, 9);
    assert.equal(got.numRuns, 3, 'what the command line does not give still comes from the file');
    assert.equal(got.readings['RD-CS-02'], 'case-insensitive');
    assert.equal(got.readings['RD-ARR-04'], 'zeros', "the file's other readings stay");
    assert.deepEqual(got.selection.paths, [ONE_READ], "the command line's features replace the file's");

    const ignored = await pv(dir, ['run', '--no-config', '--seed', '9', '--num-runs', '2', '--quiet', '--report-dir', 'no-config', ONE_READ]);
    assert.equal(ignored.code, 0, ignored.stdout + ignored.stderr);
    assert.equal(results(join(dir, 'no-config')).readings['RD-ARR-04'], loadCatalog().byId.get('RD-ARR-04')!.profileReadings!.default);
  });

  test('relative paths in a config are taken from its directory: target command line, features, reportDir, expectations', { timeout: 120_000 }, async () => {
    const dir = repo();
    const conf = join(dir, 'ci', 'conform');
    mkdirSync(conf, { recursive: true });
    // A target whose command line names a file next to the config: the kit's reference over the protocol.
    writeFileSync(join(conf, 'adapter.mjs'), `process.argv.splice(2, 0, 'serve-reference');\nawait import(${JSON.stringify(pathToFileURL(BIN).href)});\n`);
    cpSync(join(kitRoot, 'features', 'reader', 'robustness.feature'), join(conf, 'mine.feature'));
    writeFileSync(join(conf, 'known.json'), JSON.stringify({ side: 'reader', profile: 'default', deviations: [] }));
    writeConfig(conf, {
      target: `${process.execPath} adapter.mjs`, features: ['mine.feature:33'], reportDir: 'out', expectations: 'known.json',
      seed: 1, numRuns: 3,
    });
    const r = await pv(dir, ['run', '--config', 'ci/conform/pv-conform.config.json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const got = results(join(conf, 'out'));
    assert.equal(got.verdict, 'conformant');
    assert.deepEqual(got.selection.paths, [join(conf, 'mine.feature:33')]);
    assert.match(r.stdout, /known\.json/, 'the expectations gate ran');
  });

  test('named targets: one report each, each verdict printed, the worst exit code; --only picks', { timeout: 300_000 }, async () => {
    const dir = repo();
    writeConfig(dir, {
      seed: 1, numRuns: 3, quiet: true, reportDir: 'reports', tags: '@RD-CS-01', features: ['features/reader/color-space.feature'],
      // The failing one first: the exit code is the worst, not the last.
      targets: {
        swapped: { target: 'mutant:bgr-unswapped', reportDir: 'elsewhere' },
        ref: { target: 'reference' },
      },
    });
    const r = await pv(dir, ['run']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(results(join(dir, 'reports', 'ref')).target, 'reference');
    assert.equal(results(join(dir, 'reports', 'ref')).verdict, 'conformant');
    assert.equal(results(join(dir, 'elsewhere')).target, 'mutant:bgr-unswapped');
    assert.equal(results(join(dir, 'elsewhere')).verdict, 'non-conformant');
    assert.match(r.stdout, /^=== swapped \(1 of 2\)[^]*^NON-CONFORMANT: [^]*^=== ref \(2 of 2\)[^]*^CONFORMANT: /m);
    assert.match(r.stdout, /^swapped: exit 1, ref: exit 0; exit 1, the worst$/m);

    const only = await pv(dir, ['run', '--only', 'ref', '--report-dir', 'picked']);
    assert.equal(only.code, 0, only.stdout + only.stderr);
    assert.equal(results(join(dir, 'picked', 'ref')).target, 'reference');
    assert.ok(!existsSync(join(dir, 'picked', 'swapped')));
  });
});

describe('a bad config is one line and exit 2', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['unknown key', { target: 'reference', reportdir: 'x' }, /^pv-conform run: pv-conform\.config\.json: unknown key "reportdir": did you mean "reportDir"\?$/],
    ['unknown key in a named target', { targets: { a: { target: 'reference', quite: true } } }, /^pv-conform run: pv-conform\.config\.json: unknown key "quite" in targets\.a: did you mean "quiet"\?$/],
    ['wrong type', { numRuns: '5' }, /^pv-conform run: pv-conform\.config\.json: numRuns must be a whole number, got "5"$/],
    ['out of range', { numRuns: 0 }, /^pv-conform run: pv-conform\.config\.json: numRuns must be >= 1, got 0$/],
    ['not in the enum', { side: 'both' }, /^pv-conform run: pv-conform\.config\.json: side must be one of "reader", "writer", got "both"$/],
    ['a pattern, with the schema\'s description', { readings: { 'RD-CS-02': 'Case' } }, /^pv-conform run: pv-conform\.config\.json: readings\.RD-CS-02 must be a reading id such as case-sensitive, got "Case"$/],
    ['targets inside a target', { targets: { a: { targets: { b: {} } } } }, /^pv-conform run: pv-conform\.config\.json: targets\.a\.targets is not allowed here: /],
    ['two targets, one report directory', { targets: { a: { reportDir: 'same' }, b: { reportDir: 'same' } } }, /^pv-conform run: targets "a" and "b" would write into the same report directory same; give each its own reportDir$/],
    ['not an object', [], /^pv-conform run: pv-conform\.config\.json: the config must be an object, got \[\]$/],
  ];
  test('schema errors: the one relevant error, no list, no stack trace, nothing run', { timeout: 120_000 }, async () => {
    for (const [what, config, want] of cases) {
      const dir = repo();
      writeConfig(dir, config);
      const r = await pv(dir, ['run', ONE_READ]);
      assert.equal(r.code, 2, `${what}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, '', what);
      assert.deepEqual(r.stderr.split('\n').filter(Boolean).length, 1, `${what}: ${r.stderr}`);
      assert.match(r.stderr.trim(), want, what);
      assert.ok(!existsSync(join(dir, 'pv-reports')), what);
    }
  });

  test('not JSON, or a --config that does not exist', { timeout: 60_000 }, async () => {
    const dir = repo();
    writeFileSync(join(dir, 'pv-conform.config.json'), '{ "seed": 1, }');
    const r = await pv(dir, ['run', ONE_READ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^pv-conform run: pv-conform\.config\.json: not JSON: [^\n]+\n$/);
    const missing = await pv(dir, ['run', '--config', 'nope.json']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'pv-conform run: nope.json: cannot read the config: no such file\n');
  });
});

describe('pv-conform init', () => {
  test('writes a config that validates against its schema and runs as written', { timeout: 120_000 }, async () => {
    const dir = repo();
    const r = await pv(dir, ['init', '--target', 'reference']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const config = JSON.parse(readFileSync(join(dir, 'pv-conform.config.json'), 'utf8')) as { target: string; $schema: string };
    const validate = compileSchema('config.schema.json');
    assert.equal(validate(config), true, JSON.stringify(validate.errors));
    assert.equal(config.target, 'reference');
    assert.ok(existsSync(join(dir, config.$schema)), `$schema ${config.$schema} names the kit's schema from here`);
    const run = await pv(dir, ['run', '--seed', '1', '--num-runs', '3', ONE_READ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^CONFORMANT: 1 passed, 0 failed, 0 skipped, 0 errored$/m);
    assert.equal(results(join(dir, 'pv-reports')).verdict, 'conformant');
  });

  test('finds a Python SDK package in the repository when --target is not given', async () => {
    const dir = repo();
    mkdirSync(join(dir, 'sdk', 'procvision_algorithm_sdk'), { recursive: true });
    const r = await pv(dir, ['init', '--no-workflow']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(readFileSync(join(dir, 'pv-conform.config.json'), 'utf8')).target, 'python:./sdk');
    assert.ok(!existsSync(join(dir, '.github')));
  });

  test('refuses to overwrite the config or the workflow without --force: one line, exit 2, nothing written', { timeout: 60_000 }, async () => {
    const dir = repo();
    writeFileSync(join(dir, 'pv-conform.config.json'), '{"target":"mine"}');
    const r = await pv(dir, ['init', '--target', 'reference']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'pv-conform init: pv-conform.config.json exists; pv-conform init --force replaces it\n');
    assert.equal(readFileSync(join(dir, 'pv-conform.config.json'), 'utf8'), '{"target":"mine"}');
    assert.ok(!existsSync(join(dir, '.github')), 'nothing written when one file is refused');

    rmSync(join(dir, 'pv-conform.config.json'));
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, '.github', 'workflows', 'pv-conform.yml'), 'mine');
    const w = await pv(dir, ['init']);
    assert.equal(w.code, 2);
    assert.equal(w.stderr, 'pv-conform init: .github/workflows/pv-conform.yml exists; pv-conform init --force replaces it\n');
    assert.ok(!existsSync(join(dir, 'pv-conform.config.json')), 'the config was written although the workflow was refused');

    const forced = await pv(dir, ['init', '--force', '--target', 'reference']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(readFileSync(join(dir, '.github', 'workflows', 'pv-conform.yml'), 'utf8'), 'mine');
  });

  test('the workflow: matrix shards, the same seed, merge, expectations gate, report upload; its commands run as written', { timeout: 300_000 }, async () => {
    const dir = repo();
    const r = await pv(dir, ['init', '--target', 'reference', '--shards', '2']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const wf = parseYaml(readFileSync(join(dir, '.github', 'workflows', 'pv-conform.yml'), 'utf8')) as {
      jobs: Record<string, { needs?: string[]; if?: string; strategy?: { 'fail-fast': boolean; matrix: { shard: number[] } };
        steps: Array<{ uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> }> }>;
    };
    const conform = wf.jobs.conform!;
    assert.deepEqual(conform.strategy!.matrix.shard, [1, 2]);
    assert.equal(conform.strategy!['fail-fast'], false);
    const shardRun = conform.steps.find((s) => s.run?.includes('pv-conform run'))!.run!;
    assert.match(shardRun, /--shard \$\{\{ matrix\.shard \}\}\/2 /);
    assert.match(shardRun, /--seed \$\{\{ github\.run_number \}\}/);
    const shardUpload = conform.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    assert.equal(shardUpload.if, '${{ !cancelled() }}');
    const merge = wf.jobs.merge!;
    assert.deepEqual(merge.needs, ['conform']);
    assert.ok(merge.steps.some((s) => s.uses?.startsWith('actions/download-artifact') && s.with?.pattern === 'pv-shard-*'));
    const mergeStep = merge.steps.find((s) => s.run?.includes('pv-conform merge'))!;
    assert.match(mergeStep.run!, /--expectations \$EXPECTATIONS/);
    const upload = merge.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    assert.equal(upload.with!.path, 'pv-reports');

    // As a runner would: each shard's command (the config narrowed to one clause to stay quick),
    // the artifacts laid out as download-artifact does, then the merge, without and with a baseline.
    const config = JSON.parse(readFileSync(join(dir, 'pv-conform.config.json'), 'utf8')) as Record<string, unknown>;
    writeConfig(dir, { ...config, tags: '@RD-CS-01', numRuns: 3 });
    const asRunner = (script: string, shard: number) => script.replace(/npx pv-conform/g, `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`)
      .replace(/\$\{\{ matrix\.shard \}\}/g, String(shard)).replace(/\$\{\{ github\.run_number \}\}/g, '42');
    mkdirSync(join(dir, 'shards'));
    for (const shard of [1, 2]) {
      const s = await sh(dir, asRunner(shardRun, shard), {});
      assert.equal(s.code, 0, s.stdout + s.stderr);
      renameSync(join(dir, `shard-${shard}`), join(dir, 'shards', `pv-shard-${shard}`));
    }
    const merged = await sh(dir, asRunner(mergeStep.run!, 0), mergeStep.env!);
    assert.equal(merged.code, 0, merged.stdout + merged.stderr);
    assert.equal(results(join(dir, 'pv-reports')).verdict, 'conformant');
    assert.ok(existsSync(join(dir, 'pv-reports', 'report.html')));

    // With the baseline present, the merge gates on it.
    writeFileSync(join(dir, mergeStep.env!.EXPECTATIONS!), JSON.stringify({ side: 'reader', profile: 'default', deviations: [] }));
    const gated = await sh(dir, asRunner(mergeStep.run!, 0), mergeStep.env!);
    assert.equal(gated.code, 0, gated.stdout + gated.stderr);
    assert.match(gated.stdout, new RegExp(mergeStep.env!.EXPECTATIONS!.replace(/\./g, '\\.')));
  });
});

test('the schema states the ranges and profiles run itself checks', () => {
  const schema = JSON.parse(readFileSync(join(kitRoot, 'schemas', 'config.schema.json'), 'utf8')).definitions.options.properties;
  const range = (k: string) => [schema[k].minimum, schema[k].maximum];
  assert.deepEqual(range('seed'), [-(2 ** 31), 2 ** 32 - 1]);
  assert.deepEqual(range('numRuns'), [1, MAX_NUM_RUNS]);
  assert.deepEqual(range('timeout'), [1, MAX_TIMEOUT_MS]);
  assert.deepEqual(range('memoryLimitMb'), [0, MAX_MEMORY_LIMIT_MB]);
  assert.deepEqual(range('parallel'), [1, MAX_FORCED_PARALLEL]);
  assert.deepEqual(range('cleanupDeadlineMs'), [0, MAX_CLEANUP_DEADLINE_MS]);
  assert.deepEqual(range('pixelTolerance'), [0, 255]);
  assert.deepEqual(range('executeTimeoutMs'), [1, MAX_EXECUTE_TIMEOUT_MS]);
  assert.deepEqual(schema.profile.enum, loadCatalog().profiles.map((p) => p.id));
});

test('every option key the schema allows becomes a command-line argument; progress both ways', () => {
  const schema = JSON.parse(readFileSync(join(kitRoot, 'schemas', 'config.schema.json'), 'utf8')).definitions.options.properties as Record<string, { type?: string; enum?: string[] }>;
  const sample = (k: string, p: { type?: string; enum?: string[] }): unknown => {
    if (k === 'readings') return { 'RD-CS-02': 'case-sensitive' };
    if (k === 'shard') return '1/2';
    if (p.enum) return p.enum[0];
    return p.type === 'boolean' ? true : p.type === 'integer' ? 1 : 'x';
  };
  for (const [k, p] of Object.entries(schema)) {
    if (k === '$schema' || k === 'targets' || k === 'features') continue;
    assert.ok(optionArgs({ [k]: sample(k, p) } as ConfigOptions, kitRoot).args.length > 0, `the config key ${k} is dropped`);
  }
  assert.deepEqual(optionArgs({ progress: true }, kitRoot).args, ['--progress']);
  assert.deepEqual(optionArgs({ progress: false }, kitRoot).args, ['--no-progress']);
});
