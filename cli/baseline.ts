/** `pv-conform baseline <results.json> [-o FILE]`: known deviations from a run, for --expectations. */
import { dirname, join, relative, resolve } from 'node:path';
import { checkOutputFile, writeOutputFile } from '../kit/outputFile.ts';
import { kitRoot } from '../kit/paths.ts';
import { assertValid } from '../kit/schemas.ts';
import { baselineFrom } from '../reports/expectations.ts';
import { readResults } from '../reports/readResults.ts';
import { parse, UsageError } from './args.ts';
import { inputFile } from './inputFile.ts';

const HELP = `usage: pv-conform baseline <results.json | report dir> [-o FILE] [--by clause|scenario]

Writes an expectations file listing every failure of the run as a known deviation, to be
reviewed (give each a reason and a link) and used with 'pv-conform run --expectations FILE'.
  --by clause     one entry per failing clause (default): survives edits to feature files
  --by scenario   one entry per failing scenario (uri:line): stricter, drifts with line numbers
  -o FILE         where to write (default: standard output)`;

export async function baselineCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    output: { type: 'string', short: 'o' },
    by: { type: 'string', default: 'clause' },
    help: { type: 'boolean', default: false },
  }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('wants exactly one results.json (or report directory)');
  if (values.by !== 'clause' && values.by !== 'scenario') throw new UsageError(`--by wants clause or scenario, got "${values.by}"`);
  // Before reading anything: an output path that cannot be written is refused at once.
  if (values.output) checkOutputFile(resolve(values.output));
  const report = inputFile(() => readResults(positionals[0]!));
  const baseline = baselineFrom(report, values.by);
  if (!values.output) {
    console.log(JSON.stringify(assertValid('expectations.schema.json', baseline, 'baseline'), null, 2));
    return 0;
  }
  const out = resolve(values.output);
  // The $schema reference lets editors check the file; it is relative so the file can move with the kit.
  const schema = relative(dirname(out), join(kitRoot, 'schemas', 'expectations.schema.json')).split('\\').join('/');
  const doc = assertValid('expectations.schema.json', { $schema: schema, ...baseline }, values.output);
  writeOutputFile(out, JSON.stringify(doc, null, 2) + '\n');
  console.error(`wrote ${values.output}: ${baseline.deviations.length} known deviation${baseline.deviations.length === 1 ? '' : 's'} of ${report.target}; review each reason and add a link`);
  return 0;
}
