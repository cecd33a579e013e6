/**
 * certificate.json: what a vendor hands over. Everything in it except the file hashes is
 * derived from results.json, so verification can re-derive it and catch an edited claim as
 * well as an edited report. It proves integrity, not authorship: sign it to prove who issued it.
 *
 * Verification never takes a verdict on trust: it derives the clause counts, the scope and the
 * verdict again from results.json's scenarios (reports/scope.ts), checks those scenarios against
 * the run's message stream (messages.ndjson) when the certificate lists it, and refuses a
 * certificate that claims more than was judged.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { capText } from '../kit/capText.ts';
import { fsErrorText, writeFileAtomic } from '../kit/outputFile.ts';
import { NotRegularFileError, readRegularFile } from '../kit/regularFile.ts';
import { compileSchema, errorsText, assertValid } from '../kit/schemas.ts';
import { hashBytes, hashReportFiles, type FileHash } from './fileHashes.ts';
import type { Environment, KitIdentity } from './kitIdentity.ts';
import { parseResults } from './readResults.ts';
import type { Catalog } from '../kit/catalog.ts';
import { rollUp, type AdapterIdentity, type ClauseVerdict, type RunReport, type Selection } from './runReport.ts';
import { scenarioResults, type ScenarioResult, type Verdict } from './scenarioResults.ts';
import { deriveFromScenarios, isFullSelection, type ClauseFacts, type Derived, type Scope } from './scope.ts';

export const CERTIFICATE_FILE = 'certificate.json';
/** 2: the certificate states its scope, and CONFORMANT needs every MUST clause in scope judged. */
export const CERTIFICATE_VERSION = 2;

export interface CertificateScope {
  /** How many clauses the verdict speaks for. */
  inScope: number;
  /** Clauses left out because the target lacks only optional things, each with why. */
  outOfScope: Array<{ clause: string; reason: string }>;
  /** MUST clauses in scope that nothing judged: a certificate with any is not conformant. */
  unjudged: string[];
}

export interface Certificate {
  certificateVersion: typeof CERTIFICATE_VERSION;
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
  scope: CertificateScope;
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
    certificateVersion: CERTIFICATE_VERSION,
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
    scope: { inScope: report.scope?.clauses.length ?? 0, outOfScope: report.scope?.outOfScope ?? [], unjudged: report.unjudged ?? [] },
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
  writeFileAtomic(join(dir, CERTIFICATE_FILE), JSON.stringify(cert, null, 2) + '\n');
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

/**
 * `catalog`: this kit's catalog. Clause levels come from it when the certificate was issued
 * against it, else from results.json itself (with a warning about the other catalog).
 */
export function verifyCertificate(fileOrDir: string, catalog: Pick<Catalog, 'hash' | 'clauses'>): Verification {
  const inDir = statSync(fileOrDir, { throwIfNoEntry: false })?.isDirectory() ?? false;
  const file = inDir ? join(fileOrDir, CERTIFICATE_FILE) : fileOrDir;
  const dir = dirname(file);
  const out: Verification = { file, problems: [], warnings: [] };
  let doc: unknown;
  try {
    // A certificate.json the user named may be a link they made; one found in a directory may not.
    doc = JSON.parse(readRegularFile(file, { followSymlink: !inDir }).toString('utf8'));
  } catch (e) {
    out.problems.push(`${file}: cannot read: ${e instanceof NotRegularFileError ? e.message : fsErrorText(e)}`);
    return out;
  }
  const version = (doc as { certificateVersion?: unknown } | null)?.certificateVersion;
  if (typeof version === 'number' && version < CERTIFICATE_VERSION) {
    out.problems.push(`${file}: certificate version ${version} was issued under rules that did not require every MUST clause in scope to be judged; ` +
      `this kit verifies version ${CERTIFICATE_VERSION}: run the suite again for a certificate that states its scope`);
    return out;
  }
  // Before anything else is read: a name is joined to the directory and opened.
  const unsafe = listedNames(doc).filter((name) => !isPlainFileName(name));
  if (unsafe.length) {
    for (const name of unsafe) {
      out.problems.push(`${file}: lists ${capText(JSON.stringify(name), 200)}, which is not a plain file name in the report directory ` +
        '(a path, "." or "..", or a control character): not read');
    }
    return out;
  }
  const validate = compileSchema('certificate.schema.json');
  if (!validate(doc)) {
    out.problems.push(`${file}: does not match certificate.schema.json: ${errorsText(validate)}`);
    return out;
  }
  const cert = doc as Certificate;
  out.certificate = cert;

  // Each listed file is read once, here; the checks below use these bytes, not the path again.
  const contents = new Map<string, Buffer>();
  for (const f of cert.files) {
    const path = join(dir, f.name);
    let data: Buffer;
    try {
      data = readRegularFile(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      out.problems.push(code === 'ENOENT' ? `${path}: missing (listed in the certificate)`
        : e instanceof NotRegularFileError ? `${path}: ${e.message}; the certificate lists it, the kit does not read it`
          : `${path}: cannot read: ${fsErrorText(e)}`);
      continue;
    }
    contents.set(f.name, data);
    const h = hashBytes(data);
    if (h.sha256 !== f.sha256) out.problems.push(`${path}: SHA-256 ${h.sha256} does not match the certificate's ${f.sha256} (the file was changed)`);
    else if (h.bytes !== f.bytes) out.problems.push(`${path}: ${h.bytes} bytes, the certificate says ${f.bytes}`);
  }

  const resultsFile = join(dir, 'results.json');
  const resultsListed = cert.files.some((f) => f.name === 'results.json');
  if (!resultsListed) out.problems.push(`${file}: does not list results.json, so its claims cannot be checked`);
  else if (!out.problems.some((p) => p.startsWith(resultsFile))) {
    try {
      const results = parseResults(contents.get('results.json')!.toString('utf8'), resultsFile);
      if (results.kitParameters) {
        // A run never writes one then (reports/writeReports.ts): this certificate was made by hand.
        out.problems.push(`${resultsFile}: the run set kit parameters away from their defaults (${JSON.stringify(results.kitParameters)}); ` +
          'certificates are only issued with the defaults');
      }
      const sameCatalog = results.catalogHash === catalog.hash;
      const clauses: ClauseFacts[] = sameCatalog ? catalog.clauses.filter((c) => c.side === results.side) : results.clauses;
      if (!sameCatalog) out.warnings.push(`${resultsFile}: clause levels taken from results.json itself, since its catalog is not this kit's`);
      const derived = withRecordedWording(deriveFromScenarios(results, clauses), results.scope);
      checkResultsAgainstScenarios(resultsFile, results, derived, out);
      if (cert.files.some((f) => f.name === 'messages.ndjson')) {
        const messages = join(dir, 'messages.ndjson');
        if (!out.problems.some((p) => p.startsWith(messages))) {
          checkScenariosAgainstMessages(resultsFile, messages, contents.get('messages.ndjson')!.toString('utf8'), results.scenarios, out);
        }
      } else {
        out.warnings.push(`${file}: does not list messages.ndjson, so the scenarios in results.json cannot be checked against the run's message stream`);
      }
      // The certificate is compared with what the scenarios say, not with what results.json says of them.
      const expected = JSON.parse(JSON.stringify(certificateFrom(rederived(results, derived), cert.files))) as Record<string, unknown>;
      for (const key of Object.keys({ ...expected, ...cert })) {
        if (!isDeepStrictEqual(expected[key], (cert as unknown as Record<string, unknown>)[key])) {
          out.problems.push(`${file}: "${key}" differs from what results.json says`);
        }
      }
      checkClaims(file, cert, results, derived, clauses, out);
    } catch (e) {
      out.problems.push(`${resultsFile}: ${(e as Error).message}`);
    }
  }

  if (cert.catalogHash !== catalog.hash) {
    out.warnings.push(`catalog hash ${cert.catalogHash.slice(0, 12)}… differs from this kit's catalog ${catalog.hash.slice(0, 12)}…: the certificate was issued against another version of the clauses`);
  }
  return out;
}

function listedNames(doc: unknown): string[] {
  const files = (doc as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return [];
  return files.map((f) => (f as { name?: unknown } | null)?.name).filter((n): n is string => typeof n === 'string');
}

/**
 * What the kit itself lists: a name directly inside the report directory. Anything else would
 * make verification open a file elsewhere (a path, ".."), or fail to open one (NUL).
 */
function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\u0000-\u001f\u007f]/.test(name) && Buffer.byteLength(name) <= 255;
}

/**
 * The out-of-scope reasons are prose worded by the kit that ran: when the recorded ones name the
 * same clauses as the derived ones, their wording is kept (the causes themselves were checked,
 * scenario by scenario), so a certificate does not break when a later kit words them differently.
 */
function withRecordedWording(d: Derived, recorded: Scope | undefined): Derived {
  const ids = (s: Scope) => s.outOfScope.map((o) => o.clause);
  if (!recorded || !isDeepStrictEqual(ids(recorded), ids(d.scope))) return d;
  return { ...d, scope: { ...d.scope, outOfScope: recorded.outOfScope } };
}

/** results.json with everything it says about its scenarios replaced by what they say. */
function rederived(results: RunReport, d: Derived): RunReport {
  const byId = new Map(d.clauses.map((c) => [c.id, c]));
  return {
    ...results,
    totals: d.totals,
    verdict: d.verdict,
    scope: d.scope,
    unjudged: d.unjudged,
    clauses: results.clauses.map((c) => {
      const x = byId.get(c.id);
      return x ? { ...c, scenarios: x.scenarios, counts: x.counts, ...(x.notJudged ? { notJudged: x.notJudged } : {}), verdict: rollUp(x.counts, x.scenarios, x.notJudged) } : c;
    }),
  };
}

/** results.json's own verdict, totals, scope and clause counts must be what its scenarios give. */
function checkResultsAgainstScenarios(resultsFile: string, results: RunReport, d: Derived, out: Verification): void {
  const says = (what: string, recorded: unknown, derivedValue: unknown) => {
    if (!isDeepStrictEqual(recorded, derivedValue)) {
      out.problems.push(`${resultsFile}: "${what}" says ${JSON.stringify(recorded)}, its scenarios give ${JSON.stringify(derivedValue)}`);
    }
  };
  says('verdict', results.verdict, d.verdict);
  says('totals', results.totals, d.totals);
  says('scope', results.scope, d.scope);
  says('unjudged', results.unjudged, d.unjudged);
  const byId = new Map(d.clauses.map((c) => [c.id, c]));
  const wrong = results.clauses.filter((c) => {
    const x = byId.get(c.id);
    return !x || x.scenarios !== c.scenarios || !isDeepStrictEqual(x.counts, c.counts) || (c.notJudged ?? 0) !== x.notJudged || rollUp(x.counts, x.scenarios, x.notJudged) !== c.verdict;
  });
  const missing = d.clauses.filter((c) => !results.clauses.some((r) => r.id === c.id));
  if (wrong.length || missing.length) {
    out.problems.push(`${resultsFile}: clause results differ from what its scenarios give: ${[...wrong.map((c) => c.id), ...missing.map((c) => `${c.id} (missing)`)].join(', ')}`);
  }
}

/**
 * The scenarios of results.json must be the ones the run's message stream reports: a skip turned
 * into a pass in results.json, however consistently, is caught here.
 */
function checkScenariosAgainstMessages(resultsFile: string, messagesFile: string, text: string, scenarios: readonly ScenarioResult[], out: Verification): void {
  let fromStream: ScenarioResult[];
  try {
    const lines = text.split('\n').filter((l) => l.trim());
    fromStream = scenarioResults(lines.map((l) => JSON.parse(l)));
  } catch (e) {
    out.problems.push(`${messagesFile}: cannot read the message stream: ${(e as Error).message}`);
    return;
  }
  const key = (s: ScenarioResult) => JSON.stringify([s.verdict, s.failure?.clause ?? null, s.skipCause ?? null]);
  const tally = (list: readonly ScenarioResult[]) => {
    const m = new Map<string, string[]>();
    for (const s of list) m.set(s.location, [...(m.get(s.location) ?? []), key(s)].sort());
    return m;
  };
  const recorded = tally(scenarios);
  const streamed = tally(fromStream);
  const differing: string[] = [];
  for (const loc of new Set([...recorded.keys(), ...streamed.keys()])) {
    const a = recorded.get(loc);
    const b = streamed.get(loc);
    if (isDeepStrictEqual(a, b)) continue;
    const show = (v?: string[]) => (v ? v.map((k) => (JSON.parse(k) as [string])[0]).join('+') : 'absent');
    differing.push(`${loc} is ${show(a)} in results.json, ${show(b)} in messages.ndjson`);
  }
  if (differing.length) {
    out.problems.push(`${resultsFile}: ${differing.length} scenario${differing.length === 1 ? '' : 's'} differ from the run's message stream: ` +
      differing.slice(0, 5).join('; ') + (differing.length > 5 ? '; …' : ''));
  }
}

/** What a certificate may not claim, whatever else matches. */
function checkClaims(file: string, cert: Certificate, results: RunReport, d: Derived, clauses: readonly ClauseFacts[], out: Verification): void {
  const sel = cert.run.selection;
  if (sel?.full && !isFullSelection(cert.side, sel)) {
    out.problems.push(`${file}: claims a full run (selection.full) but a selection was applied: ` +
      [sel.paths.join(' '), sel.tags ? `--tags ${sel.tags}` : '', sel.name ? `--name ${sel.name}` : '', sel.shard ? `--shard ${sel.shard}` : ''].filter(Boolean).join(' '));
  }
  if (cert.verdict !== 'conformant') return;
  if (d.unjudged.length) out.problems.push(`${file}: claims conformant, but MUST clauses in scope were not judged: ${d.unjudged.join(', ')}`);
  const must = new Set(clauses.filter((c) => c.level === 'MUST').map((c) => c.id));
  const failed = d.clauses.filter((c) => c.counts.failed > 0 && must.has(c.id) && d.scope.clauses.includes(c.id)).map((c) => c.id);
  if (failed.length) out.problems.push(`${file}: claims conformant, but MUST clauses failed: ${failed.join(', ')}`);
  if (results.scenarios.some((s) => s.verdict === 'errored') || !results.complete) out.problems.push(`${file}: claims conformant, but the run did not run to its end`);
}
