/**
 * Writes the views derived from a run's report, in dependency order: results.json first,
 * report.html from it, certificate.json last because it hashes the others.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../kit/catalog.ts';
import { writeFileAtomic } from '../kit/outputFile.ts';
import { writeCertificate } from './certificate.ts';
import { writeHtmlReport } from './htmlReport.ts';
import { writeInputFiles } from './failureInputs.ts';
import { writeRunReport, type RunReport } from './runReport.ts';
import { junitWithSkipReasons } from './skips.ts';

/** cucumber's junit.xml, when it wrote one, gains the reason of every skip. */
function withSkipReasons(file: string, report: RunReport): void {
  if (!existsSync(file)) return;
  const xml = readFileSync(file, 'utf8');
  const out = junitWithSkipReasons(xml, report.scenarios);
  if (out !== xml) writeFileAtomic(file, out);
}

/** `inputs`: the failures' input files by path (scenarioResults), written before the reports that link them. */
export function writeReports(dir: string, report: RunReport, catalog: Catalog, inputs?: ReadonlyMap<string, Buffer>): void {
  if (inputs) writeInputFiles(dir, inputs);
  withSkipReasons(join(dir, 'junit.xml'), report);
  writeRunReport(dir, report);
  writeHtmlReport(dir, report, catalog);
  // Kit parameters away from their defaults judge by other numbers than the published ones: such
  // a run is an investigation, and nothing in its directory may pass for a certificate.
  if (!report.kitParameters) writeCertificate(dir, report);
}
