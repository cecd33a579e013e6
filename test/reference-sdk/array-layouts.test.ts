import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HeldArray, NdArray } from '../../adapter/types.ts';
import { holdArray, makeBroadcastable, parseLayout } from '../../kit/arrayLayout.ts';
import { decodeNpy } from '../../implementations/reference-sdk/npy.ts';
import { toContiguous } from '../../implementations/reference-sdk/parts/toContiguous.ts';
import { createSdk } from '../../implementations/reference-sdk/sdk.ts';
import { rgbMeta, sameArray, tempDir } from './helpers.ts';

/** uint16 H x W x 3 whose two bytes differ, so a byte-order mistake changes every value. */
function rgb16(height: number, width: number): NdArray {
  const data = new Uint8Array(height * width * 3 * 2);
  for (let i = 0; i < data.length; i += 2) {
    data[i] = (i * 13 + 5) % 256;
    data[i + 1] = (i * 7 + 1) % 256;
  }
  return { dtype: 'uint16', shape: [height, width, 3], data };
}

const LAYOUTS = ['F', 'big', 'F+big', 'flip-channels', 'big+strided-crop', 'transpose', 'broadcast', 'read-only'];

test('fs: an array held in Fortran order or big-endian is saved as np.save saves it, and numpy loads its values', (t) => {
  const dir = tempDir(t);
  const sdk = createSdk({}, { shmDir: dir });
  const arrays = LAYOUTS.map((name) => {
    const layout = parseLayout(name);
    const array = layout.view === 'broadcast' ? makeBroadcastable(rgb16(3, 4)) : rgb16(3, 4);
    sdk.writeArray(`cam-${name}`, holdArray(array, layout), 'fs');
    return array;
  });
  const script = `
import json, sys
import numpy as np
out = []
for name in json.load(sys.stdin):
    with open(name, "rb") as f:
        version = np.lib.format.read_magic(f)
        shape, fortran, dtype = np.lib.format._read_array_header(f, version)
    a = np.load(name)
    out.append({"fortran": fortran, "big": dtype.byteorder == ">", "values": a.astype("<u2").tobytes().hex()})
print(json.dumps(out))
`;
  const files = LAYOUTS.map((name) => join(dir, `cam-${name.replaceAll('+', '_')}.npy`));
  const numpy = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(files), encoding: 'utf8' })) as
    Array<{ fortran: boolean; big: boolean; values: string }>;
  LAYOUTS.forEach((name, i) => {
    const n = numpy[i]!;
    assert.equal(n.fortran, name === 'F' || name === 'F+big', `${name}: fortran_order`);
    assert.equal(n.big, name.includes('big'), `${name}: byte order`);
    assert.equal(n.values, Buffer.from(arrays[i]!.data).toString('hex'), `${name}: values`);
    assert.ok(sameArray(decodeNpy(readFileSync(files[i]!)), arrays[i]!), `${name}: the reference's own decoder`);
  });
});

test('read: every layout, in process and through files, gives the values of the array it holds', async (t) => {
  for (const transport of ['inproc', 'fs'] as const) {
    const sdk = createSdk({}, { shmDir: tempDir(t) });
    for (const name of LAYOUTS) {
      const layout = parseLayout(name);
      const gray: NdArray = { dtype: 'uint8', shape: [3, 4], data: Uint8Array.from({ length: 12 }, (_, i) => i * 19 + 3) };
      const array = layout.view === 'broadcast' ? makeBroadcastable(gray) : gray;
      sdk.writeArray('g', holdArray(array, layout), transport);
      const got = await sdk.read('g', rgbMeta(4, 3));
      const want = Uint8Array.from({ length: 36 }, (_, i) => array.data[Math.floor(i / 3)]!);
      assert.ok(got && Buffer.from(got.data).equals(Buffer.from(want)), `${transport} ${name}`);
    }
  }
});

test('a held array whose strides reach outside its buffer is refused at write and unsupported at read', () => {
  const held: HeldArray = { ...holdArray(rgb16(2, 2), {}), strides: [12, 6, 4] };
  assert.equal(toContiguous(held), null);
  const sdk = createSdk({}, { shmDir: '/nonexistent-pv-conform' });
  assert.throws(() => sdk.writeArray('x', held, 'inproc'), /outside its data/);
  assert.equal(toContiguous({ ...held, strides: [12, 6] }), null);
});
