/** Given-steps: the target, ids, and what is stored under them. */
import { Before, BeforeAll, Given } from '@cucumber/cucumber';
import type { Transport } from '../../adapter/types.ts';
import { HELLO_MEDIA_TYPE } from '../../reports/runReport.ts';
import { safeId } from '../../generators/ids.ts';
import type { PvWorld } from '../support/world.ts';
import { arrayOf, bombJpeg, jpeg, literalBytes, otherEncoding, rgbArray, seedContentFor } from './content.ts';
import { step, store } from './ops.ts';
import { freshId, readerState, type StoredContent } from './state.ts';

type Size = { width: number; height: number };
let helloAttached = false;
// Per run: one cucumber process may serve several runs (cli/cucumberChild.ts), each with its own report.
BeforeAll(function () {
  helloAttached = false;
});

Before(function ({ pickle }) {
  seedContentFor(`${pickle.uri}:${pickle.location?.line ?? 0}`);
});

Given('the target under test', step(async function () {
  const { hello } = await this.reader();
  if (!helloAttached) {
    helloAttached = true;
    await this.attach(JSON.stringify(hello), HELLO_MEDIA_TYPE);
  }
}));

Given('a fresh segment id', step(async function () {
  readerState(this).id = freshId();
}));

Given('the ids {string} and {string}, which collide as file names', step(async function (first: string, second: string) {
  if (first === second || safeId(first) !== safeId(second)) {
    throw new Error(`scenario error: "${first}" and "${second}" must differ and share the safe name`);
  }
  // A common unique prefix keeps runs apart without undoing the collision.
  const prefix = `${freshId()}-`;
  const s = readerState(this);
  s.id = prefix + first;
  s.secondId = prefix + second;
}));

Given('the ids {string} and {string}', step(async function (first: string, second: string) {
  if (first === second || safeId(first) === safeId(second)) {
    throw new Error(`scenario error: "${first}" and "${second}" must differ, also as safe file names`);
  }
  const prefix = `${freshId()}-`;
  const s = readerState(this);
  s.id = prefix + first;
  s.secondId = prefix + second;
}));

async function storeMain(world: PvWorld, c: StoredContent, transport?: Transport): Promise<void> {
  const s = readerState(world);
  await store(world, s.id, c, transport);
  if (transport) s.transport = transport;
  s.stored.set(s.id, c);
  s.lastStored = c;
}

Given('an RGB array of {size} stored under it', step(async function (size: Size) {
  await storeMain(this, rgbArray(size.width, size.height));
}));

Given('another RGB array of {size} stored under it', step(async function (size: Size) {
  await storeMain(this, rgbArray(size.width, size.height));
}));

Given('an RGB array of {size} stored under it through the {string} transport', step(async function (size: Size, t: string) {
  await storeMain(this, rgbArray(size.width, size.height), t as Transport);
}));

async function storeSecond(world: PvWorld, size: Size, transport?: Transport): Promise<void> {
  const s = readerState(world);
  if (!s.secondId) throw new Error('scenario error: no second id');
  const c = rgbArray(size.width, size.height);
  await store(world, s.secondId, c, transport);
  s.stored.set(s.secondId, c);
}

Given('another RGB array of {size} stored under the second id', step(async function (size: Size) {
  await storeSecond(this, size);
}));

Given('another RGB array of {size} stored under the second id through the {string} transport', step(async function (size: Size, t: string) {
  await storeSecond(this, size, t as Transport);
}));

Given('a {string} JPEG of {size} stored under it', step(async function (variant: string, size: Size) {
  await storeMain(this, await jpeg(variant, size.width, size.height));
}));

Given('a {string} JPEG of {size} stored under it through the {string} transport', step(async function (variant: string, size: Size, t: string) {
  await storeMain(this, await jpeg(variant, size.width, size.height), t as Transport);
}));

Given('a {string} image of {size} stored under it', step(async function (encoding: string, size: Size) {
  await storeMain(this, await otherEncoding(encoding, size.width, size.height));
}));

Given('an array of dtype {word} and shape {json} stored under it', step(async function (dtype: string, shape: unknown) {
  if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n >= 0)) throw new Error(`scenario error: bad shape ${JSON.stringify(shape)}`);
  await storeMain(this, arrayOf(dtype, shape as number[]));
}));

Given('the bytes {json} stored under it', step(async function (text: unknown) {
  if (typeof text !== 'string') throw new Error('scenario error: bytes are written as a JSON string');
  await storeMain(this, literalBytes(text, 8, 8));
}));

Given('a JPEG whose header claims {size} stored under it', step(async function (size: Size) {
  await storeMain(this, await bombJpeg(size.width, size.height));
}));

Given('nothing stored under it', step(async function () {
  const s = readerState(this);
  const c: StoredContent = { kind: 'nothing', description: 'nothing (never written)', width: 0, height: 0, exact: true };
  s.stored.delete(s.id);
  s.lastStored = c;
}));
