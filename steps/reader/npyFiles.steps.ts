/**
 * Given-steps that leave a `.npy` file in the fs transport's directory as another tool would
 * (generators/npyFiles.ts), for targets that declare the fs transport: the kit writes
 * `<safe id>.npy` itself, as a numpy-based Runner does, and the target's read must make sense of it.
 */
import { Given } from '@cucumber/cucumber';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeId } from '../../generators/ids.ts';
import { NPY_FORMS, npyFile, VALID_NPY_FORMS, type NpyForm } from '../../generators/npyFiles.ts';
import { requireTransport, step } from './ops.ts';
import { rgbArray } from './content.ts';
import { readerState } from './state.ts';

Given('an RGB array of {size} saved by another tool as a .npy file in {string} under it', step(async function (size: { width: number; height: number }, form: string) {
  if (!(NPY_FORMS as readonly string[]).includes(form)) throw new Error(`scenario error: unknown .npy form "${form}"; known: ${NPY_FORMS.join(', ')}`);
  await requireTransport(this, 'fs');
  const s = readerState(this);
  const plain = rgbArray(size.width, size.height);
  const bytes = npyFile(plain.array!, form as NpyForm);
  await writeFile(join(this.shmDir, `${safeId(s.id)}.npy`), bytes);
  const valid = (VALID_NPY_FORMS as readonly string[]).includes(form);
  const c = {
    ...plain, kind: 'array' as const, description: `${plain.description} saved as a .npy file in ${form} (${bytes.length} bytes)`,
    ...(valid ? {} : { expected: undefined }),
  };
  s.transport = 'fs';
  s.stored.set(s.id, c);
  s.lastStored = c;
}));
