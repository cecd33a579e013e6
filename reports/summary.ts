/**
 * The human summary printed after a run: per rule family, then every defect (failures grouped by
 * clause and signature, reports/defects.ts) once, with its clause, input, expectation, what came
 * back, the command that replays it, and the other scenarios that meet it.
 */
import type { Catalog } from '../kit/catalog.ts';
import { defectsOf } from './defects.ts';
import type { RunReport } from './runReport.ts';
import { couldNotRun, unjudgedReasons } from './scope.ts';
import { skipGroups } from './skips.ts';
import type { ScenarioResult, Verdict } from './scenarioResults.ts';

const MAX_LISTED = 40;
/** Locations listed under a defect's FAIL block before "…". */
const MAX_ALSO = 8;

function alsoList(locations: string[]): string {
  return locations.slice(0, MAX_ALSO).join(', ') + (locations.length > MAX_ALSO ? ', …' : '');
}

export function replayCommand(report: Pick<RunReport, 'replayBase'>, r: ScenarioResult): string {
  return r.failure?.replay ?? `${report.replayBase} ${r.location}`;
}

export function printSummary(report: RunReport, catalog: Catalog, opts: { quiet: boolean; reportDir: string; verbose?: boolean }): void {
  const out: string[] = [];
  const t = report.totals;
  const defects = report.defects ?? defectsOf(report.scenarios, catalog);
  if (!opts.quiet) {
    const impl = report.implementation as { name?: string; version?: string } | null;
    out.push('', `pv-conform ${report.kit.version} — ${report.side} side — target ${report.target}` +
      (impl?.name ? ` (${impl.name} ${impl.version ?? ''})`.trimEnd() : ''),
    `profile ${report.profile}, seed ${report.seed}, ${report.numRuns} runs per property`, '');
    const families = new Map<string, Record<Verdict, number>>();
    for (const s of report.scenarios) {
      const fam = catalog.byId.get(s.clauses[0] ?? '')?.family ?? 'untagged';
      const c = families.get(fam) ?? { passed: 0, failed: 0, skipped: 0, errored: 0 };
      c[s.verdict] += 1;
      families.set(fam, c);
    }
    out.push('family            passed  failed  skipped  errored');
    for (const [fam, c] of [...families].sort()) {
      out.push(`${fam.padEnd(16)} ${String(c.passed).padStart(7)} ${String(c.failed).padStart(7)} ${String(c.skipped).padStart(8)} ${String(c.errored).padStart(8)}`);
    }
    // One FAIL block per defect (its representative scenario), then every scenario that could not run.
    const byLocation = new Map(report.scenarios.map((s) => [s.location, s]));
    const failedOnes = defects.map((d) => ({ s: byLocation.get(d.scenarios[0]!)!, also: d.scenarios.slice(1) })).filter((x) => x.s);
    const erroredOnes = report.scenarios.filter((s) => s.verdict === 'errored' || (s.verdict === 'failed' && !s.failure)).map((s) => ({ s, also: [] as string[] }));
    const bad = [...failedOnes, ...erroredOnes];
    if (bad.length) out.push('');
    for (const { s, also } of bad.slice(0, MAX_LISTED)) {
      if (s.verdict === 'failed' && s.failure) {
        const f = s.failure;
        const level = catalog.byId.get(f.clause)?.level ?? '';
        out.push(`FAIL ${f.clause} ${level} — ${s.name} (${s.location})`,
          `  ${f.summary}`,
          `  input:    ${f.input}`,
          ...(f.meta !== undefined ? [`  meta:     ${JSON.stringify(f.meta)}`] : []),
          `  expected: ${f.expected}`,
          `  actual:   ${f.actual}`,
          ...(f.implementationError ? [`  raised:   ${f.implementationError}`] : []),
          ...(f.counterexample !== undefined ? [`  shrunk counterexample: ${JSON.stringify(f.counterexample)}`] : []),
          `  replay:   ${replayCommand(report, s)}`,
          ...(also.length ? [`  also: ${also.length} more scenario${also.length === 1 ? '' : 's'}: ${alsoList(also)}`] : []));
      } else {
        out.push(`ERROR ${s.clauses.join(' ')} — ${s.name} (${s.location})`,
          `  the kit or the adapter could not run this scenario: ${errorText(s.error ?? '', opts.verbose === true).split('\n').slice(0, 6).join('\n  ')}`);
      }
    }
    if (bad.length > MAX_LISTED) out.push(`… and ${bad.length - MAX_LISTED} more in ${opts.reportDir}/results.json`);
    // Neither failed nor passed: a precondition failed under another clause, which names the cause.
    const notJudgedLines = notJudgedBlocks(report);
    if (notJudgedLines.length) out.push('');
    out.push(...notJudgedLines.slice(0, MAX_LISTED * 2));
    // One block per distinct reason: a Runner without posix skips dozens of scenarios for one.
    const skips = skipGroups(report.scenarios);
    if (skips.length) out.push('');
    for (const g of skips.slice(0, MAX_LISTED)) {
      out.push(`SKIP ${g.locations.length} scenario${g.locations.length === 1 ? '' : 's'} — ${g.text}`, `  ${alsoList(g.locations)}`);
    }
    if (skips.length > MAX_LISTED) out.push(`… and ${skips.length - MAX_LISTED} more reasons in ${opts.reportDir}/results.json`);
    out.push('', `reports: ${opts.reportDir}/report.html, results.json${report.kitParameters ? '' : ', certificate.json'}, junit.xml, cucumber.html, messages.ndjson`);
  }
  if (report.kitParameters) {
    out.push(`NO CERTIFICATE: kit parameters away from their defaults (${Object.entries(report.kitParameters).map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
      'certificates are only issued with the defaults');
  }
  // The defect count right above the verdict, which stays the last line: tests and CI parse it.
  out.push(...scopeLines(report));
  if (t.failed) out.push(`${defects.length} defect${defects.length === 1 ? '' : 's'} in ${t.failed} failed scenario${t.failed === 1 ? '' : 's'}`);
  out.push(`${report.verdict.toUpperCase()}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ${t.errored} errored`);
  console.log(out.join('\n'));
}

/** One NOT JUDGED block per clause no scenario could judge, with the first reason and the scenarios. */
function notJudgedBlocks(report: RunReport): string[] {
  const out: string[] = [];
  for (const c of report.clauses) {
    if (c.verdict !== 'not judged') continue;
    const mine = report.scenarios.filter((s) => s.verdict !== 'errored' && s.clauseVerdicts?.[c.id]?.verdict === 'not judged');
    out.push(`NOT JUDGED ${c.id} ${c.level} — ${mine[0]?.clauseVerdicts?.[c.id]?.reason ?? 'a precondition failed'}`, `  ${alsoList(mine.map((s) => s.location))}`);
  }
  return out;
}

/**
 * Printed even with --quiet, right above the verdict: what the verdict speaks for when the scope
 * was narrowed, and, when the run is incomplete, the MUST clauses it could not judge and why.
 */
export function scopeLines(report: RunReport): string[] {
  const lines: string[] = [];
  const scope = report.scope;
  const sel = report.selection;
  const filtered = sel && !sel.full
    ? ['narrowed by', sel.paths.join(' '), sel.tags ? `--tags "${sel.tags}"` : '', sel.name ? `--name "${sel.name}"` : '', sel.shard ? `--shard ${sel.shard}` : ''].filter(Boolean).join(' ')
    : '';
  if (scope && (filtered || scope.outOfScope.length)) {
    const byReason = new Map<string, string[]>();
    for (const o of scope.outOfScope) byReason.set(o.reason, [...(byReason.get(o.reason) ?? []), o.clause]);
    const out = [...byReason].map(([reason, ids]) => `${ids.join(', ')} (${reason})`).join('; ');
    lines.push(`SCOPE: ${scope.clauses.length} clause${scope.clauses.length === 1 ? '' : 's'} in scope` +
      (filtered ? ` (${filtered})` : '') + (out ? `; out of scope: ${out}` : ''));
  }
  const unjudged = report.unjudged ?? [];
  if (report.verdict === 'incomplete' && unjudged.length) {
    lines.push(`INCOMPLETE: ${unjudged.length} MUST clause${unjudged.length === 1 ? '' : 's'} not judged: ${unjudged.join(', ')}` +
      ` — ${unjudgedReasons(report).join('; ')}`);
  } else if (report.verdict === 'incomplete' && scope && !couldNotRun({ ...report, scenarios: report.scenarios.length })) {
    lines.push('INCOMPLETE: no clause in scope was judged');
  }
  return lines;
}

/**
 * An errored scenario's error as cucumber recorded it ends with the kit's own stack frames, which
 * say nothing to a vendor: without --verbose only the message goes to the console (results.json
 * keeps them). Frames inside the message, such as a Node target's stack in its stderr tail, stay.
 */
export function errorText(error: string, verbose: boolean): string {
  if (verbose) return error;
  return withoutTrailingFrames(error).replace(/^(?:Error|AdapterError): /, '');
}

/** The error without the stack frames that end it (the kit's own, where cucumber recorded them); report.html shows it so too. */
export function withoutTrailingFrames(error: string): string {
  const lines = error.split('\n');
  let end = lines.length;
  while (end > 0 && /^\s+at \S/.test(lines[end - 1]!)) end--;
  while (end > 0 && !lines[end - 1]!.trim()) end--;
  return lines.slice(0, end).join('\n');
}
