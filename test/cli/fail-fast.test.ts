/**
 * Fail fast, speak plainly (issue 13): a target or Runner driver that cannot complete its hello
 * stops the run before any scenario, with its stderr tail, after one start; bad input is one
 * line and exit 2; an errored scenario's console entry carries no kit stack frames unless
 * --verbose. Also the writer-side kit parameters that replaced environment variables (issue 12):
 * their ranges, the retired variables, that they reach the steps, and that a run with any of
 * them away from its default issues no certificate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import { writerNumbers } from '../../cli/runOptions.ts';
import { UsageError } from '../../cli/args.ts';
import { errorText } from '../../reports/summary.ts';
import { verifyCertificate } from '../../reports/certificate.ts';
import { hashBytes } from '../../reports/fileHashes.ts';
import { loadCatalog } from '../../kit/catalog.ts';
import { hostileTarget } from '../hostile/sandbox.ts';

const ONE_READ = 'features/reader/robustness.feature:33';
const ONE_WRITE = 'features/writer/frame.feature:13';
/** WR-PIXEL-01, v1 over fs: one step of 160x120 frames. */
const ONE_PIXEL = 'features/writer/pixel.feature:13';

interface Outcome { code: number | null; stdout: string; stderr: string }

function run(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const child = spawn(process.execPath, ['bin/pv-conform.mjs', 'run', ...args], {
    cwd: kitRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function withTmp<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'pv-fail-fast-test-'));
  return f(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** A program that counts its starts in `countFile`, says why it cannot go on, and exits at once. */
function brokenAtStart(countFile: string): string {
  const js = "require('fs').appendFileSync(process.argv[1], 'x'); console.error('boom: missing module'); process.exit(3)";
  return `${process.execPath} -e "${js}" ${countFile}`;
}

const starts = (countFile: string) => (existsSync(countFile) ? readFileSync(countFile, 'utf8').length : 0);

for (const side of ['reader', 'writer'] as const) {
  test(`a ${side === 'reader' ? 'target' : 'Runner driver'} that exits before its hello stops the run at once: one start, its stderr once, exit 2, no scenario`, { timeout: 300_000 }, async () => {
    await withTmp(async (dir) => {
      const count = join(dir, 'starts');
      const reportDir = join(dir, 'report');
      // Several scenarios: a kit without the preflight starts it once for each.
      const args = side === 'reader'
        ? ['--target', brokenAtStart(count), '--tags', '@RD-CS-02']
        : ['--side', 'writer', '--runner', brokenAtStart(count), '--tags', '@WR-ID-01'];
      const r = await run([...args, '--report-dir', reportDir]);
      const option = side === 'reader' ? '--target' : '--runner';
      const what = side === 'reader' ? 'the target' : 'the Runner driver';
      const reason = side === 'reader' ? 'adapter exited with code 3' : 'driver exited \\(3\\)';
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stdout, '', 'nothing on stdout: no summary, no verdict');
      const lines = r.stderr.split('\n').filter(Boolean);
      assert.match(lines[0]!, new RegExp(`^pv-conform run: ${what} \\(${option}\\) did not complete its hello, so no scenario was run: ${reason}$`));
      assert.deepEqual(lines.slice(1), ['--- its stderr (tail) ---', 'boom: missing module']);
      assert.ok(!r.stderr.includes('    at '), `a stack trace:\n${r.stderr}`);
      assert.equal(starts(count), 1, 'started exactly once');
      assert.ok(!existsSync(reportDir), 'no report directory: no scenario ran');
    });
  });
}

test('a target that completes its hello runs as before (the preflight does not stop it)', { timeout: 300_000 }, async () => {
  await withTmp(async (dir) => {
    const r = await run(['--target', hostileTarget('escape-on-read'), '--seed', '1', '--quiet', '--report-dir', join(dir, 'r'), ONE_READ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^CONFORMANT: 1 passed/m);
  });
});

test('a target whose hello works in the preflight and fails in a scenario: that scenario errors, the run goes on', { timeout: 300_000 }, async () => {
  await withTmp(async (dir) => {
    const count = join(dir, 'starts');
    // First start: a working adapter (the fixture in a harmless mode); every later one: a crash.
    const js = "const fs = require('fs'); fs.appendFileSync(process.argv[1], 'x'); " +
      "if (fs.readFileSync(process.argv[1], 'utf8').length > 1) { console.error('gone now'); process.exit(3); } " +
      `import(${JSON.stringify(join(kitRoot, 'test/fixtures/hostile-adapter.mjs'))})`;
    const target = `${process.execPath} -e "${js.replace(/"/g, '\\"')}" ${count} stderr-flood-on-read`;
    const r = await run(['--target', target, '--seed', '1', '--report-dir', join(dir, 'r'), ONE_READ]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /the kit or the adapter could not run this scenario: .*did not complete its hello: adapter exited with code 3/);
    assert.match(r.stdout, /^INCOMPLETE: 0 passed, 0 failed, 0 skipped, 1 errored$/m);
    assert.equal(starts(count), 2, 'the preflight, then the scenario');
  });
});

/** Bad input not covered by options.test.ts: each one line naming what was expected, exit 2. */
const badInput: Array<[string[], RegExp, Record<string, string>?]> = [
  [['--reading', 'RD-CS-02=nope', ONE_READ], /^pv-conform run: --reading RD-CS-02=nope: known readings are /],
  [['--reading', 'XX-YY-99=case-sensitive', ONE_READ], /^pv-conform run: --reading XX-YY-99=case-sensitive: XX-YY-99 is not an ambiguous clause$/],
  [['--reading', 'garbage', ONE_READ], /^pv-conform run: --reading wants CLAUSE=READING, got "garbage"$/],
  [['--expectations', '/nonexistent/expectations.json', ONE_READ], /^pv-conform run: \/nonexistent\/expectations\.json: cannot read expectations: ENOENT/],
  [['--side', 'writer', '--pixel-tolerance', '256', ONE_WRITE], /^pv-conform run: --pixel-tolerance must be a whole number from 0 to 255 \(mean absolute error per 8-bit sample\), got "256"$/],
  [['--side', 'writer', '--pixel-tolerance', '2.5', ONE_WRITE], /^pv-conform run: --pixel-tolerance must be a whole number from 0 to 255/],
  [['--side', 'writer', '--cleanup-deadline-ms=-1', ONE_WRITE], /^pv-conform run: --cleanup-deadline-ms must be a whole number from 0 to 60000 \(milliseconds\), got "-1"$/],
  [['--side', 'writer', '--execute-timeout-ms', '0', ONE_WRITE], /^pv-conform run: --execute-timeout-ms must be a whole number from 1 to 30000 /],
  [['--side', 'writer', '--execute-timeout-ms', '30001', ONE_WRITE], /^pv-conform run: --execute-timeout-ms must be a whole number from 1 to 30000 \(milliseconds; the probe gives up a hang after 60 s\), got "30001"$/],
  [['--pixel-tolerance', '3', ONE_READ], /^pv-conform run: --pixel-tolerance applies to --side writer only$/],
  [['--side', 'writer', ONE_WRITE], /^pv-conform run: PV_PIXEL_TOLERANCE is no longer read: unset it and give --pixel-tolerance instead$/, { PV_PIXEL_TOLERANCE: '10' }],
  [['--side', 'writer', ONE_WRITE], /^pv-conform run: PV_CLEANUP_DEADLINE_MS is no longer read: unset it and give --cleanup-deadline-ms instead$/, { PV_CLEANUP_DEADLINE_MS: '5000' }],
  [['--side', 'writer', ONE_WRITE], /^pv-conform run: PV_EXECUTE_TIMEOUT_MS is no longer read: unset it and give --execute-timeout-ms instead$/, { PV_EXECUTE_TIMEOUT_MS: '100' }],
];

test('unknown readings, unreadable expectations, writer parameters out of range or retired: one line, exit 2, nothing created', { timeout: 600_000 }, async () => {
  await withTmp(async (dir) => {
    const files = { bad: join(dir, 'bad.json'), wrong: join(dir, 'wrong.json') };
    writeFileSync(files.bad, '{bad');
    writeFileSync(files.wrong, '{"x":1}');
    const rows: typeof badInput = [...badInput,
      [['--expectations', files.bad, ONE_READ], /^pv-conform run: \S+bad\.json: cannot read expectations: Expected property name/],
      [['--expectations', files.wrong, ONE_READ], /^pv-conform run: \S+wrong\.json does not match expectations\.schema\.json: /],
    ];
    for (const [i, [args, line, env]] of rows.entries()) {
      const reportDir = join(dir, `r${i}`);
      const r = await run(['--report-dir', reportDir, '--quiet', ...args], env);
      const what = `${JSON.stringify(args)} ${JSON.stringify(env ?? {})}`;
      assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, '', `${what}: printed on stdout`);
      const lines = r.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, `${what}: not one line:\n${r.stderr}`);
      assert.match(lines[0]!, line, what);
      assert.ok(!existsSync(reportDir), `${what}: the report directory was created`);
    }
  });
});

test("an errored scenario's console entry ends at its message; --verbose adds the kit's stack frames", { timeout: 300_000 }, async () => {
  await withTmp(async (dir) => {
    const args = ['--target', hostileTarget('crash-on-read'), '--seed', '1', ONE_READ];
    const plain = await run([...args, '--report-dir', join(dir, 'a')]);
    assert.equal(plain.code, 2, plain.stdout + plain.stderr);
    const entry = plain.stdout.slice(plain.stdout.indexOf('ERROR RD-ROBUST-03'));
    assert.match(entry, /^ERROR RD-ROBUST-03 .*\n {2}the kit or the adapter could not run this scenario: read "[^"]+": the adapter failed: adapter exited with code 3; the adapter was killed/);
    assert.match(entry, /about to misbehave/, "the target's stderr tail stays");
    assert.ok(!/^\s+at \S/m.test(plain.stdout), `kit stack frames:\n${plain.stdout}`);
    // results.json keeps the whole error for whoever debugs the kit.
    const results = JSON.parse(readFileSync(join(dir, 'a', 'results.json'), 'utf8')) as { scenarios: Array<{ error?: string }> };
    assert.match(results.scenarios[0]!.error!, /\n\s+at \S/);

    const verbose = await run([...args, '--verbose', '--report-dir', join(dir, 'b')]);
    assert.equal(verbose.code, 2);
    const entryVerbose = verbose.stdout.slice(verbose.stdout.indexOf('ERROR RD-ROBUST-03'));
    assert.match(entryVerbose.split('\n\n')[0]!, /\n\s+at \S/);
  });
});

test("an error of the kit's own is its message on one line; --verbose adds the stack trace", { timeout: 120_000 }, async () => {
  // The probe's arguments are the kit's business, not the user's: a missing one is a kit error.
  const probe = (args: string[]) => {
    const child = spawn(process.execPath, ['bin/pv-conform.mjs', 'probe', ...args], { cwd: kitRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    return new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  };
  const plain = await probe([]);
  assert.equal(plain.code, 2);
  assert.deepEqual(plain.stderr.split('\n').filter(Boolean), ['pv-conform probe: probe: --script is required (--verbose prints the stack trace)']);
  const verbose = await probe(['--verbose']);
  assert.equal(verbose.code, 2);
  assert.match(verbose.stderr, /^pv-conform probe: Error: probe: .*\n\s+at \S/);
});

test('errorText: the trailing stack goes, a stack inside the message (a target\'s stderr) stays', () => {
  const err = 'Error: adapter exited\n--- adapter stderr ---\nTypeError: x\n    at sdk.js:1:1\n\n    at Kit.start (kit.js:2:2)\n    at async run (kit.js:3:3)';
  assert.equal(errorText(err, false), 'adapter exited\n--- adapter stderr ---\nTypeError: x\n    at sdk.js:1:1');
  assert.equal(errorText(err, true), err);
  assert.equal(errorText('no stack here', false), 'no stack here');
});

test('writerNumbers: the given ones in range, none on the reader side, retired variables refused', () => {
  assert.deepEqual(writerNumbers({}, 'writer', {}), {});
  assert.deepEqual(writerNumbers({ 'cleanup-deadline-ms': '0', 'pixel-tolerance': '255', 'execute-timeout-ms': '30000' }, 'writer', {}),
    { cleanupDeadlineMs: 0, pixelTolerance: 255, executeTimeoutMs: 30000 });
  assert.throws(() => writerNumbers({ 'execute-timeout-ms': '1' }, 'reader', {}), /--execute-timeout-ms applies to --side writer only/);
  assert.throws(() => writerNumbers({}, 'reader', { PV_EXECUTE_TIMEOUT_MS: '1' }), UsageError);
  assert.deepEqual(writerNumbers({}, 'writer', { PV_PIXEL_TOLERANCE: '' }), {}, 'an empty variable sets nothing');
});

test('writer parameters reach the steps, and a run with one away from its default issues no certificate', { timeout: 600_000 }, async () => {
  await withTmp(async (dir) => {
    // JPEG loss is never zero: at tolerance 0 the pixel clause fails, which only the steps can decide.
    const strict = await run(['--side', 'writer', '--pixel-tolerance', '0', '--seed', '1', '--report-dir', join(dir, 'r'), ONE_PIXEL]);
    assert.equal(strict.code, 1, strict.stdout + strict.stderr);
    assert.match(strict.stdout, /FAIL WR-PIXEL-01 .*\n(.*\n)*? {2}expected: mean absolute error per sample <= 0 against the frame/);
    assert.match(strict.stdout, /^NO CERTIFICATE: kit parameters away from their defaults \(pixelTolerance 0\); certificates are only issued with the defaults$/m);
    assert.match(strict.stdout, /replay: +npx pv-conform run --side writer --runner reference --pixel-tolerance 0 /);
    const results = JSON.parse(readFileSync(join(dir, 'r', 'results.json'), 'utf8')) as { kitParameters?: unknown };
    assert.deepEqual(results.kitParameters, { pixelTolerance: 0 });
    assert.ok(!existsSync(join(dir, 'r', 'certificate.json')), 'no certificate');

    // The same scenario with the defaults: passes, with a certificate, and no kitParameters recorded.
    const plain = await run(['--side', 'writer', '--seed', '1', '--quiet', '--report-dir', join(dir, 'r'), ONE_PIXEL]);
    assert.equal(plain.code, 0, plain.stdout + plain.stderr);
    const plainResults = JSON.parse(readFileSync(join(dir, 'r', 'results.json'), 'utf8')) as { kitParameters?: unknown };
    assert.equal(plainResults.kitParameters, undefined);
    assert.deepEqual(verifyCertificate(join(dir, 'r'), loadCatalog()).problems, []);

    // A certificate made by hand next to a run with other parameters is refused.
    const forged = JSON.parse(readFileSync(join(dir, 'r', 'results.json'), 'utf8')) as Record<string, unknown>;
    forged.kitParameters = { cleanupDeadlineMs: 5000 };
    const bytes = Buffer.from(JSON.stringify(forged, null, 2) + '\n');
    writeFileSync(join(dir, 'r', 'results.json'), bytes);
    // Its hash put right too, so that only the parameters can be what is refused.
    const cert = JSON.parse(readFileSync(join(dir, 'r', 'certificate.json'), 'utf8')) as { files: Array<{ name: string; sha256: string; bytes: number }> };
    Object.assign(cert.files.find((f) => f.name === 'results.json')!, hashBytes(bytes));
    writeFileSync(join(dir, 'r', 'certificate.json'), JSON.stringify(cert, null, 2) + '\n');
    const problems = verifyCertificate(join(dir, 'r'), loadCatalog()).problems;
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0]!, /results\.json: the run set kit parameters away from their defaults \(\{"cleanupDeadlineMs":5000\}\); certificates are only issued with the defaults$/);
  });
});
