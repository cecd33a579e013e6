/**
 * `pv-conform.config.json` (or `.mjs`): the options of `pv-conform run` kept in the vendor's
 * repository (schemas/config.schema.json). A config becomes command-line arguments placed before the
 * user's own, so that the command line overrides the file through the one option parser `run`
 * already has, and one run from a config is exactly the run those arguments make.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorObject } from 'ajv';
import { compileSchema } from '../kit/schemas.ts';
import { kitRoot } from '../kit/paths.ts';
import { UsageError } from './args.ts';
import { CatalogError } from '../kit/catalog.ts';
import { TargetError } from '../adapter/resolveReaderTarget.ts';
import { OutputError } from '../kit/outputFile.ts';
import { userFeaturePaths } from './selection.ts';
import { closeWarmChild } from './supervisedCucumber.ts';

export const CONFIG_FILE = 'pv-conform.config.json';
/** The same options computed by JavaScript: its default export, checked as the JSON is. */
export const CONFIG_MODULE = 'pv-conform.config.mjs';
export const CONFIG_SCHEMA = 'config.schema.json';

/** The options one run takes from a config (schemas/config.schema.json, `options`). */
export interface ConfigOptions {
  side?: 'reader' | 'writer';
  target?: string;
  python?: string;
  runner?: string;
  profile?: string;
  readings?: Record<string, string>;
  tags?: string;
  name?: string;
  features?: string[];
  seed?: number;
  numRuns?: number;
  noShrink?: boolean;
  reportDir?: string;
  timeout?: number;
  memoryLimitMb?: number;
  parallel?: number;
  forceParallel?: boolean;
  cleanupDeadlineMs?: number;
  pixelTolerance?: number;
  executeTimeoutMs?: number;
  shard?: string;
  expectations?: string;
  quiet?: boolean;
  progress?: boolean;
}

export interface ConfigFile extends ConfigOptions {
  $schema?: string;
  targets?: Record<string, ConfigOptions>;
}

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** What messages call it: the path as the user would type it from their directory. */
  shown: string;
  /** The directory relative paths in the file are taken from. */
  dir: string;
  config: ConfigFile;
}

/**
 * The config a run uses: `--config FILE` (which must exist), else pv-conform.config.json in the
 * working directory when there is one; none with `--no-config`, which the kit's own runs of
 * `run` (reading probes, reference coverage) pass so that a user's config cannot change them.
 */
export function findConfig(o: { config?: string | undefined; noConfig?: boolean | undefined }, cwd = process.cwd()): string | undefined {
  if (o.config !== undefined && o.noConfig) throw new UsageError('--config and --no-config exclude each other');
  if (o.noConfig) return undefined;
  if (o.config !== undefined) return resolve(cwd, o.config);
  const found = [CONFIG_FILE, CONFIG_MODULE].map((f) => join(cwd, f)).filter((f) => existsSync(f));
  if (found.length > 1) throw new UsageError(`both ${CONFIG_FILE} and ${CONFIG_MODULE} are here: keep one, or name it with --config`);
  return found[0];
}

/** Reads and validates a config; anything wrong with it is one UsageError line naming the file. */
export async function loadConfig(file: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const rel = relative(cwd, file);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  const data = /\.m?js$/.test(file) ? await importConfig(file, shown) : readJson(file, shown);
  const validate = compileSchema(CONFIG_SCHEMA);
  if (!validate(data)) throw new UsageError(`${shown}: ${configErrorText(validate.errors ?? [], data)}`);
  return { file, shown, dir: dirname(file), config: data as ConfigFile };
}

async function importConfig(file: string, shown: string): Promise<unknown> {
  if (!existsSync(file)) throw new UsageError(`${shown}: cannot read the config: no such file`);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    // The module's own error (a syntax error, a throw) on one line: it is the user's code, not the kit's.
    throw new UsageError(`${shown}: cannot load the config: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
  }
  if (module.default === undefined) throw new UsageError(`${shown}: has no default export; export default { target: ..., ... }`);
  return module.default;
}

function readJson(file: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${shown}: cannot read the config: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${shown}: not JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

/**
 * The one schema error that says what to fix. ajv (allErrors) may report several for one
 * mistake, and a list buries the relevant one: an unknown key is the likeliest typo, so it
 * comes first; otherwise the error deepest in the document, which is the most specific.
 */
export function configErrorText(errors: ErrorObject[], data: unknown): string {
  if (!errors.length) return 'does not match the config schema';
  // A key that may not be there at all says more than what its value lacks.
  const first = (['additionalProperties', 'false schema'] as const).map((k) => errors.find((e) => e.keyword === k)).find(Boolean);
  const named = errors.find((e) => e.keyword === 'pattern' && e.propertyName !== undefined);
  const deepest = [...errors].sort((a, b) => depth(b) - depth(a))[0]!;
  const e = first ?? named ?? deepest;
  const where = e.instancePath ? e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.') : '';
  const got = (): string => ` got ${JSON.stringify(valueAt(data, e.instancePath))}`;
  // The schema that holds the failed keyword, for its description.
  const node = schemaNode(e.schemaPath.replace(/\/[^/]*$/, ''));
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((schemaNode(e.schemaPath.replace(/\/additionalProperties$/, '')) as { properties?: object } | undefined)?.properties ?? {})
        .filter((k) => k !== '$schema' && !(where && k === 'targets'));
      const close = known.map((k) => [k, editDistance(k.toLowerCase(), key.toLowerCase())] as const).filter(([, d]) => d <= 2)
        .sort((a, b) => a[1] - b[1] || Math.abs(a[0].length - key.length) - Math.abs(b[0].length - key.length))[0]?.[0];
      return `unknown key "${key}"${where ? ` in ${where}` : ''}: ${close ? `did you mean "${close}"?` : `known keys are ${known.join(', ')}`}`;
    }
    case 'false schema':
      return `${where} is not allowed here${where.startsWith('targets.') ? ': a named target holds run options only' : ''}`;
    case 'pattern':
      if (e.propertyName !== undefined) {
        return `${where ? `${where}: ` : ''}the key "${e.propertyName}" ${describe(schemaNode(e.schemaPath.replace(/\/pattern$/, '')), e)}`;
      }
      return `${where} ${describe(node, e)},${got()}`;
    case 'enum':
      return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')},${got()}`;
    case 'type':
      return `${where || 'the config'} must be ${article((e.params as { type: string }).type)},${got()}`;
    case 'minLength':
      return `${where} must not be empty`;
    case 'minProperties':
      return `${where} must name at least one entry`;
    default:
      return `${where || 'the config'} ${e.message ?? 'is not valid'},${got()}`;
  }
}

function depth(e: ErrorObject): number {
  return e.instancePath.split('/').length + (e.propertyName !== undefined ? 1 : 0);
}

function article(type: string): string {
  return type === 'object' ? 'an object' : type === 'array' ? 'an array' : type === 'integer' ? 'a whole number' : `a ${type}`;
}

/** What the value must be, in the schema's own description (ajv's words when there is none). */
function describe(node: unknown, e: ErrorObject): string {
  const d = (node as { description?: string } | undefined)?.description;
  return d !== undefined ? `must be ${d}` : `${e.message}`;
}

let rawSchema: unknown;

/**
 * The node of schemas/config.schema.json an error's schemaPath points at. Every check is in
 * `definitions/options` (the root and each named target refer to it), and ajv gives a path
 * below a referenced schema relative to it.
 */
function schemaNode(schemaPath: string): unknown {
  rawSchema ??= JSON.parse(readFileSync(join(kitRoot, 'schemas', CONFIG_SCHEMA), 'utf8'));
  let node: unknown = (rawSchema as { definitions: { options: unknown } }).definitions.options;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const part of pointer.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The top-level options with a named target's on top of them (readings merge clause by clause). */
export function mergeOptions(top: ConfigOptions, entry: ConfigOptions): ConfigOptions {
  const readings = top.readings || entry.readings ? { ...top.readings, ...entry.readings } : undefined;
  return { ...top, ...entry, ...(readings ? { readings } : {}) };
}

/** A path of the config, taken from its directory. */
const fromDir = (dir: string, p: string) => resolve(dir, p);

/**
 * The command-line arguments a config's options stand for, with its paths made absolute from
 * `dir`. The target and runner command lines are left as written: the run starts them in `dir`
 * (cli/run.ts `targetCwd`), which is what gives their relative paths the config's meaning.
 */
export function optionArgs(o: ConfigOptions, dir: string): { args: string[]; features: string[] } {
  const args: string[] = [];
  const str = (flag: string, v: string | number | undefined) => {
    if (v !== undefined) args.push(`--${flag}=${v}`);
  };
  const bool = (flag: string, v: boolean | undefined) => {
    if (v) args.push(`--${flag}`);
  };
  str('side', o.side);
  str('target', o.target);
  // A bare name is looked up on PATH, as on the command line; one with a slash is a path.
  str('python', o.python !== undefined && o.python.includes('/') ? fromDir(dir, o.python) : o.python);
  str('runner', o.runner);
  str('profile', o.profile);
  for (const [clause, reading] of Object.entries(o.readings ?? {})) str('reading', `${clause}=${reading}`);
  str('tags', o.tags);
  str('name', o.name);
  str('seed', o.seed);
  str('num-runs', o.numRuns);
  bool('no-shrink', o.noShrink);
  str('report-dir', o.reportDir !== undefined ? fromDir(dir, o.reportDir) : undefined);
  str('timeout', o.timeout);
  str('memory-limit-mb', o.memoryLimitMb);
  str('parallel', o.parallel);
  bool('force-parallel', o.forceParallel);
  str('cleanup-deadline-ms', o.cleanupDeadlineMs);
  str('pixel-tolerance', o.pixelTolerance);
  str('execute-timeout-ms', o.executeTimeoutMs);
  str('shard', o.shard);
  str('expectations', o.expectations !== undefined ? fromDir(dir, o.expectations) : undefined);
  bool('quiet', o.quiet);
  if (o.progress !== undefined) args.push(o.progress ? '--progress' : '--no-progress');
  // As on the command line: a path found next to the config is that file, any other one the kit's.
  const features = userFeaturePaths(o.features ?? [], dir);
  return { args, features };
}

/** The valued flags optionArgs writes, by the key each stands for. */
const VALUED: Record<string, keyof ConfigOptions> = {
  side: 'side', target: 'target', python: 'python', runner: 'runner', profile: 'profile', tags: 'tags', name: 'name',
  seed: 'seed', 'num-runs': 'numRuns', 'report-dir': 'reportDir', timeout: 'timeout', 'memory-limit-mb': 'memoryLimitMb',
  parallel: 'parallel', 'cleanup-deadline-ms': 'cleanupDeadlineMs', 'pixel-tolerance': 'pixelTolerance',
  'execute-timeout-ms': 'executeTimeoutMs', shard: 'shard', expectations: 'expectations',
};
const NUMERIC = new Set<keyof ConfigOptions>(['seed', 'numRuns', 'timeout', 'memoryLimitMb', 'parallel', 'cleanupDeadlineMs', 'pixelTolerance', 'executeTimeoutMs']);
/** The switches optionArgs writes, by the key and value each stands for. */
const SWITCHES: Record<string, [keyof ConfigOptions, boolean]> = {
  'no-shrink': ['noShrink', true], 'force-parallel': ['forceParallel', true], quiet: ['quiet', true],
  progress: ['progress', true], 'no-progress': ['progress', false],
};

/**
 * The config options a run's arguments stand for: the inverse of optionArgs (feature paths
 * aside), for a tool that writes planned runs into a config (the kill matrix's batches). Takes
 * `--flag value` and `--flag=value`; a flag with no config key (`--verbose`, `--path`) throws
 * rather than being dropped. test/cli/optionArgs.test.ts holds the round trip for every key.
 */
export function configOptionsOf(args: string[]): ConfigOptions {
  const o: Record<string, unknown> = {};
  const readings: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.startsWith('--') ? args[i]!.slice(2).split(/=(.*)/s, 2) as [string, string | undefined] : [args[i]!, undefined];
    const switched = SWITCHES[flag];
    if (switched && inline === undefined) {
      o[switched[0]] = switched[1];
      continue;
    }
    const key = flag === 'reading' ? 'readings' : VALUED[flag];
    if (!key) throw new Error(`no config option for ${args[i]}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`--${flag} without a value in ${args.join(' ')}`);
    if (key === 'readings') {
      const at = value.indexOf('=');
      if (at <= 0) throw new Error(`--reading ${value}: not CLAUSE=READING`);
      readings[value.slice(0, at)] = value.slice(at + 1);
    } else {
      o[key] = NUMERIC.has(key) ? Number(value) : value;
    }
  }
  return (Object.keys(readings).length ? { ...o, readings } : o) as ConfigOptions;
}

/**
 * One run of `pv-conform run` with these arguments, its target started in `targetCwd` (cli/run.ts);
 * `keepWarm` when more runs follow: its cucumber process may serve the next (closeWarmChild).
 */
export type RunOne = (argv: string[], targetCwd?: string, keepWarm?: boolean) => Promise<number>;

type Given = { values: Record<string, string | boolean | Array<string | boolean> | undefined>; positionals: string[] };

/**
 * `pv-conform run` with its config: no config, the run as the command line says; a config
 * without `targets` (or a --target or --runner on the command line, which replaces them), one run
 * of the file's options under the command line's; a config with `targets`, one run per named
 * target (or per `--only NAME`), one after the other, each into its own report directory, and
 * the worst exit code.
 */
export async function runFromConfig(argv: string[], given: Given, runOne: RunOne, cwd = process.cwd()): Promise<number> {
  const v = given.values;
  if (v.help) return runOne(argv);
  const only = (v.only as string[] | undefined) ?? [];
  const file = findConfig({ config: v.config as string | undefined, noConfig: v['no-config'] as boolean | undefined }, cwd);
  if (!file) {
    if (only.length) throw new UsageError(`--only picks targets of a config file, and there is no ${CONFIG_FILE} here (pv-conform init writes one)`);
    return runOne(argv);
  }
  const { config, dir, shown } = await loadConfig(file, cwd);
  const { $schema: _schema, targets, ...top } = config;
  const fromCommandLine = v.target !== undefined || v.runner !== undefined;
  if (only.length && (!targets || fromCommandLine)) {
    throw new UsageError(targets ? '--only picks named targets; a --target or --runner on the command line replaces them' : `--only picks named targets, and ${shown} has no "targets"`);
  }
  if (!targets || fromCommandLine) return runOne(...runArgv(top, dir, argv, given, cwd, []));

  for (const name of only) {
    if (!Object.hasOwn(targets, name)) throw new UsageError(`--only ${name}: ${shown} has no target "${name}"; its targets are ${Object.keys(targets).join(', ')}`);
  }
  const names = only.length ? [...new Set(only)] : Object.keys(targets);
  // A --report-dir on the command line holds every target's report, each in <dir>/<name>.
  const cliReportDir = v['report-dir'] as string | undefined;
  const reportDirOf = (name: string): string => {
    if (cliReportDir !== undefined) return join(resolve(cwd, cliReportDir), name);
    const own = targets[name]!.reportDir;
    return own !== undefined ? resolve(dir, own) : join(top.reportDir !== undefined ? resolve(dir, top.reportDir) : resolve(cwd, 'pv-reports'), name);
  };
  // Before any run: a second target into the same directory would replace the first one's report.
  const seen = new Map<string, string>();
  for (const name of names) {
    const other = seen.get(reportDirOf(name));
    if (other !== undefined) throw new UsageError(`targets "${other}" and "${name}" would write into the same report directory ${relative(cwd, reportDirOf(name)) || '.'}; give each its own reportDir`);
    seen.set(reportDirOf(name), name);
  }
  // A stop between two targets ends the invocation rather than starting the next one; during a
  // run, the run itself handles it (and returns 2 with partial reports).
  let stopped: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals) => { stopped ??= s; };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const codes: Array<[string, number]> = [];
  try {
    for (const [i, name] of names.entries()) {
      if (stopped) break;
      const reportDir = reportDirOf(name);
      console.log(`${i ? '\n' : ''}=== ${name} (${i + 1} of ${names.length}): report in ${relative(cwd, reportDir) || '.'} ===`);
      let code: number;
      try {
        code = await runOne(...runArgv(mergeOptions(top, targets[name]!), dir, argv, given, cwd, [`--report-dir=${reportDir}`]), i < names.length - 1);
      } catch (e) {
        // What main.ts prints for the whole command, here for one target: the others still run.
        if (!isUserError(e)) throw e;
        console.error(`pv-conform run: ${name}: ${(e as Error).message}`);
        code = 2;
      }
      codes.push([name, code]);
    }
  } finally {
    await closeWarmChild();
    for (const s of signals) process.off(s, onSignal);
  }
  const worst = Math.max(stopped ? 2 : 0, ...codes.map(([, c]) => c));
  const notRun = names.slice(codes.length);
  console.log(`\n${codes.map(([n, c]) => `${n}: exit ${c}`).join(', ')}${notRun.length ? `; not run (stopped by ${stopped}): ${notRun.join(', ')}` : ''}; exit ${worst}, the worst`);
  return worst;
}

/** The errors main.ts prints as one line: bad input, not the kit's fault. */
function isUserError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof CatalogError || e instanceof TargetError || e instanceof OutputError;
}

/**
 * The arguments of one run from a config: the file's options first and the command line after
 * them, so that the parser's last-wins rule lets the command line override the file (for
 * --reading, clause by clause); the command line's feature paths replace the file's. `last`
 * comes after both. The target starts in the config's directory unless the command line named it.
 */
function runArgv(o: ConfigOptions, dir: string, argv: string[], given: Given, cwd: string, last: string[]): [string[], string] {
  const { args, features } = optionArgs(o, dir);
  const side = (given.values.side as string | undefined) ?? o.side ?? 'reader';
  const targetFromCommandLine = side === 'writer' ? given.values.runner !== undefined : given.values.target !== undefined;
  const targetCwd = targetFromCommandLine ? cwd : dir;
  const python = given.values.python as string | undefined;
  // A --python on the command line is the user's, wherever the target starts.
  const extra = python !== undefined && python.includes('/') && targetCwd !== cwd ? [`--python=${resolve(cwd, python)}`] : [];
  const featureArgs = given.positionals.length ? [] : features;
  // After `--` every word is a feature path: what is added must come before it.
  const cut = argv.includes('--') ? argv.indexOf('--') : argv.length;
  return [[...args, ...featureArgs, ...argv.slice(0, cut), ...extra, ...last, ...argv.slice(cut)], targetCwd];
}
