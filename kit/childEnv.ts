/**
 * The environment the kit hands to what it certifies (a Runner driver, a reader target, the
 * algorithm the reference Runner starts). The kit runs its own workers with tsx in NODE_OPTIONS
 * (cli/run.ts); a child that inherited it would load tsx in every Node process it starts, from
 * wherever it starts them, where `tsx` usually cannot be resolved ("Cannot find package 'tsx'").
 * So that one entry goes; anything else the user put in NODE_OPTIONS stays.
 */

/** A `--import`/`--require`/`--loader` value that names tsx: `tsx`, `tsx/esm`, or a path or URL into a tsx package. */
function isTsx(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '');
  return v === 'tsx' || v.startsWith('tsx/') || /(^|[/\\])node_modules[/\\]tsx([/\\]|$)/.test(v);
}

const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/** NODE_OPTIONS without the entries that load tsx; undefined when nothing is left. */
export function stripKitLoader(nodeOptions: string | undefined): string | undefined {
  if (!nodeOptions) return nodeOptions;
  const words = nodeOptions.trim().split(/\s+/);
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = w.indexOf('=');
    if (eq > 0 && LOADER_FLAGS.has(w.slice(0, eq)) && isTsx(w.slice(eq + 1))) continue;
    if (LOADER_FLAGS.has(w) && i + 1 < words.length && isTsx(words[i + 1]!)) {
      i++;
      continue;
    }
    kept.push(w);
  }
  return kept.length ? kept.join(' ') : undefined;
}

/** `env` (default: the kit's own) without the kit's tsx loader in NODE_OPTIONS. */
export function withoutKitLoader(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out = { ...env };
  const options = stripKitLoader(out.NODE_OPTIONS);
  if (options === undefined) delete out.NODE_OPTIONS;
  else out.NODE_OPTIONS = options;
  return out;
}
