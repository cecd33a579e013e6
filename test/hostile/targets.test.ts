/**
 * Each hostile target through `pv-conform run`, as a vendor would meet it: the verdict, the exit
 * code, what is printed, and that nothing is left behind (scratch and payload directories, the
 * adapter and every process it started). docs/hostile-targets.md is this table in prose.
 * One scenario each (a read with a huge meta, nothing stored), so the table costs one run per row.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hostileTarget, Sandbox } from './sandbox.ts';
import { kitPath, PYTHON, pythonShim, quote } from '../subprocess/helpers.ts';

const ONE_READ = 'features/reader/robustness.feature:33';

interface Row {
  mode: string;
  args?: string[];
  code: number;
  /** 'no run': stopped before any scenario (cli/preflight.ts), so no report. */
  verdict: 'conformant' | 'incomplete' | 'non-conformant' | 'no run';
  printed?: RegExp;
}

const rows: Row[] = [
  { mode: 'fail-hello', code: 2, verdict: 'no run', printed: /did not complete its hello, so no scenario was run: adapter exited with code 4\n--- its stderr \(tail\) ---\nfatal: cannot load the SDK/ },
  { mode: 'silent-hello', args: ['--timeout', '1000'], code: 2, verdict: 'no run', printed: /did not complete its hello, so no scenario was run: no reply to hello within 15000 ms[\s\S]*loading a very large model/ },
  { mode: 'crash-on-read', code: 2, verdict: 'incomplete', printed: /adapter exited with code 3; the adapter was killed and will be restarted[\s\S]*about to misbehave/ },
  { mode: 'hang-on-read', args: ['--timeout', '1000'], code: 2, verdict: 'incomplete', printed: /no reply to read within 1000 ms; the adapter was killed/ },
  { mode: 'junk-on-read', code: 2, verdict: 'incomplete', printed: /broke the framing on stdout: .*stdout starts with "Traceback \(most / },
  { mode: 'giant-header-on-read', code: 2, verdict: 'incomplete', printed: /frame length 2147483648 exceeds 8388608/ },
  { mode: 'wrong-id-on-read', code: 2, verdict: 'incomplete', printed: /reply id 1002 does not match request id 2/ },
  { mode: 'invalid-reply-on-read', code: 2, verdict: 'incomplete', printed: /read reply does not match adapter-protocol\/read.schema.json/ },
  { mode: 'huge-image-on-read', code: 2, verdict: 'incomplete', printed: /would need 7864320000 bytes, more than the kit's limit/ },
  { mode: 'foreign-file-on-read', code: 2, verdict: 'incomplete', printed: /payload file \/etc\/hostname is not the one offered/ },
  { mode: 'fifo-on-read', code: 2, verdict: 'incomplete', printed: /payload file \S+\/2\.reply\.bin is not a regular file \(a FIFO\)/ },
  { mode: 'symlink-on-read', code: 2, verdict: 'incomplete', printed: /payload file \S+\/2\.reply\.bin is a symbolic link/ },
  { mode: 'spawn-and-crash-on-read', code: 2, verdict: 'incomplete', printed: /adapter exited with code 5/ },
  { mode: 'allocate-on-read', args: ['--memory-limit-mb', '256'], code: 2, verdict: 'incomplete', printed: /target exceeded its memory limit \(256 MB; --memory-limit-mb\): adapter (exited with code 1|killed by SIGABRT)/ },
  // Misbehaviour that costs the kit nothing visible: the read is judged on its merits.
  { mode: 'stderr-flood-on-read', code: 0, verdict: 'conformant' },
  { mode: 'escape-on-read', code: 0, verdict: 'conformant' },
];

for (const row of rows) {
  test(`${row.mode}: exit ${row.code}, ${row.verdict}, nothing left behind`, async () => {
    const sandbox = new Sandbox();
    try {
      const r = await sandbox.run(['--target', hostileTarget(row.mode), '--seed', '1', ...(row.args ?? []), ONE_READ]);
      assert.equal(r.code, row.code, r.out.slice(-3000));
      if (row.verdict === 'no run') {
        assert.equal(r.report, undefined, 'stopped before any scenario: no report');
      } else {
        assert.equal(r.report?.verdict, row.verdict);
        assert.equal(r.report?.complete, true, 'the run itself went to its end');
      }
      if (row.printed) assert.match(r.out, row.printed);
      assert.deepEqual(sandbox.leftovers(), []);
    } finally {
      sandbox.dispose();
    }
  });
}

test('a Python SDK that allocates without bound inside read: its MemoryError fails the scenario (rule 15), exit 1', { skip: existsSync(PYTHON) ? false : `${PYTHON} is missing` }, async () => {
  const sandbox = new Sandbox();
  try {
    const target = pythonShim('--sdk-path', quote(kitPath('test/fixtures')), '--module', 'greedy_sdk');
    const r = await sandbox.run(['--target', target, '--seed', '1', '--memory-limit-mb', '512', ONE_READ]);
    assert.equal(r.code, 1, r.out.slice(-3000));
    assert.equal(r.report?.verdict, 'non-conformant');
    assert.match(r.out, /raised: {3}MemoryError/);
    assert.deepEqual(sandbox.leftovers(), []);
  } finally {
    sandbox.dispose();
  }
});

/** Every file of a report directory, with its contents. */
function reportFiles(dir: string): { name: string; bytes: number; text: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => {
    const file = join(e.parentPath, e.name);
    return { name: file.slice(dir.length + 1), bytes: statSync(file).size, text: readFileSync(file, 'utf8') };
  });
}

test('symlink-on-read: what the link points to (/etc/passwd) appears in no report and nowhere in the output', async () => {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
  const sandbox = new Sandbox();
  try {
    const r = await sandbox.run(['--target', hostileTarget('symlink-on-read'), '--seed', '1', ONE_READ]);
    assert.equal(r.code, 2, r.out.slice(-3000));
    assert.ok(!r.out.includes(passwd), 'printed');
    for (const f of reportFiles(sandbox.reportDir)) assert.ok(!f.text.includes(passwd), `in ${f.name}`);
  } finally {
    sandbox.dispose();
  }
});

test('huge-exception-on-read: 8 MB of exception message costs kilobytes of report, the cut marked', async () => {
  const sandbox = new Sandbox();
  try {
    const r = await sandbox.run(['--target', hostileTarget('huge-exception-on-read'), '--seed', '1', ONE_READ]);
    assert.equal(r.code, 1, r.out.slice(-3000));
    assert.equal(r.report?.verdict, 'non-conformant');
    assert.ok(r.out.length < 100_000, `${r.out.length} characters printed`);
    assert.ok(r.out.includes('x… [truncated, 7995911 more characters]'), 'the cut is marked in the output');
    const files = reportFiles(sandbox.reportDir);
    const results = files.find((f) => f.name === 'results.json')!;
    assert.ok(results.bytes < 1024 * 1024, `results.json has ${results.bytes} bytes`);
    assert.ok(results.text.includes('x… [truncated, 7995911 more characters]'), 'the cut is marked in results.json');
    // None of the 8 MB in any report (the HTML pages carry their own code, a few MB at most).
    for (const f of files) assert.ok(!f.text.includes('x'.repeat(4097)), `${f.name} (${f.bytes} bytes) holds more than the cap`);
    assert.deepEqual(sandbox.leftovers(), []);
  } finally {
    sandbox.dispose();
  }
});
