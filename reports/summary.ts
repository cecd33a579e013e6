/**
 * The human summary printed after a run: per rule family, then every failure with its clause,
 * input, expectation, what came back, and the command that replays it.
 */
import type { Catalog } from '../kit/catalog.ts';
import type { RunReport } from './runReport.ts';
import type { ScenarioResult, Verdict } from './scenarioResults.ts';

const MAX_LISTED = 40;

export function replayCommand(report: Pick<RunReport, 'replayBase'>, r: ScenarioResult): string {
  return r.failure?.replay ?? `${report.replayBase} ${r.location}`;
}

export function printSummary(report: RunReport, catalog: Catalog, opts: { quiet: boolean; reportDir: string }): void {
  const out: string[] = [];
  const t = report.totals;
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
    const bad = report.scenarios.filter((s) => s.verdict === 'failed' || s.verdict === 'errored');
    if (bad.length) out.push('');
    for (const s of bad.slice(0, MAX_LISTED)) {
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
          `  replay:   ${replayCommand(report, s)}`);
      } else {
        out.push(`ERROR ${s.clauses.join(' ')} — ${s.name} (${s.location})`,
          `  the kit or the adapter could not run this scenario: ${(s.error ?? '').split('\n').slice(0, 6).join('\n  ')}`);
      }
    }
    if (bad.length > MAX_LISTED) out.push(`… and ${bad.length - MAX_LISTED} more in ${opts.reportDir}/results.json`);
    out.push('', `reports: ${opts.reportDir}/report.html, results.json, certificate.json, junit.xml, cucumber.html, messages.ndjson`);
  }
  out.push(`${report.verdict.toUpperCase()}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ${t.errored} errored`);
  console.log(out.join('\n'));
}
