/**
 * The certificate of a real (small) run verifies; changing any report file, or a claim in the
 * certificate itself, makes verification fail naming the file; another catalog only warns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyCertificate, type Certificate } from '../../reports/certificate.ts';
import { assertValid } from '../../kit/schemas.ts';
import { catalog, cli, tempDir } from './support/reports.ts';

const dir = tempDir('pv-cert-');
const run = cli(['run', '--target', 'mutant:bgr-unswapped', '--tags', '@RD-CS-01', '--num-runs', '5', '--seed', '9', '--quiet', '--report-dir', dir]);

function certificate(): Certificate {
  return JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as Certificate;
}

test('every run writes a certificate that names what was run and hashes every report', () => {
  assert.equal(run.code, 1, run.out);
  const c = assertValid<Certificate>('certificate.schema.json', certificate(), 'certificate.json');
  assert.deepEqual(c.files.map((f) => f.name).sort(), ['cucumber.html', 'junit.xml', 'messages.ndjson', 'report.html', 'results.json']);
  assert.equal(c.verdict, 'non-conformant');
  assert.equal(c.catalogHash, catalog.hash);
  assert.equal(c.implementation?.name, 'mutant:bgr-unswapped');
  assert.deepEqual(c.specGenerations, ['v1', 'v2']);
  assert.equal(c.environment?.node, process.version);
  assert.equal(c.run.selection?.full, false, 'a --tags run is a partial run and says so');
  assert.equal(c.clauses.find((x) => x.id === 'RD-CS-01')?.verdict, 'failed');
  assert.equal(c.certificateVersion, 2);
  assert.deepEqual(c.scope.unjudged, []);
  assert.equal(c.scope.inScope, c.clauses.filter((x) => x.scenarios > 0).length, 'a --tags run: the clauses it ran');
  const ok = cli(['verify-certificate', dir]);
  assert.equal(ok.code, 1, 'intact, but not a conformance certificate');
  assert.match(ok.out, /VALID: .* verdict NON-CONFORMANT/);
  assert.match(ok.out, /not a conformance certificate: verdict non-conformant, failed: RD-CS-01/);
  assert.doesNotMatch(ok.out, /MISMATCH/);
});

test('a modified report file is detected and named', () => {
  const html = join(dir, 'report.html');
  const before = readFileSync(html);
  appendFileSync(html, '<!-- edited -->');
  try {
    const v = cli(['verify-certificate', join(dir, 'certificate.json')]);
    assert.equal(v.code, 1, v.out);
    assert.match(v.out, /MISMATCH .*report\.html: SHA-256/);
  } finally {
    writeFileSync(html, before);
  }
  assert.equal(verifyCertificate(dir, catalog).problems.length, 0, 'restored');
});

test('an edited claim in the certificate is detected although every hash still matches', () => {
  const path = join(dir, 'certificate.json');
  const original = readFileSync(path, 'utf8');
  try {
    writeFileSync(path, JSON.stringify({ ...certificate(), verdict: 'conformant' }));
    const v = verifyCertificate(dir, catalog);
    assert.deepEqual(v.problems.map((p) => p.replace(dir, 'DIR')), [
      'DIR/certificate.json: "verdict" differs from what results.json says',
      'DIR/certificate.json: claims conformant, but MUST clauses failed: RD-CS-01',
    ]);
  } finally {
    writeFileSync(path, original);
  }
});

test('a certificate of an older version is refused with the reason', () => {
  const path = join(dir, 'certificate.json');
  const original = readFileSync(path, 'utf8');
  try {
    writeFileSync(path, JSON.stringify({ ...certificate(), certificateVersion: 1 }));
    assert.match(verifyCertificate(dir, catalog).problems.join('\n'), /certificate version 1 was issued under rules that did not require every MUST clause in scope to be judged/);
  } finally {
    writeFileSync(path, original);
  }
});

test('a missing file fails, another catalog only warns', () => {
  const v = verifyCertificate(dir, { ...catalog, hash: '0'.repeat(64) });
  assert.deepEqual(v.problems, []);
  assert.match(v.warnings.join('\n'), /catalog hash .* differs/);
  rmSync(join(dir, 'junit.xml'));
  const missing = verifyCertificate(dir, catalog);
  assert.match(missing.problems.join('\n'), /junit\.xml: missing/);
});
