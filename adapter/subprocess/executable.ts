/** Finding a program the way execvp would, so a wrong --target is named before anything runs. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A name with a slash is taken as a path, relative to `cwd` (the directory the program will be
 * started in); others are looked up on PATH.
 */
export function findProgram(program: string, cwd = process.cwd()): string | null {
  if (program.includes('/')) return isExecutableFile(resolve(cwd, program)) ? program : null;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}
