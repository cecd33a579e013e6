/**
 * Given-steps for arrays held as camera code holds them (features/reader/array-layouts.feature):
 * the values are an ordinary array's, the write is asked to hold them in a layout
 * (kit/arrayLayout.ts), and the Then-steps of stored arrays judge the read as they would judge
 * the same values stored densely.
 */
import { Given } from '@cucumber/cucumber';
import type { Transport } from '../../adapter/types.ts';
import { layoutName, layoutProblem, makeBroadcastable, parseLayout } from '../../kit/arrayLayout.ts';
import type { PvWorld } from '../support/world.ts';
import { arrayOf, castExpectation } from './content.ts';
import { step, store } from './ops.ts';
import { readerState, type StoredContent } from './state.ts';

function heldArray(dtype: string, shape: unknown, name: string): StoredContent {
  if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n >= 0)) throw new Error(`scenario error: bad shape ${JSON.stringify(shape)}`);
  const layout = parseLayout(name);
  const plain = (shape as number[]).includes(0) ? emptyArray(dtype, shape as number[]) : arrayOf(dtype, shape as number[]);
  // A broadcast repeats one value along the last axis, so only such values can be held by one.
  const array = layout.view === 'broadcast' ? makeBroadcastable(plain.array!) : plain.array!;
  const problem = layoutProblem(array, layout);
  if (problem) throw new Error(`scenario error: ${problem}`);
  const expected = castExpectation(array);
  const { expected: _, ...rest } = plain;
  return { ...rest, array, layout, description: `${plain.description}, held as ${layoutName(layout)}`, ...(expected ? { expected } : {}) };
}

/** An array with an empty dimension: no values, so none to generate; the size a meta would name is its shape's. */
function emptyArray(dtype: string, shape: number[]): StoredContent {
  if (dtype !== 'uint8') throw new Error('scenario error: empty arrays are uint8 here');
  const array = { dtype: 'uint8' as const, shape: [...shape], data: new Uint8Array(0) };
  return { kind: 'array', description: `empty uint8 array (${shape.join(', ')})`, width: shape[1] ?? 0, height: shape[0] ?? 0, array, exact: true };
}

async function storeHeld(world: PvWorld, c: StoredContent, transport?: Transport): Promise<void> {
  const s = readerState(world);
  await store(world, s.id, c, transport);
  if (transport) s.transport = transport;
  s.stored.set(s.id, c);
  s.lastStored = c;
}

Given('an array of dtype {word} and shape {json} held as {string} stored under it', step(async function (dtype: string, shape: unknown, layout: string) {
  await storeHeld(this, heldArray(dtype, shape, layout));
}));

Given('an array of dtype {word} and shape {json} held as {string} stored under it through the {string} transport',
  step(async function (dtype: string, shape: unknown, layout: string, transport: string) {
    await storeHeld(this, heldArray(dtype, shape, layout), transport as Transport);
  }));
