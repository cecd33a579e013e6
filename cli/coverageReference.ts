/**
 * `pv-conform coverage-reference`: runs the suites against the embedded reference
 * implementations with V8 coverage on, then has c8 map it back to the TypeScript sources.
 * Clause coverage says every rule has a scenario; this says which reference behaviour no
 * scenario reaches (a branch nobody exercises is a rule nobody checks, or dead code).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fsErrorText, OutputError } from '../kit/outputFile.ts';
import { loadCatalog, profileAccepts } from '../kit/catalog.ts';
import { kitRoot } from '../kit/paths.ts';
import { readResults } from '../reports/readResults.ts';
import { coverageExceptions, filesNeverLoaded, percent, readCoverage, totalsFor, uncoveredBranches } from '../reports/referenceCoverage.ts';
import { intOption, parse, UsageError } from './args.ts';

const HELP = `usage: pv-conform coverage-reference [options]

Runs the reader suite (and the writer suite when features/writer exists) against the embedded
reference SDK and Runner under V8 coverage, and reports lines and branches of
implementations/reference-sdk and implementations/reference-runner beside clause coverage,
then every reference branch no scenario reaches. c8's HTML report is written too.
A branch no input through the adapter can reach (a guard for direct JavaScript callers of the
SDK, or against a mistake of the kit's) carries a "// coverage exception: <why>" comment in the
reference: it is listed apart with that reason, and the branch figure is also given without
such named exceptions (docs/inputs.md).
The reader side also runs each reading variant of the reference SDK (the mutants that declare
"takes", implementations/mutants/readerMutants.ts) on the clauses whose readings it takes,
under a profile that accepts them, two at a time, into the same coverage: a variant is a
configuration of the reference the kit judges conformant, and some reference code (colour
handling that leaves decoded bytes alone, the recipe by which a fresh process rebuilds
replaced parts) only runs for one. It about doubles the reader side's time.
  --side reader|writer  only one suite (default: both)
  --num-runs N          cases per property (default 20)
  --seed N              fast-check seed (default 1, so two coverage runs compare)
  --report-dir DIR      default coverage/reference
  --max-listed N        uncovered branches listed (default 80; 0 lists all)`;

const SUITES = [
  { side: 'reader', features: 'features/reader', measured: 'implementations/reference-sdk' },
  { side: 'writer', features: 'features/writer', measured: 'implementations/reference-runner' },
] as const;

/** Left in --report-dir, so that the next run knows the directory it is about to empty is its own. */
const MARKER = '.pv-conform-coverage-reference';

/** The directory is emptied before each run: only when it is new, empty, or one this command made. */
function emptyOwnDir(dir: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) throw new OutputError(`--report-dir ${dir} is not a directory`);
  let entries: string[] = [];
  try {
    if (stat) entries = readdirSync(dir);
  } catch (e) {
    throw new OutputError(`cannot read --report-dir ${dir}: ${fsErrorText(e)}`);
  }
  if (entries.length && !entries.includes(MARKER)) {
    throw new OutputError(`--report-dir ${dir} holds other files and was not written by coverage-reference (no ${MARKER}): ` +
      'give a new or empty directory, since this command empties it');
  }
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, MARKER), '');
  } catch (e) {
    throw new OutputError(`cannot write --report-dir ${dir}: ${fsErrorText(e)}`);
  }
}

function node(args: string[], env: NodeJS.ProcessEnv = process.env, quiet = false): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: kitRoot, env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('close', (code) => done(code ?? 2));
  });
}

interface VariantRun { name: string; code: number; dir: string }

/**
 * Each reading variant on the clauses it takes a reading of, under a profile that accepts those
 * readings (default where it does: test/e2e/reading-variants.test.ts judges each variant under
 * default, and under --reading for exactly the readings it takes). Two at a time, as that test does.
 */
async function runReadingVariants(dir: string, common: string[], env: NodeJS.ProcessEnv): Promise<VariantRun[]> {
  const { readerMutantCatalog } = await import('../implementations/mutants/readerMutants.ts');
  const catalog = loadCatalog();
  const variants = Object.entries(readerMutantCatalog).filter(([, m]) => m.takes).map(([name, m]) => {
    const accepts = (p: string) => Object.entries(m.takes!).every(([c, r]) => profileAccepts(catalog, c, p, r));
    const profile = ['default', ...catalog.profiles.map((p) => p.id)].find(accepts);
    if (!profile) throw new Error(`reading variant ${name}: no profile accepts the readings it takes`);
    return { name, takes: m.takes!, profile };
  });
  const out: VariantRun[] = [];
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < variants.length) {
      const { name, takes, profile } = variants[next++]!;
      const runDir = join(dir, 'reader-variants', name);
      const code = await node([...common, '--target', `mutant:${name}`, '--profile', profile,
        '--tags', Object.keys(takes).map((c) => `@${c}`).join(' or '), '--report-dir', runDir], env, true);
      out.push({ name, code, dir: runDir });
    }
  }));
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export async function coverageReferenceCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    side: { type: 'string' },
    'num-runs': { type: 'string' },
    seed: { type: 'string' },
    'report-dir': { type: 'string', default: join('coverage', 'reference') },
    'max-listed': { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.side && values.side !== 'reader' && values.side !== 'writer') throw new UsageError(`--side must be reader or writer, got "${values.side}"`);
  const numRuns = intOption(values['num-runs'], 'num-runs', 20, 1);
  const seed = intOption(values.seed, 'seed', 1, -(2 ** 31));
  const maxListed = intOption(values['max-listed'], 'max-listed', 80, 0);
  const dir = resolve(values['report-dir']!);
  const raw = join(dir, 'v8');
  emptyOwnDir(dir);
  mkdirSync(raw, { recursive: true });

  const suites = SUITES.filter((s) => (!values.side || s.side === values.side) && existsSync(join(kitRoot, s.features)));
  let worst = 0;
  let variants: VariantRun[] = [];
  // From the sources, so V8's coverage is of the reference's own files, not of bundle chunks.
  const env = { ...process.env, NODE_V8_COVERAGE: raw, PV_CONFORM_FROM_SOURCES: '1' };
  for (const s of suites) {
    console.log(`${s.side} suite against the reference (seed ${seed}, ${numRuns} runs per property):`);
    // --no-config: the reference's own run, whatever config the user's directory holds.
    const common = [join(kitRoot, 'bin/pv-conform.mjs'), 'run', '--no-config', '--side', s.side, '--seed', String(seed), '--num-runs', String(numRuns), '--quiet'];
    const code = await node([...common, '--report-dir', join(dir, `${s.side}-run`)], env);
    worst = Math.max(worst, code);
    if (s.side === 'reader') {
      variants = await runReadingVariants(dir, common, env);
      worst = Math.max(worst, ...variants.map((v) => v.code));
    }
  }

  const c8 = join(createRequire(import.meta.url).resolve('c8/package.json'), '..', 'bin', 'c8.js');
  const measured = suites.map((s) => s.measured);
  const reportCode = await node([c8, 'report', '--temp-directory', raw, '--reports-dir', dir, '--all',
    ...measured.flatMap((m) => ['--src', m, '--include', `${m}/**`]),
    '--reporter', 'json', '--reporter', 'json-summary', '--reporter', 'html']);
  if (reportCode !== 0) return 2;

  const files = readCoverage(join(dir, 'coverage-final.json'));
  const summary = join(dir, 'coverage-summary.json');
  const uncoveredOf = new Map(measured.map((m) => [m, uncoveredBranches(files, m)]));
  const rows = [['side', 'measured', 'lines', 'branches', 'branches, named exceptions out', 'clauses passed', 'clauses not passed']];
  for (const s of suites) {
    const t = totalsFor(summary, s.measured);
    const excepted = uncoveredOf.get(s.measured)!.filter((u) => u.exception).length;
    const r = readResults(join(dir, `${s.side}-run`));
    const bad = r.clauses.filter((c) => c.verdict !== 'passed').map((c) => `${c.id}:${c.verdict}`);
    rows.push([s.side, s.measured, percent(t.lines), percent(t.branches),
      `${percent({ covered: t.branches.covered, total: t.branches.total - excepted })}, ${excepted} named`,
      `${r.clauses.length - bad.length}/${r.clauses.length}`, bad.join(' ') || '-']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(['', ...rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()), ''].join('\n'));
  if (variants.length) {
    const failing = variants.filter((v) => v.code !== 0).map((v) => `${v.name} (exit ${v.code}, ${v.dir})`);
    console.log(`reading variants, counted in the reader figures: ${variants.length - failing.length}/${variants.length} conformant under the readings they take` +
      (failing.length ? `; not: ${failing.join(', ')}` : ''));
    console.log('');
  }

  const all = [...uncoveredOf.values()].flat();
  const uncovered = all.filter((u) => !u.exception);
  const excepted = all.filter((u) => u.exception);
  console.log(`Reference branches no scenario reaches: ${uncovered.length}`);
  for (const u of maxListed ? uncovered.slice(0, maxListed) : uncovered) console.log(`  ${u.file}:${u.line}:${u.column}  ${u.source}`);
  if (maxListed && uncovered.length > maxListed) console.log(`  … ${uncovered.length - maxListed} more (--max-listed 0 lists all)`);
  if (excepted.length) {
    console.log(`Named exceptions, unreached and out of the second figure: ${excepted.length}`);
    for (const u of excepted) console.log(`  ${u.file}:${u.line}:${u.column}  ${u.exception}`);
  }
  // An exception comment over code a scenario now reaches (or over no branch at all) is out of date.
  const named = new Set(excepted.map((u) => `${u.file}:${u.line}`));
  const stale = measured.flatMap((m) => coverageExceptions(m)).filter((e) => !e.lines.some((l) => named.has(`${e.file}:${l}`)));
  if (stale.length) {
    console.log(`"coverage exception" comments over no unreached branch (remove or move them): ${stale.map((e) => `${e.file}:${e.line}`).join(', ')}`);
  }
  const unloaded = measured.flatMap((m) => filesNeverLoaded(files, m));
  if (unloaded.length) console.log(`Files no run loaded (type-only modules show here too): ${unloaded.join(', ')}`);
  console.log(`\nhtml: ${join(dir, 'index.html')}`);
  if (worst) console.log(`a reference run did not pass (exit ${worst}): the reference, and each reading variant under its readings, must pass every scenario`);
  if (stale.length) worst = Math.max(worst, 1);
  return worst ? Math.min(worst, 2) : 0;
}
