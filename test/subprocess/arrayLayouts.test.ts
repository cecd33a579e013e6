/**
 * The `layout` of write-array over the protocol: sent only to adapters that declare
 * `array-layouts` (skipped otherwise, as an optional capability), schema-valid in both
 * directions, and honoured by the Python shim (numpy) and the reference served in a child.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NdArray, ReaderAdapter } from '../../adapter/types.ts';
import { createSubprocessTarget } from '../../adapter/subprocess/client.ts';
import { kitPath, makeContext, pythonShim, quote, tsxScript } from './helpers.ts';

const array: NdArray = { dtype: 'uint16', shape: [2, 3, 3], data: Uint8Array.from({ length: 36 }, (_, i) => (i * 41 + 3) % 256) };
const meta = { width: 3, height: 2 };

async function roundTrip(adapter: ReaderAdapter, layout: Parameters<ReaderAdapter['writeArray']>[2]): Promise<Uint8Array> {
  const written = await adapter.writeArray('held', array, layout);
  assert.deepEqual(written, { status: 'ok', value: undefined }, JSON.stringify(layout));
  const read = await adapter.read('held', meta);
  if (read.status !== 'ok' || read.value.kind !== 'image') assert.fail(`expected an image, got ${JSON.stringify(read)}`);
  return read.value.image.data;
}

test('a layout is never sent to an adapter without array-layouts: the write is skipped, as an optional capability', async () => {
  const ctx = makeContext();
  const sent: string[] = [];
  const adapter = await createSubprocessTarget(tsxScript('test/fixtures/serve-fake-reader.ts'), {
    trace: (direction, message) => { if (direction === 'to-adapter') sent.push((message as { cmd: string }).cmd); },
  })(ctx);
  try {
    const out = await adapter.writeArray('held', array, { layout: { order: 'F' } });
    assert.equal(out.status, 'skipped');
    assert.deepEqual(out.status === 'skipped' && out.cause, { kind: 'capability', name: 'array-layouts', optional: true });
    assert.ok(!sent.includes('write-array'));
  } finally {
    await adapter.close();
    ctx.dispose();
  }
});

for (const [name, command] of [
  ['the Python shim (numpy) with the fixture SDK', () => pythonShim('--sdk-path', quote(kitPath('implementations/python-fixture-sdk')))],
  ['the reference served in a child', () => `${quote(process.execPath)} ${quote(kitPath('bin/pv-conform.mjs'))} serve-reference`],
  ['the Node shim with a module that exports __pv_array_layouts__', () => `${tsxScript('adapters/node/pv_conform_node_shim.ts')} ${quote(kitPath('test/fixtures/layout-aware-sdk.ts'))}`],
] as const) {
  test(`${name}: every layout stores the values sent`, async () => {
    const ctx = makeContext(20_000);
    const adapter = await createSubprocessTarget(command())(ctx);
    try {
      assert.ok((await adapter.hello()).capabilities.includes('array-layouts'));
      const plain = await roundTrip(adapter, undefined);
      for (const layout of [{ order: 'F' as const }, { byteOrder: 'big' as const }, { order: 'F' as const, byteOrder: 'big' as const, view: 'flip-channels' as const },
        { view: 'strided-crop' as const }, { view: 'transpose' as const }, { view: 'read-only' as const }]) {
        assert.deepEqual(await roundTrip(adapter, { layout }), plain, JSON.stringify(layout));
      }
      const bad = await adapter.writeArray('held', array, { layout: { view: 'broadcast' } });
      assert.equal(bad.status, 'errored', 'a broadcast of values that vary along the last axis is the kit\'s mistake');
    } finally {
      await adapter.close();
      ctx.dispose();
    }
  });
}
