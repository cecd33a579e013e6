/** When-steps: reading, re-reading, clearing, in this process or another. */
import { defineParameterType, When } from '@cucumber/cucumber';
import type { ReadOptions } from '../../adapter/types.ts';
import type { PvWorld } from '../support/world.ts';
import { clear, read, step } from './ops.ts';
import { readerState, type ReaderState } from './state.ts';

defineParameterType({
  name: 'json',
  // A JSON literal ending the step: object, array, string, number or keyword.
  regexp: /\{.*\}|\[.*\]|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|null|true|false/,
  transformer: (s: string) => JSON.parse(s) as unknown,
});

defineParameterType({
  name: 'size',
  regexp: /\d+x\d+/,
  transformer: (s: string) => {
    const [width, height] = s.split('x').map(Number) as [number, number];
    return { width, height };
  },
});

export function ownSizeMeta(s: ReaderState, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const c = s.stored.get(s.id);
  if (!c) throw new Error('scenario error: nothing was stored under the id, so it has no own size');
  return { width: c.width, height: c.height, timestamp_ms: 1714032000123, camera_id: 'cam-01', ...extra };
}

async function readAndRecord(world: PvWorld, id: string, meta: unknown, opts?: ReadOptions) {
  const s = readerState(world);
  s.lastMeta = meta;
  const { value, elapsedMs } = await read(world, id, meta, opts);
  s.reads.push({ id, meta, value, elapsedMs });
}

When('it is read with meta {json}', step(async function (meta: unknown) {
  await readAndRecord(this, readerState(this).id, meta);
}));

When('it is read with meta {json} and the returned array is overwritten', step(async function (meta: unknown) {
  await readAndRecord(this, readerState(this).id, meta, { scribble: true });
}));

When('it is read with a meta for its own size', step(async function () {
  const s = readerState(this);
  await readAndRecord(this, s.id, ownSizeMeta(s));
}));

When('it is read with a meta for its own size and the returned array is overwritten', step(async function () {
  const s = readerState(this);
  await readAndRecord(this, s.id, ownSizeMeta(s), { scribble: true });
}));

When('it is read with a meta for {size}', step(async function (size: { width: number; height: number }) {
  await readAndRecord(this, readerState(this).id, { ...size, timestamp_ms: 1714032000123, camera_id: 'cam-01' });
}));

When('it is read with its own size and color_space {json}', step(async function (cs: unknown) {
  const s = readerState(this);
  await readAndRecord(this, s.id, ownSizeMeta(s, { color_space: cs }));
}));

When('it is read again', step(async function () {
  const s = readerState(this);
  if (s.lastMeta === undefined) throw new Error('scenario error: "read again" needs an earlier read');
  await readAndRecord(this, s.id, s.lastMeta);
}));

When('it is read from another process with a meta for its own size', step(async function () {
  const s = readerState(this);
  await readAndRecord(this, s.id, ownSizeMeta(s), { process: 'other' });
}));

When('it is read from another process with a meta for {size}', step(async function (size: { width: number; height: number }) {
  await readAndRecord(this, readerState(this).id, { ...size, timestamp_ms: 1, camera_id: 'cam-01' }, { process: 'other' });
}));

When('it is cleared', step(async function () {
  const s = readerState(this);
  await clear(this, s.id);
  s.stored.delete(s.id);
  s.lastStored = { kind: 'nothing', description: 'nothing (cleared)', width: 0, height: 0, exact: true };
}));

When('the first id is cleared', step(async function () {
  const s = readerState(this);
  await clear(this, s.id);
  s.stored.delete(s.id);
}));
