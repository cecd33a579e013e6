import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ArrayLayout, Dtype, NdArray } from '../../adapter/types.ts';
import { holdArray, layoutName, layoutProblem, makeBroadcastable, parseLayout } from '../../kit/arrayLayout.ts';
import { kitRoot } from '../../kit/paths.ts';
import { gatherElements } from '../../implementations/reference-sdk/parts/toContiguous.ts';

const PYTHON = '/usr/bin/python3';
const ITEM: Record<string, number> = { uint8: 1, uint16: 2, int32: 4, float64: 8 };

function sample(dtype: Dtype, shape: number[]): NdArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Uint8Array(n * ITEM[dtype]!);
  // Every byte distinct within an element, so a byte swap or a misplaced element shows.
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 11) % 251;
  if (dtype === 'float64') for (let i = 0; i < n; i++) new DataView(data.buffer).setFloat64(i * 8, i * 1.5 - 3, true);
  return { dtype, shape, data };
}

const LAYOUTS = ['C', 'F', 'big', 'F+big', 'flip-channels', 'F+big+flip-channels', 'strided-crop', 'F+strided-crop',
  'transpose', 'F+transpose', 'broadcast', 'big+broadcast', 'read-only'];
const ARRAYS: Array<[Dtype, number[]]> = [['uint8', [3, 4, 3]], ['uint16', [2, 5, 3]], ['int32', [3, 2]], ['float64', [2, 3, 1]]];

function cases(): Array<{ array: NdArray; layout: ArrayLayout }> {
  const out: Array<{ array: NdArray; layout: ArrayLayout }> = [];
  for (const [dtype, shape] of ARRAYS) {
    for (const name of LAYOUTS) {
      const layout = parseLayout(name);
      const plain = sample(dtype, shape);
      out.push({ array: layout.view === 'broadcast' ? makeBroadcastable(plain) : plain, layout });
    }
  }
  return out;
}

test('arrayLayout: every layout holds the same values, read through its strides and byte order', () => {
  for (const { array, layout } of cases()) {
    const held = holdArray(array, layout);
    assert.deepEqual(gatherElements(held, false), array.data, `${array.dtype} ${array.shape} ${layoutName(layout)}`);
    assert.equal(held.readOnly, layout.view === 'read-only' || layout.view === 'broadcast');
  }
});

test('arrayLayout: the memory is what the Python shim builds with numpy (strides, byte order, the bytes themselves)', () => {
  const all = cases();
  const script = `
import base64, json, sys
sys.path.insert(0, ${JSON.stringify(join(kitRoot, 'adapters', 'python'))})
import numpy as np
from pv_conform_shim import hold, DTYPES
out = []
for c in json.load(sys.stdin):
    a = np.frombuffer(base64.b64decode(c["data"]), np.dtype(DTYPES[c["dtype"]])).reshape(c["shape"])
    h = hold(np, a, c["layout"])
    base = h
    while isinstance(base.base, np.ndarray):
        base = base.base
    offset = h.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    out.append({"strides": list(h.strides), "offset": offset, "big": h.dtype.byteorder == ">",
                "writeable": bool(h.flags.writeable), "base": base64.b64encode(base.tobytes(order="A")).decode()})
print(json.dumps(out))
`;
  const input = JSON.stringify(all.map(({ array, layout }) => ({ dtype: array.dtype, shape: array.shape, data: Buffer.from(array.data).toString('base64'), layout })));
  const numpy = JSON.parse(execFileSync(PYTHON, ['-c', script], { input, encoding: 'utf8' })) as Array<{ strides: number[]; offset: number; big: boolean; writeable: boolean; base: string }>;
  all.forEach(({ array, layout }, i) => {
    const what = `${array.dtype} ${array.shape} ${layoutName(layout)}`;
    const held = holdArray(array, layout);
    const n = numpy[i]!;
    assert.deepEqual(held.strides, n.strides, what);
    assert.equal(held.offset, n.offset, what);
    assert.equal(held.byteOrder === 'big' && ITEM[array.dtype]! > 1, n.big, what);
    assert.equal(!held.readOnly, n.writeable, what);
    assert.deepEqual(Buffer.from(held.data), Buffer.from(n.base, 'base64'), what);
  });
});

test('arrayLayout: names round-trip, and a layout that cannot hold an array says why', () => {
  for (const name of LAYOUTS.filter((n) => n !== 'C')) assert.equal(layoutName(parseLayout(name)), name);
  assert.equal(layoutName(parseLayout('C+little')), 'C');
  assert.throws(() => parseLayout('F+sideways'), /unknown array layout word "sideways"/);
  assert.throws(() => parseLayout('transpose+broadcast'), /one view at most/);
  assert.match(layoutProblem(sample('uint8', [6]), { view: 'transpose' }) ?? '', /two axes/);
  assert.match(layoutProblem(sample('uint8', [2, 2, 3]), { view: 'broadcast' }) ?? '', /constant along the last axis/);
  assert.equal(layoutProblem(makeBroadcastable(sample('uint8', [2, 2, 3])), { view: 'broadcast' }), null);
  assert.throws(() => holdArray(sample('uint8', []), { view: 'flip-channels' }), /at least one axis/);
});
