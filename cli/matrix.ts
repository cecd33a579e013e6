/**
 * `pv-conform matrix <results.json | dir>... -o matrix.html`: implementations side by side on
 * one static page, the ambiguous clauses they disagree on first. See docs/reports.md.
 */
import { resolve } from 'node:path';
import { loadCatalog } from '../kit/catalog.ts';
import { checkOutputFile, writeOutputFile } from '../kit/outputFile.ts';
import { buildMatrix, renderMatrixPage } from '../reports/matrixPage.ts';
import { readResults } from '../reports/readResults.ts';
import { parse, UsageError } from './args.ts';
import { inputFile } from './inputFile.ts';

const HELP = `usage: pv-conform matrix <results.json | report dir>... -o <file.html>

Writes one self-contained HTML page comparing runs of several implementations (one side, reader
or writer): clauses as rows, implementations as columns, each cell the verdict and the readings
of the clause the implementation satisfied. The ambiguous and conflicting clauses on which the
implementations disagree come first: they are what the spec should settle next.
  -o, --output FILE         where the page goes (required)
exit codes: 0 written, 2 bad usage or an unreadable or invalid input.`;

export async function matrixCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', default: false },
  }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.output) throw new UsageError('wants -o <file.html> for the page');
  if (positionals.length === 0) throw new UsageError('wants one or more results.json files (or report directories)');
  const out = resolve(values.output);
  checkOutputFile(out);
  const runs = positionals.map((name) => ({ name, report: inputFile(() => readResults(name)) }));
  const sides = new Set(runs.map((r) => r.report.side));
  if (sides.size > 1) {
    const by = (side: string) => runs.filter((r) => r.report.side === side).map((r) => r.name).join(', ');
    throw new UsageError(`mixes reader results (${by('reader')}) and writer results (${by('writer')}): compare one side at a time`);
  }
  const catalog = loadCatalog();
  const matrix = buildMatrix(runs, catalog);
  writeOutputFile(out, renderMatrixPage(matrix, catalog));
  const rows = matrix.disagreements.length + matrix.families.reduce((n, [, r]) => n + r.length, 0);
  const d = matrix.disagreements.length;
  console.log(`${values.output}: ${rows} clauses x ${runs.length} implementations; ${d} ambiguous or conflicting clause${d === 1 ? '' : 's'} on which they disagree${d ? `: ${matrix.disagreements.map((r) => r.id).join(', ')}` : ''}`);
  return 0;
}
