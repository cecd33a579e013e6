/**
 * `pv-conform coverage`: clauses without scenarios, ambiguous and conflicting clauses with their
 * readings, and which readings implementations satisfy, from saved runs or by probing.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCatalog, type Side } from '../kit/catalog.ts';
import { checkOutputFile } from '../kit/outputFile.ts';
import { assertValid } from '../kit/schemas.ts';
import { formatCoverage } from '../reports/clauseCoverage.ts';
import { indexFeatures } from '../reports/featureIndex.ts';
import { probeReadings, unclearClauses, type ReadingProbe } from '../reports/readingProbe.ts';
import { readResults, resultsPath } from '../reports/readResults.ts';
import type { RunReport } from '../reports/runReport.ts';
import { intOption, parse, UsageError } from './args.ts';
import { inputFile } from './inputFile.ts';

const HELP = `usage: pv-conform coverage [--side reader|writer] [results.json | reading-probe.json | report dir ...]
       pv-conform coverage --probe-readings --target T [--target T ...] [options]

Without files: clauses no scenario checks, and every ambiguous or conflicting clause with its
readings and the reading each profile selects. With saved runs: the verdict each run got on
those clauses under the reading it selected.

--probe-readings runs each ambiguous clause's scenarios once per reading against each target
(--reading CLAUSE=R, one 'pv-conform run' per pair) and shows which readings each
implementation satisfies. A pass means compatible with that reading, not chosen: an
implementation can satisfy several, and a permissive reading passes more.
  --target T        an implementation to probe (repeatable; writer side: a --runner value)
  --side S          reader (default when probing) or writer
  --clause C        probe only this clause (repeatable)
  --num-runs N      cases per property (default 20)
  --seed N          fast-check seed shared by every probe (default: random, printed)
  --parallel N      probes run at once (default 2)
  --report-dir DIR  where probe runs and reading-probe.json go (default pv-reports/reading-probe)`;

function readAny(file: string): RunReport | ReadingProbe {
  const path = resultsPath(file);
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { kind?: string };
  return doc.kind === 'reading-probe' ? assertValid<ReadingProbe>('reading-probe.schema.json', doc, path) : readResults(path);
}

function slug(target: string): string {
  return target.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'target';
}

export async function coverageCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    side: { type: 'string' },
    'probe-readings': { type: 'boolean', default: false },
    target: { type: 'string', multiple: true },
    clause: { type: 'string', multiple: true },
    'num-runs': { type: 'string' },
    seed: { type: 'string' },
    parallel: { type: 'string' },
    'report-dir': { type: 'string', default: join('pv-reports', 'reading-probe') },
    help: { type: 'boolean', default: false },
  }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.side && values.side !== 'reader' && values.side !== 'writer') throw new UsageError(`--side must be reader or writer, got "${values.side}"`);
  const catalog = loadCatalog();
  const results: RunReport[] = [];
  const probes: ReadingProbe[] = [];
  for (const f of positionals) {
    const doc = inputFile(() => readAny(f));
    if ('kind' in doc) probes.push(doc);
    else results.push(doc);
  }

  if (values['probe-readings']) {
    const targets = values.target ?? [];
    if (!targets.length) throw new UsageError('--probe-readings wants at least one --target');
    const side = (values.side ?? 'reader') as Side;
    const clauses = unclearClauses(catalog, side, values.clause ?? []);
    for (const c of values.clause ?? []) {
      if (!clauses.some((x) => x.id === c)) throw new UsageError(`--clause ${c}: not an ambiguous or conflicting ${side} clause`);
    }
    const seed = intOption(values.seed, 'seed', Math.floor(Math.random() * 2 ** 31), -(2 ** 31));
    const numRuns = intOption(values['num-runs'], 'num-runs', 20, 1);
    const parallel = intOption(values.parallel, 'parallel', 2, 1);
    const pairs = clauses.reduce((n, c) => n + c.readings!.length, 0);
    // Every target's file checked before the first probe: a path that cannot be written fails now, not after the runs.
    for (const target of targets) checkOutputFile(join(resolve(values['report-dir']!, slug(target)), 'reading-probe.json'));
    for (const target of targets) {
      const reportDir = resolve(values['report-dir']!, slug(target));
      console.error(`probing ${target}: ${clauses.length} clauses, ${pairs} readings, seed ${seed} -> ${reportDir}`);
      probes.push(await probeReadings({ catalog, side, target, clauses, seed, numRuns, reportDir, parallel, onProgress: (l) => console.error(l) }));
    }
  }

  const sides: Side[] = values.side ? [values.side as Side] : values['probe-readings'] ? ['reader'] : ['reader', 'writer'];
  console.log(formatCoverage({ catalog, index: indexFeatures(), sides, results, probes }));
  return 0;
}
