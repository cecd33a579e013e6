/**
 * `pv-conform init`: writes pv-conform.config.json into the vendor's repository, and a GitHub
 * Actions workflow that runs the suite in shards, merges them, gates and uploads the report.
 * It asks nothing: options fill the config, so it runs the same in a terminal, a script and CI.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { kitRoot } from '../kit/paths.ts';
import { compileSchema } from '../kit/schemas.ts';
import { checkOutputFile, writeOutputFile } from '../kit/outputFile.ts';
import { intOption, parse, UsageError } from './args.ts';
import { CONFIG_FILE, CONFIG_MODULE, CONFIG_SCHEMA, configErrorText, type ConfigFile } from './config.ts';

export const WORKFLOW_FILE = '.github/workflows/pv-conform.yml';
/** Where the workflow looks for known deviations when --expectations names none. */
export const DEFAULT_EXPECTATIONS = 'pv-conform.expectations.json';
const MAX_CI_SHARDS = 32;

const HELP = `usage: pv-conform init [options]

Writes ${CONFIG_FILE} here, with the options of 'pv-conform run' (docs/config.md), and
${WORKFLOW_FILE}, a GitHub Actions workflow: the suite in shards, their merge, the gate, and
the report as an artifact. Asks nothing; what is not given keeps run's defaults.

  --target T            reader target, as for run (default: python:<dir> when <dir> here, or this
                        directory, holds the procvision_algorithm_sdk package; else reference)
  --side reader|writer  which side to certify (default reader)
  --runner R            writer side: the Runner driver command line
  --python EXE          the interpreter for python: targets
  --profile P           default, strict or permissive (default: default)
  --expectations FILE   an expectations file to gate on (pv-conform baseline writes one); the
                        workflow gates on ${DEFAULT_EXPECTATIONS} when it exists otherwise
  --report-dir DIR      where run writes its reports (default pv-reports)
  --shards N            CI jobs the workflow splits the suite over, 1 to ${MAX_CI_SHARDS} (default 4)
  --no-workflow         write the config only
  --force               replace files that exist (otherwise refused)

exit codes: 0 written; 2 bad usage or a file that exists.`;

export async function initCommand(argv: string[], cwd = process.cwd()): Promise<number> {
  const { values, positionals } = parse(argv, {
    target: { type: 'string' },
    side: { type: 'string' },
    runner: { type: 'string' },
    python: { type: 'string' },
    profile: { type: 'string' },
    expectations: { type: 'string' },
    'report-dir': { type: 'string' },
    shards: { type: 'string' },
    'no-workflow': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`takes no arguments, got "${positionals[0]}" (options: pv-conform init --help)`);
  const shards = intOption(values.shards, 'shards', 4, 1, MAX_CI_SHARDS);
  const side = values.side ?? 'reader';
  if (values.target !== undefined && side === 'writer') throw new UsageError('--target is for the reader side; a writer-side config names its --runner');
  if (values.runner !== undefined && side !== 'writer') throw new UsageError('--runner is for the writer side: add --side writer');
  if (values.expectations !== undefined && !existsSync(resolve(cwd, values.expectations))) {
    // A config naming a missing file would make every run fail; the baseline comes after a first run.
    throw new UsageError(`--expectations ${values.expectations}: no such file; after a first run, write it with pv-conform baseline pv-reports/results.json -o ${values.expectations}`);
  }

  const found = side === 'reader' && values.target === undefined ? findPythonSdk(cwd) : undefined;
  const target = side === 'reader' ? values.target ?? found ?? 'reference' : undefined;
  const configPath = join(cwd, CONFIG_FILE);
  const config: ConfigFile = {
    // Relative, so editors find the schema in the installed kit and the file can move with the repository.
    $schema: relative(cwd, join(kitRoot, 'schemas', CONFIG_SCHEMA)).split('\\').join('/'),
    side: side as ConfigFile['side'],
    ...(target !== undefined ? { target } : {}),
    ...(values.runner !== undefined ? { runner: values.runner } : {}),
    ...(values.python !== undefined ? { python: values.python } : {}),
    profile: values.profile ?? 'default',
    ...(values.expectations !== undefined ? { expectations: values.expectations } : {}),
    reportDir: values['report-dir'] ?? 'pv-reports',
  };
  // What init writes is held to the schema run reads it with: a bad --side or --profile is one line here.
  const validate = compileSchema(CONFIG_SCHEMA);
  if (!validate(config)) throw new UsageError(`the config would not be valid: ${configErrorText(validate.errors ?? [], config)}`);

  const files = [configPath, ...(values['no-workflow'] ? [] : [join(cwd, WORKFLOW_FILE)])];
  // A JavaScript config would be read instead of (or beside) the JSON one: never write next to it.
  if (existsSync(join(cwd, CONFIG_MODULE))) throw new UsageError(`${CONFIG_MODULE} is here already: pv-conform run reads that one`);
  // Both checked before either is written: a refusal leaves the repository as it was.
  for (const f of files) {
    if (existsSync(f) && !values.force) throw new UsageError(`${relative(cwd, f)} exists; pv-conform init --force replaces it`);
    checkOutputFile(f);
  }
  writeOutputFile(configPath, JSON.stringify(config, null, 2) + '\n');
  console.log(`wrote ${CONFIG_FILE}: ${side === 'reader' ? `target ${target}` : `runner ${values.runner ?? 'reference'}`}, profile ${config.profile}, reports in ${config.reportDir}/`);
  if (side === 'reader' && values.target === undefined) {
    console.log(found ? `  (found the SDK package under ${found.slice('python:'.length)}; --target names another)`
      : '  no procvision_algorithm_sdk package found here: the config certifies the kit\'s embedded reference; set "target" to yours');
  }
  if (!values['no-workflow']) {
    writeOutputFile(join(cwd, WORKFLOW_FILE), workflow({ shards, python: target?.startsWith('python:') ?? false, expectations: values.expectations ?? DEFAULT_EXPECTATIONS }));
    console.log(`wrote ${WORKFLOW_FILE}: ${shards} shard${shards === 1 ? '' : 's'}, merged, gated${values.expectations ? ` on ${values.expectations}` : ` on ${DEFAULT_EXPECTATIONS} once it exists`}, report uploaded`);
  }
  console.log('next: npx pv-conform run');
  return 0;
}

/** `python:<dir>` for the first of this directory and its subdirectories holding the spec's package. */
function findPythonSdk(cwd: string): string | undefined {
  const holds = (dir: string) => {
    try {
      return statSync(join(dir, 'procvision_algorithm_sdk')).isDirectory();
    } catch {
      return false;
    }
  };
  if (holds(cwd)) return 'python:.';
  let entries: string[];
  try {
    entries = readdirSync(cwd).filter((n) => !n.startsWith('.') && n !== 'node_modules').sort();
  } catch {
    return undefined;
  }
  const dir = entries.find((n) => holds(join(cwd, n)));
  return dir !== undefined ? `python:./${dir}` : undefined;
}

/**
 * The workflow: the shape of docs/ci-sharding.md, with the target and options from the config.
 * Every shard gets the same seed (merge refuses runs that tested different cases), and its
 * exit code does not stop the upload: the merge job decides, and is the one to gate on.
 */
export function workflow(o: { shards: number; python: boolean; expectations: string }): string {
  const list = Array.from({ length: o.shards }, (_, i) => i + 1).join(', ');
  return `# Written by pv-conform init. The suite in ${o.shards} shards (pv-conform.config.json holds the
# target and options), merged into one report; the merge job is the one to require in branch
# protection. See node_modules/pv-conform/docs/ci-sharding.md.
name: pv-conform
on: [push, pull_request]

jobs:
  conform:
    strategy:
      fail-fast: false            # every shard runs, so the merge sees every failure
      matrix:
        shard: [${list}]
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: npm }
      - run: npm ci
${o.python ? `      - run: sudo apt-get install -y python3-numpy python3-pil   # what the Python shim and most SDKs import
` : ''}      - name: run shard \${{ matrix.shard }}/${o.shards}
        # The same seed on every shard; exit code 1 (non-conformant) must not stop the upload below.
        run: |
          npx pv-conform run --shard \${{ matrix.shard }}/${o.shards} --seed \${{ github.run_number }} --report-dir shard-\${{ matrix.shard }} || echo "exit code $?"
      - uses: actions/upload-artifact@v4
        if: \${{ !cancelled() }}
        with:
          name: pv-shard-\${{ matrix.shard }}
          path: shard-\${{ matrix.shard }}
          retention-days: 7

  merge:
    if: \${{ !cancelled() }}
    needs: [conform]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: npm }
      - run: npm ci
      - uses: actions/download-artifact@v4
        with:
          pattern: pv-shard-*
          path: shards
      - name: merge and gate
        # With known deviations in EXPECTATIONS (pv-conform baseline writes them), only a new
        # failure or a fixed one fails the job; without the file, the verdict itself decides.
        env:
          EXPECTATIONS: ${o.expectations}
        run: |
          gate=""
          if [ -f "$EXPECTATIONS" ]; then gate="--expectations $EXPECTATIONS"; fi
          npx pv-conform merge shards/pv-shard-* -o pv-reports $gate
      - uses: actions/upload-artifact@v4
        if: \${{ !cancelled() }}
        with:
          name: pv-conform-report
          # report.html (open it first), results.json, certificate.json, junit.xml
          path: pv-reports
`;
}
