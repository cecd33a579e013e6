/** `pv-conform diff A.json B.json`: regressions, fixes and changed readings between two runs. */
import { diffRuns, formatDiff } from '../reports/runDiff.ts';
import { readResults } from '../reports/readResults.ts';
import { parse, UsageError } from './args.ts';
import { inputFile } from './inputFile.ts';

const HELP = `usage: pv-conform diff <A results.json | dir> <B results.json | dir>

Compares two runs, of one implementation over time or of two implementations: clauses and
scenarios passing in A and failing in B (regressions), the other way round (fixes), and
ambiguous clauses read differently. Exit 1 when there is a regression, 0 otherwise.`;

export async function diffCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', default: false } }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('wants two results.json files (or report directories): A and B');
  const [a, b] = positionals.map((p) => inputFile(() => readResults(p)));
  const d = diffRuns(a!, b!);
  console.log(formatDiff(d, { a: `${positionals[0]} (${a!.target}, ${a!.startedAt})`, b: `${positionals[1]} (${b!.target}, ${b!.startedAt})` }));
  const regressions = d.regressions.clauses.length + d.regressions.scenarios.length;
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  console.log(regressions ? `\nREGRESSED: ${n(d.regressions.clauses.length, 'clause')}, ${n(d.regressions.scenarios.length, 'scenario')}` : '\nNO REGRESSION');
  return regressions ? 1 : 0;
}
