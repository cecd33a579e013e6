/** pv-conform: the command line. Each subcommand lives in its own module. */
import { UsageError } from './args.ts';
import { CatalogError } from '../kit/catalog.ts';
import { TargetError } from '../adapter/resolveReaderTarget.ts';
import { OutputError } from '../kit/outputFile.ts';

const HELP = `pv-conform — conformance kit for the ProcVision image shared-memory spec

usage: pv-conform <command> [options]

commands:
  run                 run the conformance suite against a target (default: the embedded reference SDK)
  init                write pv-conform.config.json and a GitHub Actions workflow into this repository
  merge               join the reports of shard runs (run --shard i/n) into one
  verify-certificate  check a run's certificate.json: schema, report hashes, claims, catalog
  baseline            write an expectations file (known deviations) from a run's results.json
  diff                regressions, fixes and changed readings between two runs
  matrix              implementations side by side on one HTML page, disagreements first
  coverage            clauses without scenarios, ambiguous clauses, readings implementations satisfy
  coverage-reference  line and branch coverage of the reference implementations under the suite (c8)
  serve-reference     serve the embedded reference SDK over the subprocess adapter protocol
  probe               the algorithm stand-in a Runner starts during writer-side runs
  help                this text

'pv-conform run --help' lists the run options.
exit codes: 0 conformant, 1 non-conformant, 2 the kit or the target could not run.`;

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.ts')).runCommand,
  init: async () => (await import('./init.ts')).initCommand,
  merge: async () => (await import('./merge.ts')).mergeCommand,
  'verify-certificate': async () => (await import('./verifyCertificate.ts')).verifyCertificateCommand,
  baseline: async () => (await import('./baseline.ts')).baselineCommand,
  diff: async () => (await import('./diff.ts')).diffCommand,
  matrix: async () => (await import('./matrix.ts')).matrixCommand,
  coverage: async () => (await import('./coverage.ts')).coverageCommand,
  'coverage-reference': async () => (await import('./coverageReference.ts')).coverageReferenceCommand,
  'serve-reference': async () => (await import('../adapter/subprocess/serveReference.ts')).serveReferenceCommand,
  probe: async () => (await import('../probe/main.ts')).probeCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(HELP);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`pv-conform: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    // What the user gave was wrong (or a path they named cannot be written): one line saying so, no kit stack frames.
    if (e instanceof UsageError || e instanceof CatalogError || e instanceof TargetError || e instanceof OutputError) {
      console.error(`pv-conform ${name}: ${e.message}`);
      return 2;
    }
    // Anything else is the kit's own fault: its stack frames help whoever fixes the kit, not the
    // user, so they come with --verbose only.
    const verbose = rest.includes('--verbose');
    const text = e instanceof Error ? (verbose ? e.stack ?? e.message : e.message) : String(e);
    console.error(`pv-conform ${name}: ${text}${verbose ? '' : ' (--verbose prints the stack trace)'}`);
    return 2;
  }
}
