/** Finding a program the way execvp would, so a wrong --target is named before anything runs. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A name with a slash is taken as is (relative to the working directory); others are looked up on PATH. */
export function findProgram(program: string): string | null {
  if (program.includes('/')) return isExecutableFile(program) ? program : null;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}
