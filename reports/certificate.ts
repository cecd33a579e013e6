/**
 * certificate.json: what a vendor hands over. Everything in it except the file hashes is
 * derived from results.json, so verification can re-derive it and catch an edited claim as
 * well as an edited report. It proves integrity, not authorship: sign it to prove who issued it.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { compileSchema, errorsText, assertValid } from '../kit/schemas.ts';
import { hashFile, hashReportFiles, type FileHash } from './fileHashes.ts';
import type { Environment, KitIdentity } from './kitIdentity.ts';
import { readResults } from './readResults.ts';
import type { AdapterIdentity, ClauseVerdict, RunReport, Selection } from './runReport.ts';
import type { Verdict } from './scenarioResults.ts';

export const CERTIFICATE_FILE = 'certificate.json';

export interface Certificate {
  certificateVersion: 1;
  kit: KitIdentity;
  catalogHash: string;
  side: 'reader' | 'writer';
  target: string;
  adapter: AdapterIdentity | null;
  /** The implementation's own hello, as it introduced itself. */
  implementation: Record<string, unknown> | null;
  /** The spec generations the implementation declares (v1, v2). */
  specGenerations: string[];
  profile: string;
  readings: Record<string, string>;
  environment: Environment | null;
  run: { seed: number; numRuns: number; startedAt: string; finishedAt: string; complete: boolean; selection: Selection | null };
  verdict: RunReport['verdict'];
  totals: Record<Verdict, number>;
  clauses: Array<{ id: string; level: string; clarity: string; reading?: string; scenarios: number; verdict: ClauseVerdict }>;
  files: FileHash[];
}

function declaredGenerations(implementation: Record<string, unknown> | null): string[] {
  const g = implementation?.specGenerations ?? implementation?.generations;
  return Array.isArray(g) ? g.filter((x): x is string => typeof x === 'string') : [];
}

export function certificateFrom(report: RunReport, files: FileHash[]): Certificate {
  return {
    certificateVersion: 1,
    kit: report.kit,
    catalogHash: report.catalogHash,
    side: report.side,
    target: report.target,
    adapter: report.adapter ?? null,
    implementation: report.implementation,
    specGenerations: declaredGenerations(report.implementation),
    profile: report.profile,
    readings: report.readings,
    environment: report.environment ?? null,
    run: {
      seed: report.seed, numRuns: report.numRuns, startedAt: report.startedAt, finishedAt: report.finishedAt,
      complete: report.complete, selection: report.selection ?? null,
    },
    verdict: report.verdict,
    totals: report.totals,
    clauses: report.clauses.map((c) => ({
      id: c.id, level: c.level, clarity: c.clarity, ...(c.reading ? { reading: c.reading } : {}), scenarios: c.scenarios, verdict: c.verdict,
    })),
    files,
  };
}

/** Written last, after every other report, so it can hash them all. */
export function writeCertificate(dir: string, report: RunReport): Certificate {
  const cert = certificateFrom(report, hashReportFiles(dir));
  assertValid('certificate.schema.json', cert, CERTIFICATE_FILE);
  writeFileSync(join(dir, CERTIFICATE_FILE), JSON.stringify(cert, null, 2) + '\n');
  return cert;
}

export interface Verification {
  file: string;
  certificate?: Certificate;
  /** Each one makes the certificate invalid; each names the file concerned. */
  problems: string[];
  /** Worth knowing, not a mismatch (e.g. the catalog has changed since). */
  warnings: string[];
}

export function verifyCertificate(fileOrDir: string, currentCatalogHash: string): Verification {
  const file = statSync(fileOrDir, { throwIfNoEntry: false })?.isDirectory() ? join(fileOrDir, CERTIFICATE_FILE) : fileOrDir;
  const dir = dirname(file);
  const out: Verification = { file, problems: [], warnings: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    out.problems.push(`${file}: cannot read: ${(e as Error).message}`);
    return out;
  }
  const validate = compileSchema('certificate.schema.json');
  if (!validate(doc)) {
    out.problems.push(`${file}: does not match certificate.schema.json: ${errorsText(validate)}`);
    return out;
  }
  const cert = doc as Certificate;
  out.certificate = cert;

  for (const f of cert.files) {
    const path = join(dir, f.name);
    if (!existsSync(path)) out.problems.push(`${path}: missing (listed in the certificate)`);
    else {
      const h = hashFile(path);
      if (h.sha256 !== f.sha256) out.problems.push(`${path}: SHA-256 ${h.sha256} does not match the certificate's ${f.sha256} (the file was changed)`);
      else if (h.bytes !== f.bytes) out.problems.push(`${path}: ${h.bytes} bytes, the certificate says ${f.bytes}`);
    }
  }

  const resultsListed = cert.files.some((f) => f.name === 'results.json');
  if (!resultsListed) out.problems.push(`${file}: does not list results.json, so its claims cannot be checked`);
  else if (!out.problems.some((p) => p.startsWith(join(dir, 'results.json')))) {
    try {
      const expected = JSON.parse(JSON.stringify(certificateFrom(readResults(join(dir, 'results.json')), cert.files))) as Record<string, unknown>;
      for (const key of Object.keys({ ...expected, ...cert })) {
        if (!isDeepStrictEqual(expected[key], (cert as unknown as Record<string, unknown>)[key])) {
          out.problems.push(`${file}: "${key}" differs from what results.json says`);
        }
      }
    } catch (e) {
      out.problems.push(`${join(dir, 'results.json')}: ${(e as Error).message}`);
    }
  }

  if (cert.catalogHash !== currentCatalogHash) {
    out.warnings.push(`catalog hash ${cert.catalogHash.slice(0, 12)}… differs from this kit's catalog ${currentCatalogHash.slice(0, 12)}…: the certificate was issued against another version of the clauses`);
  }
  return out;
}
