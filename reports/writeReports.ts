/**
 * Writes the views derived from a run's report, in dependency order: results.json first,
 * report.html from it, certificate.json last because it hashes the others.
 */
import type { Catalog } from '../kit/catalog.ts';
import { writeCertificate } from './certificate.ts';
import { writeHtmlReport } from './htmlReport.ts';
import { writeRunReport, type RunReport } from './runReport.ts';

export function writeReports(dir: string, report: RunReport, catalog: Catalog): void {
  writeRunReport(dir, report);
  writeHtmlReport(dir, report, catalog);
  writeCertificate(dir, report);
}
