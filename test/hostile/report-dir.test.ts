/**
 * The user's files around report directories: a directory holding other files is refused, a
 * previous report is replaced file by file as its manifest lists, two runs never write one
 * directory at once, a write that fails never leaves a broken report over a good one, every
 * output path is checked before work starts, and verify-certificate opens only plain regular
 * files inside the report directory (no path escape, no FIFO hang, no symbolic link followed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import { compileSchema } from '../../kit/schemas.ts';
import type { Certificate } from '../../reports/certificate.ts';
import { KIT_FILES, LOCK_FILE, MANIFEST_FILE, STAGING_DIR, type ReportManifest } from '../../reports/reportDir.ts';
import { hostileTarget, Sandbox } from './sandbox.ts';

const root = mkdtempSync(join(tmpdir(), 'pv-report-dir-'));
test.after(async () => {
  // Started at load time: when a name filter skips every test that waits for it, it is waited for here.
  await referenceRun;
  chmodRecursive(root);
  rmSync(root, { recursive: true, force: true });
});

/** The smallest real run: a handful of scenarios, a few seconds. */
const SMALL = ['--tags', '@RD-META-01', '--num-runs', '2', '--seed', '7', '--quiet'];

interface Outcome { code: number | null; stdout: string; stderr: string }

function withoutCoverage(): NodeJS.ProcessEnv {
  // Empty, not deleted: spawn() copies the parent's NODE_V8_COVERAGE into an env that lacks it.
  return { ...process.env, NODE_V8_COVERAGE: '' };
}

/** `pv-conform ...` from the repo root; `prefix` runs it under another program (sh for ulimit). */
function cli(args: string[], opts: { uid?: number; gid?: number; prefix?: string[] } = {}): Promise<Outcome> {
  const command = opts.prefix ? opts.prefix[0]! : process.execPath;
  const argv = [...(opts.prefix ? [...opts.prefix.slice(1), process.execPath] : []), 'bin/pv-conform.mjs', ...args];
  const child = spawn(command, argv, {
    cwd: kitRoot, stdio: ['ignore', 'pipe', 'pipe'],
    // Another user cannot write this run's coverage (c8 in CI) and would say so on stderr.
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid, env: withoutCoverage() } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function run(dir: string, extra: string[] = []): Promise<Outcome> {
  return cli(['run', ...SMALL, '--report-dir', dir, ...extra]);
}

/** Every entry below `dir` with its content (or "dir"), to show that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name);
    out[name] = statSync(path).isDirectory() ? 'dir' : readFileSync(path, 'utf8');
  }
  return out;
}

function assertOneLineRefusal(r: Outcome, pattern: RegExp, what: string): void {
  assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '', `${what}: printed on stdout: ${r.stdout}`);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `${what}: not one line:\n${r.stderr}`);
  assert.match(lines[0]!, pattern, what);
}

const noStackTrace = (text: string) => assert.doesNotMatch(text, /\n\s+at \S/, `a stack trace:\n${text}`);

function chmodRecursive(dir: string): void {
  try {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) chmodRecursive(join(dir, e.name));
  } catch {
    // gone already
  }
}

function manifestOf(dir: string): ReportManifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as ReportManifest;
}

// One valid report, copied by the tests that need one to start from.
const reference = join(root, 'reference');
const referenceRun = run(reference);

async function copyOfReference(name: string): Promise<string> {
  const r = await referenceRun;
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const dir = join(root, name);
  cpSync(reference, dir, { recursive: true });
  return dir;
}

// ---- what may be in a report directory ----

test('the manifest schema allows exactly the files the kit writes', () => {
  const schema = JSON.parse(readFileSync(join(kitRoot, 'schemas', 'report-manifest.schema.json'), 'utf8')) as { properties: { files: { items: { enum: string[] } } } };
  assert.deepEqual(schema.properties.files.items.enum, [...KIT_FILES]);
});

test('a run writes a manifest naming the kit, the run and every file it wrote, and leaves no lock or staging directory', async () => {
  const r = await referenceRun;
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const manifest = manifestOf(reference);
  assert.ok(compileSchema('report-manifest.schema.json')(manifest));
  assert.equal(manifest.kit.name, 'pv-conform');
  assert.equal(manifest.run.command, 'run');
  assert.equal(manifest.run.verdict, 'conformant');
  assert.deepEqual(manifest.files, [...KIT_FILES]);
  assert.deepEqual(readdirSync(reference).sort(), [...KIT_FILES, MANIFEST_FILE].sort());
});

test('a directory holding other files is refused: one line, exit 2, nothing written or deleted', async () => {
  const dir = join(root, 'others');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  writeFileSync(join(dir, 'sub', 'results.json'), 'also mine');
  const before = snapshot(dir);
  const r = await run(dir);
  assertOneLineRefusal(r, /^pv-conform run: --report-dir .*others holds other files \(notes\.txt, sub\) and no pv-conform report \(no pv-conform-report\.json\)/, 'other files');
  assert.deepEqual(snapshot(dir), before);
});

test('a file of the kit\'s names that the manifest does not list is not replaced: the run is refused', async () => {
  const dir = await copyOfReference('unlisted');
  const manifest = manifestOf(dir);
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, files: manifest.files.filter((f) => f !== 'junit.xml') }));
  const before = snapshot(dir);
  const r = await run(dir);
  assertOneLineRefusal(r, /holds junit\.xml, which its pv-conform-report\.json does not list/, 'unlisted junit.xml');
  assert.deepEqual(snapshot(dir), before);
});

test('a manifest that does not match its schema is refused, naming it', async () => {
  const dir = join(root, 'forged-manifest');
  mkdirSync(dir);
  writeFileSync(join(dir, 'results.json'), 'mine');
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ manifestVersion: 1, files: ['../outside'] }));
  const before = snapshot(dir);
  const r = await run(dir);
  assertOneLineRefusal(r, /pv-conform-report\.json is not a pv-conform report manifest \(pv-conform-report\.json does not match report-manifest\.schema\.json/, 'forged manifest');
  assert.deepEqual(snapshot(dir), before);
});

test('a previous report directory is reused: the listed files are replaced, everything else is left as it was', async () => {
  const dir = await copyOfReference('reuse');
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  mkdirSync(join(dir, 'old-runs'));
  writeFileSync(join(dir, 'old-runs', 'results.json'), 'an older run, kept by hand');
  const previous = readFileSync(join(dir, 'results.json'), 'utf8');
  const r = await run(dir, ['--seed', '8']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.notEqual(readFileSync(join(dir, 'results.json'), 'utf8'), previous, 'results.json replaced');
  assert.match(readFileSync(join(dir, 'results.json'), 'utf8'), /"seed": 8/);
  assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
  assert.equal(readFileSync(join(dir, 'old-runs', 'results.json'), 'utf8'), 'an older run, kept by hand');
  assert.deepEqual(readdirSync(dir).sort(), [...KIT_FILES, MANIFEST_FILE, 'notes.txt', 'old-runs'].sort());
  const verify = await cli(['verify-certificate', dir]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});

// ---- one run at a time ----

test('a second run into a directory another run is writing is refused before it runs anything; SIGTERM removes the first run\'s lock', async () => {
  const sandbox = new Sandbox();
  try {
    let lockHeld = false;
    let second: Outcome | undefined;
    const r = await sandbox.run(['--target', hostileTarget('hang-on-read'), '--seed', '1'], {
      signal: 'SIGTERM',
      // Never throws: the first run gets its signal whatever happens here.
      signalWhen: async () => {
        await sandbox.waitForPids(2).catch(() => undefined);
        // The first run's target hangs on a read now: the second run comes while it runs.
        lockHeld = existsSync(join(sandbox.reportDir, LOCK_FILE));
        second = await run(sandbox.reportDir);
      },
    });
    assert.ok(lockHeld, 'the first run held the lock');
    assertOneLineRefusal(second!, /^pv-conform run: .* is being written by another pv-conform run \(pid \d+, in \.pv-conform\.lock\)/, 'second run');
    assert.equal(r.code, 2, r.out.slice(-3000));
    assert.match(r.out, /stopped by SIGTERM/);
    assert.ok(!existsSync(join(sandbox.reportDir, LOCK_FILE)), 'the lock is removed on SIGTERM');
    assert.ok(!existsSync(join(sandbox.reportDir, STAGING_DIR)), 'the staging directory is removed');
    assert.equal(manifestOf(sandbox.reportDir).run.verdict, 'incomplete', 'the partial reports are in place');
  } finally {
    sandbox.dispose();
  }
});

test('a lock whose process is dead is taken over, and a staging directory a killed run left is cleared', async () => {
  const dir = join(root, 'stale');
  mkdirSync(join(dir, STAGING_DIR), { recursive: true });
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  writeFileSync(join(dir, LOCK_FILE), `${dead}\n`);
  writeFileSync(join(dir, STAGING_DIR, 'messages.ndjson'), 'half a stream');
  const r = await run(dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(readdirSync(dir).sort(), [...KIT_FILES, MANIFEST_FILE].sort());
});

test('the lock is removed when the run ends in an error', async () => {
  const dir = join(root, 'error');
  // A target that dies on its first read: the scenario errors, the run could not run (exit 2).
  const r = await cli(['run', '--target', hostileTarget('crash-on-read'), '--quiet', '--report-dir', dir, 'features/reader/robustness.feature:33']);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /^INCOMPLETE: /m);
  assert.ok(!existsSync(join(dir, LOCK_FILE)));
  assert.ok(!existsSync(join(dir, STAGING_DIR)));
  assert.equal(manifestOf(dir).run.verdict, 'incomplete');
});

// ---- paths that cannot be written ----

test('a --report-dir that is a file, or below a file, is refused before anything runs: one line, exit 2', async () => {
  const file = join(root, 'a-file');
  writeFileSync(file, 'mine');
  assertOneLineRefusal(await run(file), /^pv-conform run: --report-dir .*a-file is a regular file, not a directory$/, 'a file');
  assertOneLineRefusal(await run(join(file, 'reports')), /^pv-conform run: cannot create --report-dir .*a-file\/reports: ENOTDIR/, 'below a file');
  assert.equal(readFileSync(file, 'utf8'), 'mine');
});

test('an unwritable report directory is refused before anything runs: one line, exit 2', async () => {
  // Root writes anywhere: the run is made as an unprivileged user then.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const parent = join(root, 'locked-parent');
  const dir = join(parent, 'read-only');
  mkdirSync(dir, { recursive: true });
  chmodSync(root, 0o755);
  chmodSync(parent, 0o755);
  chmodSync(dir, 0o555);
  try {
    const r = await cli(['run', ...SMALL, '--report-dir', dir], asUser);
    assertOneLineRefusal(r, /^pv-conform run: cannot write to --report-dir .*read-only: EACCES/, 'read-only');
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    chmodSync(dir, 0o755);
    chmodSync(root, 0o700);
  }
});

test('a full disk after the run: the verdict, then one line saying why the reports are not written, exit 2; the previous reports stay intact', async () => {
  const dir = await copyOfReference('full-disk');
  const before = snapshot(dir);
  // The kit keeps builds of itself in a cache, rebuilt when a source changed: current before the
  // limit below, which would stop the kit from writing its build, not only its reports.
  const warm = await run(join(root, 'full-disk-warm-up'));
  assert.equal(warm.code, 0, warm.stdout + warm.stderr);
  // A 4 KiB file size limit stands in for a full disk: every larger write fails (EFBIG), in the
  // kit as in cucumber's own formatters, as ENOSPC would.
  const r = await cli(['run', ...SMALL, '--report-dir', dir], { prefix: ['sh', '-c', 'ulimit -f 8; exec "$0" "$@"'] });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /^(CONFORMANT|NON-CONFORMANT|INCOMPLETE): /m, 'the verdict line');
  const last = r.stderr.trim().split('\n').at(-1)!;
  assert.match(last, /^pv-conform run: the reports could not be written to .*full-disk: EFBIG: file too large/);
  noStackTrace(r.stdout + r.stderr);
  assert.deepEqual(snapshot(dir), before, 'no truncated report, no temporary file left');
});

test('a report that cannot be put in place (a directory where report.html goes): the verdict, one line, exit 2, nothing replaced', async () => {
  const dir = await copyOfReference('blocked');
  rmSync(join(dir, 'report.html'));
  mkdirSync(join(dir, 'report.html'));
  const before = snapshot(dir);
  const r = await run(dir);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /^CONFORMANT: /m);
  assert.equal(r.stderr.trim(), `pv-conform run: the reports could not be written to ${dir}: ${join(dir, 'report.html')} is a directory, which the kit does not replace`);
  assert.deepEqual(snapshot(dir), before);
});

test('baseline, matrix, merge and coverage-reference: an output they cannot write is one line and exit 2, checked first', async () => {
  const dir = await copyOfReference('outputs');
  const file = join(root, 'outputs-file');
  writeFileSync(file, 'mine');
  assertOneLineRefusal(await cli(['baseline', dir, '-o', dir]), /^pv-conform baseline: cannot write .*outputs: it is a directory; give the name of a file$/, 'baseline -o DIR');
  assertOneLineRefusal(await cli(['baseline', dir, '-o', join(file, 'x.json')]), /^pv-conform baseline: cannot write .*outputs-file\/x\.json: ENOTDIR/, 'baseline below a file');
  assertOneLineRefusal(await cli(['matrix', dir, '-o', dir]), /^pv-conform matrix: cannot write .*outputs: it is a directory/, 'matrix -o DIR');
  assertOneLineRefusal(await cli(['merge', dir, '-o', file]), /^pv-conform merge: -o .*outputs-file is a regular file, not a directory$/, 'merge -o FILE');
  const others = join(root, 'coverage-others');
  mkdirSync(others);
  writeFileSync(join(others, 'notes.txt'), 'mine');
  assertOneLineRefusal(await cli(['coverage-reference', '--report-dir', others]), /^pv-conform coverage-reference: --report-dir .*coverage-others holds other files/, 'coverage-reference');
  assert.equal(readFileSync(join(others, 'notes.txt'), 'utf8'), 'mine');
  assert.equal(readFileSync(file, 'utf8'), 'mine');

  // Written through a temporary file: the old one replaced whole, nothing left beside it.
  const baselines = join(root, 'baselines');
  mkdirSync(baselines);
  writeFileSync(join(baselines, 'known.json'), 'old');
  const ok = await cli(['baseline', dir, '-o', join(baselines, 'known.json')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(readFileSync(join(baselines, 'known.json'), 'utf8'), /"deviations": \[\]/);
  assert.deepEqual(readdirSync(baselines), ['known.json']);
});

// ---- verify-certificate opens only plain regular files in the report directory ----

function editCertificate(dir: string, edit: (c: Certificate) => void): void {
  const path = join(dir, 'certificate.json');
  const cert = JSON.parse(readFileSync(path, 'utf8')) as Certificate;
  edit(cert);
  writeFileSync(path, JSON.stringify(cert, null, 2));
}

/** Bounded, so that a verification that hangs fails the test instead of holding it forever. */
function verify(dir: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', 'verify-certificate', dir], { cwd: kitRoot, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test('verify-certificate: a listed name that is a path, "..", or holds NUL is a MISMATCH naming it, never a crash', async () => {
  const dir = await copyOfReference('names');
  writeFileSync(join(root, 'x'), 'outside the report directory');
  for (const name of ['../x', '..', 'a\u0000b', join(root, 'x')]) {
    editCertificate(dir, (c) => { c.files = [...c.files.filter((f) => f.name === 'results.json'), { name, sha256: '0'.repeat(64), bytes: 0 }]; });
    const v = verify(dir);
    assert.equal(v.code, 1, `${JSON.stringify(name)}: ${v.out}`);
    assert.ok(v.out.split('\n').some((l) => l.startsWith('MISMATCH') && l.includes(JSON.stringify(name))), `${JSON.stringify(name)} not named:\n${v.out}`);
    noStackTrace(v.out);
  }
});

test('verify-certificate: a listed FIFO, or a FIFO as certificate.json, is a MISMATCH naming it; nothing waits on it', async () => {
  const dir = await copyOfReference('fifo');
  rmSync(join(dir, 'junit.xml'));
  const made = spawnSync('mkfifo', [join(dir, 'junit.xml')]);
  assert.equal(made.status, 0, String(made.stderr));
  const v = verify(dir);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, /^MISMATCH .*junit\.xml: a FIFO, not a regular file/m);
  noStackTrace(v.out);

  const certDir = await copyOfReference('fifo-certificate');
  unlinkSync(join(certDir, 'certificate.json'));
  spawnSync('mkfifo', [join(certDir, 'certificate.json')]);
  const c = verify(certDir);
  assert.equal(c.code, 1, c.out);
  assert.match(c.out, /^MISMATCH .*certificate\.json: cannot read: a FIFO, not a regular file/m);
});

test('verify-certificate: a listed symbolic link is not followed, even when the certificate carries its target\'s hash', async () => {
  const dir = await copyOfReference('symlink');
  const target = '/etc/passwd';
  const content = readFileSync(target);
  rmSync(join(dir, 'junit.xml'));
  symlinkSync(target, join(dir, 'junit.xml'));
  // With the target's own hash, a verifier that followed the link would find the file intact.
  editCertificate(dir, (c) => {
    c.files = c.files.map((f) => (f.name === 'junit.xml' ? { name: f.name, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length } : f));
  });
  const v = verify(dir);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, /^MISMATCH .*junit\.xml: a symbolic link, not a regular file/m);
  for (const line of content.toString('utf8').split('\n').filter((l) => l.length > 8)) assert.ok(!v.out.includes(line), `${target} content in the output`);
  noStackTrace(v.out);
});
