/**
 * CONFORMANT needs every MUST clause in scope judged and passed (reports/scope.ts). An adapter
 * written from the docs alone that lacks the SDK's public API gets INCOMPLETE and exit 1, not a
 * pass; optional capabilities and filters narrow the scope instead; verify-certificate derives
 * the verdict from the scenarios and refuses certificates that claim more than was judged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import { certificateFrom, verifyCertificate, type Certificate } from '../../reports/certificate.ts';
import { hashFile } from '../../reports/fileHashes.ts';
import { formatGate, gate } from '../../reports/expectations.ts';
import { exitCodeOf, type RunReport } from '../../reports/runReport.ts';
import { deriveFromScenarios } from '../../reports/scope.ts';
import { scopeLines } from '../../reports/summary.ts';
import { skipCause } from '../../kit/skipCause.ts';
import { quote, tsxScript } from '../subprocess/helpers.ts';
import { catalog, report, scenario, tempDir } from './support/reports.ts';

const root = tempDir('pv-verdicts-');
const MUST_READER = catalog.clauses.filter((c) => c.side === 'reader' && c.level === 'MUST').map((c) => c.id);
const READER = catalog.clauses.filter((c) => c.side === 'reader').map((c) => c.id);

function cli(args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['bin/pv-conform.mjs', ...args], { cwd: kitRoot, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function run(name: string, args: string[]): { code: number; out: string; dir: string; report: RunReport } {
  const dir = join(root, name);
  const r = cli(['run', '--report-dir', dir, '--num-runs', '3', '--seed', '11', '--quiet', ...args]);
  return { ...r, dir, report: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunReport };
}

const lazy = (mode: string) => `${tsxScript('test', 'fixtures', 'serve-lazy-reader.ts')} ${quote(mode)}`;
const lastLine = (out: string) => out.trim().split('\n').at(-1) ?? '';

test.after(() => rmSync(root, { recursive: true, force: true }));

// ---- the verdict rules on synthetic runs ----

test('a clause skipped only for an optional capability is out of scope, for a required one unjudged', () => {
  const optional = { skipReason: 'no scribble', skipCause: skipCause('reader', 'capability', 'scribble') };
  const required = { skipReason: 'no write-bytes', skipCause: skipCause('reader', 'capability', 'write-bytes') };
  assert.equal(optional.skipCause.optional, true);
  assert.equal(required.skipCause.optional, false);
  const others = READER.filter((id) => id !== 'RD-OWN-01').map((id, i) => scenario(100 + i, id, 'passed'));

  const narrowed = report([...others, scenario(1, 'RD-OWN-01', 'skipped', optional)]);
  assert.equal(narrowed.verdict, 'conformant');
  assert.deepEqual(narrowed.unjudged, []);
  assert.deepEqual(narrowed.scope?.outOfScope, [{ clause: 'RD-OWN-01', reason: 'the target lacks capability "scribble"' }]);
  assert.ok(!narrowed.scope?.clauses.includes('RD-OWN-01'));
  assert.equal(exitCodeOf(narrowed), 0);
  assert.match(scopeLines(narrowed).join('\n'), /^SCOPE: \d+ clauses in scope; out of scope: RD-OWN-01 \(the target lacks capability "scribble"\)$/);

  const unjudged = report([...others, scenario(1, 'RD-OWN-01', 'skipped', required)]);
  assert.equal(unjudged.verdict, 'incomplete');
  assert.deepEqual(unjudged.unjudged, ['RD-OWN-01']);
  assert.equal(exitCodeOf(unjudged), 1, 'unjudged is exit 1: the kit ran, the target did not show conformance');
  assert.match(scopeLines(unjudged).join('\n'), /^INCOMPLETE: 1 MUST clause not judged: RD-OWN-01 — required capability missing \(not declared\): write-bytes$/);

  const mixed = report([...others, scenario(1, 'RD-OWN-01', 'skipped', optional), scenario(2, 'RD-OWN-01', 'skipped', { skipReason: 'no cause' })]);
  assert.deepEqual(mixed.unjudged, ['RD-OWN-01'], 'a skip without a recorded cause is never optional');
});

test('a recorded optional flag the policy does not allow does not narrow the scope', () => {
  const forged = { skipCause: { kind: 'command' as const, name: 'write-bytes', optional: true } };
  const others = READER.filter((id) => id !== 'RD-OWN-01').map((id, i) => scenario(100 + i, id, 'passed'));
  assert.deepEqual(report([...others, scenario(1, 'RD-OWN-01', 'skipped', forged)]).unjudged, ['RD-OWN-01']);
});

test('a full run puts every clause of the side in scope; a filtered one only those it ran', () => {
  const one = [scenario(1, 'RD-CS-01', 'passed')];
  const full = report(one);
  assert.equal(full.verdict, 'incomplete', 'MUST clauses without any scenario are unjudged on a full run');
  assert.deepEqual(full.unjudged, MUST_READER.filter((id) => id !== 'RD-CS-01'));
  assert.equal(exitCodeOf(full), 1);
  const filtered = report(one, {}, { full: false, paths: ['features/reader'], tags: '@RD-CS-01' });
  assert.equal(filtered.verdict, 'conformant');
  assert.deepEqual(filtered.scope, { clauses: ['RD-CS-01'], outOfScope: [] });
  assert.match(scopeLines(filtered).join('\n'), /^SCOPE: 1 clause in scope \(narrowed by features\/reader --tags "@RD-CS-01"\)$/);
});

test('failed beats incomplete; errored or stopped runs are incomplete with exit 2', () => {
  const sel = { full: false, paths: ['features/reader'], tags: '@RD-CS-01' };
  assert.equal(report([scenario(1, 'RD-CS-01', 'failed'), scenario(2, 'RD-META-01', 'skipped')], {}, sel).verdict, 'non-conformant');
  const errored = report([scenario(1, 'RD-CS-01', 'errored', { error: 'adapter broke' })], {}, sel);
  assert.equal(errored.verdict, 'incomplete');
  assert.equal(exitCodeOf(errored), 2);
  assert.equal(exitCodeOf(report([], {}, sel)), 2, 'nothing ran');
});

test('writer side: unsupported generations and exotic outcomes narrow the scope, a refused OK step does not', () => {
  const sel = { full: false, paths: ['features/writer'], tags: '@WR-LEAK-01' };
  const w = (line: number, cause: ReturnType<typeof skipCause>) => ({
    ...scenario(line, 'WR-LEAK-01', 'skipped', { skipCause: cause }), uri: 'features/writer/leak.feature', location: `features/writer/leak.feature:${line}`,
  });
  const narrowed = report([w(1, skipCause('writer', 'runner-config', 'v1 over posix')), w(2, skipCause('writer', 'outcome', 'hang'))],
    { side: 'writer' }, sel);
  assert.deepEqual(narrowed.scope?.outOfScope.map((o) => o.clause), ['WR-LEAK-01']);
  assert.equal(narrowed.verdict, 'incomplete', 'nothing judged at all is not conformant');
  assert.deepEqual(scopeLines(narrowed).at(-1), 'INCOMPLETE: no clause in scope was judged');
  const refused = report([w(1, skipCause('writer', 'outcome', 'ok'))], { side: 'writer' }, sel);
  assert.deepEqual(refused.unjudged, ['WR-LEAK-01']);
});

test('an expectations gate does not pass a run whose target skipped what a certificate requires', () => {
  const sel = { full: false, paths: ['features/reader'], tags: '@RD-CS-01 or @RD-OWN-01' };
  const r = report([scenario(16, 'RD-CS-01', 'failed'), scenario(1, 'RD-OWN-01', 'skipped', { skipCause: skipCause('reader', 'capability', 'clear') })], {}, sel);
  const g = gate(r, { side: 'reader', deviations: [{ clause: 'RD-CS-01', expect: 'failed', reason: 'known' }] });
  assert.deepEqual(g.unjudged, ['RD-OWN-01']);
  assert.equal(g.exitCode, 1);
  assert.match(formatGate('e.json', g), /NOT JUDGED RD-OWN-01: skipped for lacking what a certificate requires\nGATE FAILED/);
  const optional = report([scenario(16, 'RD-CS-01', 'failed'), scenario(1, 'RD-OWN-01', 'skipped', { skipCause: skipCause('reader', 'capability', 'scribble') })], {}, sel);
  assert.equal(gate(optional, { side: 'reader', deviations: [{ clause: 'RD-CS-01', expect: 'failed', reason: 'known' }] }).exitCode, 0);
});

// ---- end to end, through the CLI ----

test('an adapter that declares no capabilities is INCOMPLETE, exit 1, and its certificate is no conformance certificate', () => {
  const r = run('no-capabilities', ['--target', lazy('no-capabilities')]);
  assert.equal(r.code, 1, r.out.slice(-3000));
  assert.equal(r.report.verdict, 'incomplete');
  assert.ok(r.report.totals.passed > 0, 'some reads of missing segments pass: not a run that could not run');
  assert.equal(r.report.totals.failed + r.report.totals.errored, 0);
  for (const id of ['RD-ARR-01', 'RD-CS-01', 'RD-OWN-01', 'RD-CLEAN-01']) assert.ok(r.report.unjudged?.includes(id), `${id} unjudged`);
  assert.ok(r.report.unjudged!.every((id) => MUST_READER.includes(id)));
  const causes = new Set(r.report.scenarios.filter((s) => s.verdict === 'skipped').map((s) => JSON.stringify(s.skipCause)));
  assert.ok(causes.has(JSON.stringify({ kind: 'capability', name: 'write-bytes', optional: false })), [...causes].join(' '));
  assert.match(r.out, new RegExp(`INCOMPLETE: ${r.report.unjudged!.length} MUST clauses not judged: RD-[A-Z]+-\\d\\d, .* — required capability missing \\(not declared\\): write-array, write-bytes`));
  assert.match(lastLine(r.out), /^INCOMPLETE: \d+ passed, 0 failed, \d+ skipped, 0 errored$/);

  const v = cli(['verify-certificate', r.dir]);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, /VALID: .* verdict INCOMPLETE/);
  assert.match(v.out, /not a conformance certificate: verdict incomplete, unjudged: RD-/);
  const cert = JSON.parse(readFileSync(join(r.dir, 'certificate.json'), 'utf8')) as Certificate;
  assert.equal(cert.certificateVersion, 2);
  assert.deepEqual(cert.scope.unjudged, r.report.unjudged);
  assert.equal(cert.scope.inScope, r.report.scope!.clauses.length);
});

test('an adapter that declares everything and answers skipped to every command is INCOMPLETE, exit 1', () => {
  const r = run('skip-everything', ['--target', lazy('skip-everything')]);
  assert.equal(r.code, 1, r.out.slice(-3000));
  assert.equal(r.report.verdict, 'incomplete');
  assert.equal(r.report.totals.passed, 0);
  assert.ok(r.report.unjudged!.length >= 20, r.report.unjudged!.join(' '));
  assert.match(r.out, /INCOMPLETE: \d+ MUST clauses not judged: .* — skipped by the target: read, write-array, write-bytes/);
  const v = cli(['verify-certificate', r.dir]);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, /not a conformance certificate: verdict incomplete, unjudged: RD-/);
});

test('the reference is CONFORMANT on a full run, exit 0, everything in scope and judged', () => {
  const r = run('reference', []);
  assert.equal(r.code, 0, r.out.slice(-3000));
  assert.equal(r.report.verdict, 'conformant');
  assert.deepEqual(r.report.unjudged, []);
  assert.deepEqual(r.report.scope, { clauses: READER, outOfScope: [] });
  assert.match(lastLine(r.out), /^CONFORMANT: \d+ passed, 0 failed, 0 skipped, 0 errored$/);
  assert.doesNotMatch(r.out, /SCOPE:/, 'a full run in full scope says nothing more');
  const v = cli(['verify-certificate', r.dir]);
  assert.equal(v.code, 0, v.out);
  assert.doesNotMatch(v.out, /warning/);
});

test('a --tags run of the reference is conformant over a narrowed scope', () => {
  const r = run('reference-cs01', ['--tags', '@RD-CS-01']);
  assert.equal(r.code, 0, r.out.slice(-3000));
  assert.equal(r.report.verdict, 'conformant');
  assert.ok(r.report.scope!.clauses.includes('RD-CS-01'));
  assert.ok(r.report.scope!.clauses.length < READER.length);
  assert.match(r.out, /SCOPE: \d+ clauses? in scope \(narrowed by features\/reader --tags "@RD-CS-01"\)/);
  const v = cli(['verify-certificate', r.dir]);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /partial run/);
});

const picky = (mode: string) => `${tsxScript('test', 'fixtures', 'serve-picky-runner.ts')} ${quote(mode)}`;

test('writer: a Runner that refuses v2 has the v2-only clauses out of scope, and stays conformant on the rest', () => {
  const r = run('writer-v1-only', ['--side', 'writer', '--runner', picky('v1-only'), '--tags', '@WR-ID-01 or @WR-ID-03 or @WR-META-02']);
  assert.equal(r.code, 0, r.out.slice(-3000));
  assert.equal(r.report.verdict, 'conformant');
  assert.deepEqual(r.report.scope, {
    clauses: ['WR-META-02'],
    outOfScope: [
      { clause: 'WR-ID-01', reason: 'the Runner does not run v2 over fs; the Runner does not run v2 over posix' },
      { clause: 'WR-ID-03', reason: 'the Runner does not run v2 over fs' },
    ],
  });
  const skipped = r.report.scenarios.filter((s) => s.verdict === 'skipped');
  assert.ok(skipped.length > 0 && skipped.every((s) => s.skipCause?.kind === 'runner-config' && s.skipCause.optional), JSON.stringify(skipped.map((s) => s.skipCause)));
  assert.match(r.out, /SCOPE: 1 clause in scope \(narrowed by .*\); out of scope: WR-ID-01 \(the Runner does not run v2 over fs; the Runner does not run v2 over posix\); WR-ID-03 \(the Runner does not run v2 over fs\)/);
});

test('writer: a Runner that refuses every step is INCOMPLETE, exit 1', () => {
  const r = run('writer-skip-steps', ['--side', 'writer', '--runner', picky('skip-steps'), '--tags', '@WR-ID-01 or @WR-META-02']);
  assert.equal(r.code, 1, r.out.slice(-3000));
  assert.equal(r.report.verdict, 'incomplete');
  assert.deepEqual(r.report.unjudged, ['WR-META-02', 'WR-ID-01']);
  assert.match(r.out, /INCOMPLETE: 2 MUST clauses not judged: WR-META-02, WR-ID-01 — the Runner does not support an algorithm answering "ok"/);
});

// ---- forged certificates ----

/** A copy of a report directory with results.json (and optionally the certificate) rewritten, hashes updated. */
function forge(from: string, name: string, edit: (results: RunReport, cert: Certificate) => Certificate | void): string {
  const dir = join(root, name);
  cpSync(from, dir, { recursive: true });
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunReport;
  let cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as Certificate;
  cert = edit(results, cert) ?? cert;
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  cert.files = cert.files.map((f) => (f.name === 'results.json' ? { name: f.name, ...hashFile(join(dir, 'results.json')) } : f));
  writeFileSync(join(dir, 'certificate.json'), JSON.stringify(cert, null, 2) + '\n');
  return dir;
}

const skipsToPasses = (results: RunReport) => {
  for (const s of results.scenarios) {
    if (s.verdict !== 'skipped') continue;
    s.verdict = 'passed';
    delete s.skipReason;
    delete s.skipCause;
  }
};

test('results.json whose skips were turned into passes is rejected', () => {
  const dir = forge(join(root, 'no-capabilities'), 'forged-skips', skipsToPasses);
  const v = verifyCertificate(dir, catalog);
  const text = v.problems.join('\n');
  assert.match(text, /results\.json: "verdict" says "incomplete", its scenarios give "conformant"/);
  assert.match(text, /scenarios differ from the run's message stream: .* is passed in results\.json, skipped in messages\.ndjson/);
  assert.equal(cli(['verify-certificate', dir]).code, 1);
});

test('skips turned into passes with every derived field and the certificate redone is still caught by the message stream', () => {
  const dir = forge(join(root, 'no-capabilities'), 'forged-consistently', (results) => {
    skipsToPasses(results);
    const d = deriveFromScenarios(results, catalog.clauses.filter((c) => c.side === 'reader'));
    Object.assign(results, { totals: d.totals, verdict: d.verdict, scope: d.scope, unjudged: d.unjudged });
    for (const c of results.clauses) {
      const x = d.clauses.find((y) => y.id === c.id)!;
      Object.assign(c, { scenarios: x.scenarios, counts: x.counts, verdict: x.counts.failed ? 'failed' : x.counts.passed ? 'passed' : 'skipped' });
    }
    assert.equal(results.verdict, 'conformant');
    return certificateFrom(results, []);
  });
  const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as Certificate;
  assert.equal(cert.files.length, 0, 'forge() only rehashes listed files: list them again');
  cert.files = (JSON.parse(readFileSync(join(root, 'no-capabilities', 'certificate.json'), 'utf8')) as Certificate).files
    .map((f) => ({ name: f.name, ...hashFile(join(dir, f.name)) }));
  writeFileSync(join(dir, 'certificate.json'), JSON.stringify(cert, null, 2) + '\n');
  const v = verifyCertificate(dir, catalog);
  assert.deepEqual(v.problems.map((p) => p.replace(dir, 'DIR').replace(/: \d+ scenarios differ.*/, ': N scenarios differ')),
    ["DIR/results.json: N scenarios differ"]);
});

test('a verdict edited to conformant in both results.json and the certificate is rejected', () => {
  const dir = forge(join(root, 'no-capabilities'), 'forged-verdict', (results, cert) => {
    results.verdict = 'conformant';
    results.unjudged = [];
    cert.verdict = 'conformant';
    cert.scope.unjudged = [];
  });
  const v = verifyCertificate(dir, catalog);
  const text = v.problems.join('\n');
  assert.match(text, /results\.json: "verdict" says "conformant", its scenarios give "incomplete"/);
  assert.match(text, /certificate\.json: "verdict" differs from what results\.json says/);
  assert.match(text, /certificate\.json: claims conformant, but MUST clauses in scope were not judged: RD-/);
  const c = cli(['verify-certificate', dir]);
  assert.equal(c.code, 1, c.out);
  assert.match(c.out, /INVALID: /);
});

test('a certificate claiming a full run of a --tags run is rejected', () => {
  const dir = forge(join(root, 'reference-cs01'), 'forged-full', (results, cert) => {
    results.selection = { ...results.selection!, full: true };
    cert.run.selection = { ...cert.run.selection!, full: true };
  });
  const text = verifyCertificate(dir, catalog).problems.join('\n');
  assert.match(text, /certificate\.json: claims a full run \(selection\.full\) but a selection was applied: features\/reader --tags @RD-CS-01/);
});
