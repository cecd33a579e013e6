/**
 * Splits a target command line the way a POSIX shell would split words, without a shell: no
 * expansion, globbing, pipes or redirection, so what the user typed is exactly what runs and
 * nothing can be injected through a path.
 */

export interface CommandLine {
  /** Leading NAME=value words, as a shell would put them into the child's environment. */
  env: Record<string, string>;
  argv: string[];
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function splitCommandLine(line: string): CommandLine {
  const words: { raw: string; value: string }[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const start = i;
    let value = '';
    while (i < line.length && !/\s/.test(line[i]!)) {
      const c = line[i]!;
      if (c === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new Error(`unterminated ' in command line: ${line}`);
        value += line.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        i++;
        for (;;) {
          if (i >= line.length) throw new Error(`unterminated " in command line: ${line}`);
          const d = line[i]!;
          if (d === '"') { i++; break; }
          if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) { value += line[i + 1]; i += 2; continue; }
          value += d;
          i++;
        }
      } else if (c === '\\') {
        if (i + 1 >= line.length) throw new Error(`command line ends with a backslash: ${line}`);
        value += line[i + 1];
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    words.push({ raw: line.slice(start, i), value });
  }
  const env: Record<string, string> = {};
  let first = 0;
  while (first < words.length && ASSIGNMENT.test(words[first]!.raw)) {
    const { value } = words[first]!;
    const eq = value.indexOf('=');
    env[value.slice(0, eq)] = value.slice(eq + 1);
    first++;
  }
  const argv = words.slice(first).map((w) => w.value);
  if (argv.length === 0) throw new Error(`command line names no program: ${JSON.stringify(line)}`);
  return { env, argv };
}
