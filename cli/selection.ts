/**
 * Which scenarios a `pv-conform run` selects (feature paths and lines, --tags, --name, --shard),
 * known before any target starts: a selection of nothing is bad usage, not a run that judges
 * nothing and reports INCOMPLETE. Parsing the features is cheap next to starting a target.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve } from 'node:path';
import type { loadSources as LoadSources } from '@cucumber/cucumber/api';
import { kitRoot } from '../kit/paths.ts';
import { UsageError } from './args.ts';

export interface Selection {
  /** Feature files or directories, `:line` allowed, as userFeaturePaths gives them; empty: all of the side's. */
  paths: string[];
  side: 'reader' | 'writer';
  tags?: string | undefined;
  name?: string | undefined;
  /** I/N, already checked to be well formed (runOptions.ts). */
  shard?: string | undefined;
}

/**
 * Feature paths as the user typed them, made ready for cucumber, which runs with the kit as its
 * working directory: a path that exists relative to `cwd` (the user's) means that file, and
 * becomes kit-relative (inside the kit) or absolute (outside it). Any other path is left to mean
 * a path in the kit, such as the `features/reader/x.feature:12` a replay command names, which a
 * user runs from their own repository.
 */
export function userFeaturePaths(paths: string[], cwd = process.cwd()): string[] {
  return paths.map((p) => {
    const file = p.replace(/(:\d+)+$/, '');
    const lines = p.slice(file.length);
    const mine = resolve(cwd, file);
    if (!existsSync(mine)) return p;
    const inKit = relative(kitRoot, mine);
    return (inKit && !inKit.startsWith('..') && !isAbsolute(inKit) ? inKit.split('\\').join('/') : mine) + lines;
  });
}

/** How many scenarios the selection runs; throws UsageError when it is none or cannot be parsed. */
export async function countSelected(selection: Selection): Promise<number> {
  const provided = {
    paths: selection.paths.length ? selection.paths : [`features/${selection.side}`],
    ...(selection.tags !== undefined ? { tags: selection.tags } : {}),
    ...(selection.name !== undefined ? { name: [selection.name] } : {}),
  };
  if (selection.name !== undefined) {
    try {
      new RegExp(selection.name); // as cucumber compiles it, to name the option in the message
    } catch (e) {
      throw new UsageError(`--name is not a regular expression: ${oneLine((e as Error).message)}`);
    }
  }
  let selected: number;
  try {
    // The cwd cucumber itself runs in (supervisedCucumber.ts), so paths resolve the same way.
    selected = (await cucumberLoadSources()({
      paths: provided.paths, defaultDialect: 'en', names: provided.name ?? [], tagExpression: provided.tags ?? '', order: 'defined', shard: '',
    }, { cwd: kitRoot })).plan.length;
  } catch (e) {
    // cucumber wraps the error that says what is wrong (a tag expression that does not parse) in its own.
    throw new UsageError(oneLine(innermost(e).message));
  }
  if (selected === 0) throw new UsageError(`no scenario matched the selection: ${describe(selection)}`);
  if (selection.shard !== undefined) {
    const [i, n] = selection.shard.split('/').map(Number) as [number, number];
    // cucumber deals the selected scenarios round-robin: shard I gets those at I-1, I-1+N, ...
    if (i > selected) {
      throw new UsageError(`--shard ${selection.shard} gets no scenario: the selection has ${selected} (${describe(selection)}); use at most ${selected} shards`);
    }
    return Math.ceil((selected - (i - 1)) / n);
  }
  return selected;
}

/**
 * cucumber's own loadSources, from its module rather than the API's index: the index loads the
 * whole runner and its formatters, about a quarter of a second on every `pv-conform run` for a
 * count, while the cucumber child that runs the scenarios loads them anyway. The sources
 * coordinates are those loadConfiguration makes of `paths`, `tags` and `name` (test/cli/selection.test.ts).
 */
function cucumberLoadSources(): typeof LoadSources {
  return (createRequire(import.meta.url)('@cucumber/cucumber/lib/api/load_sources') as { loadSources: typeof LoadSources }).loadSources;
}

function describe(s: Selection): string {
  const missing = s.paths.filter((p) => !existsSync(resolve(kitRoot, p.replace(/(:\d+)+$/, ''))));
  return [
    s.paths.length ? s.paths.join(' ') : `features/${s.side}`,
    ...(missing.length ? [`(${missing.join(', ')}: no such file or directory here or in the kit)`] : []),
    ...(s.tags !== undefined ? [`--tags ${JSON.stringify(s.tags)}`] : []),
    ...(s.name !== undefined ? [`--name ${JSON.stringify(s.name)}`] : []),
  ].join(' ');
}

function innermost(e: unknown): Error {
  let error = e as Error;
  while (error.cause instanceof Error) error = error.cause;
  return error;
}

function oneLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}
