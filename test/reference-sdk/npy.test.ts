import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Dtype, NdArray } from '../../adapter/types.ts';
import { decodeNpy, encodeNpy } from '../../implementations/reference-sdk/npy.ts';
import { elementCount, itemSize } from '../../implementations/reference-sdk/ndArray.ts';
import { tempDir } from './helpers.ts';

const PYTHON = 'python3';

function sample(dtype: Dtype, shape: number[]): NdArray {
  const data = new Uint8Array(elementCount(shape) * itemSize(dtype));
  for (let i = 0; i < data.length; i++) data[i] = (i * 29 + 7) % 251;
  if (dtype === 'bool') data.forEach((_, i) => { data[i] = i % 3 === 0 ? 1 : 0; });
  // Keep floats finite and comparable: small integers written as little-endian floats.
  if (dtype === 'float32') for (let i = 0; i < data.length; i += 4) new DataView(data.buffer).setFloat32(i, i / 4 - 2.25, true);
  if (dtype === 'float64') for (let i = 0; i < data.length; i += 8) new DataView(data.buffer).setFloat64(i, i / 8 + 0.125, true);
  return { dtype, shape, data };
}

const cases: Array<[Dtype, number[]]> = [
  ['uint8', [4, 5, 3]], ['uint8', [2, 3]], ['uint8', [7]], ['uint8', []], ['uint8', [0, 3]],
  ['uint8', [1, 2, 3, 4]], ['int8', [3, 2]], ['bool', [2, 5]], ['uint16', [3, 4, 1]],
  ['int16', [5]], ['uint32', [2, 2]], ['int32', [2, 1, 2]], ['float32', [3, 3]], ['float64', [2, 2, 2]],
];

const NUMPY_DTYPE: Record<Dtype, string> = {
  uint8: 'uint8', int8: 'int8', bool: 'bool', uint16: 'uint16', int16: 'int16',
  uint32: 'uint32', int32: 'int32', float32: 'float32', float64: 'float64',
};

test('npy: numpy loads what we write (dtype, shape and bytes)', (t) => {
  const dir = tempDir(t);
  const names = cases.map(([dtype, shape], i) => {
    const name = join(dir, `case${i}.npy`);
    writeFileSync(name, encodeNpy(sample(dtype, shape)));
    return name;
  });
  const script = `
import json, sys, numpy as np
out = []
for name in sys.argv[1:]:
    a = np.load(name, allow_pickle=False)
    out.append({"dtype": str(a.dtype), "shape": list(a.shape), "hex": np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes().hex()})
print(json.dumps(out))`;
  const loaded = JSON.parse(execFileSync(PYTHON, ['-c', script, ...names], { encoding: 'utf8' })) as Array<{ dtype: string; shape: number[]; hex: string }>;
  cases.forEach(([dtype, shape], i) => {
    assert.equal(loaded[i].dtype, NUMPY_DTYPE[dtype], `case ${i}`);
    assert.deepEqual(loaded[i].shape, shape, `case ${i}`);
    assert.equal(loaded[i].hex, Buffer.from(sample(dtype, shape).data).toString('hex'), `case ${i}`);
  });
});

test('npy: we load what numpy writes, including Fortran order and big-endian', (t) => {
  const dir = tempDir(t);
  const script = `
import json, sys, numpy as np
d = sys.argv[1]
arrays = {
  "rgb": np.arange(4*5*3, dtype=np.uint8).reshape(4, 5, 3),
  "gray": np.arange(12, dtype=np.uint8).reshape(3, 4),
  "fortran": np.asfortranarray(np.arange(24, dtype=np.uint16).reshape(2, 3, 4)),
  "bigendian": np.arange(6, dtype=">i4").reshape(2, 3),
  "float32": np.linspace(-1, 1, 10, dtype=np.float32),
  "float64": np.array([[0.5, -2.0], [1e300, 3.25]]),
  "bool": np.array([True, False, True]),
  "int8": np.array([-1, 2, -128], dtype=np.int8),
  "scalar": np.array(7, dtype=np.uint8),
  "empty": np.zeros((0, 4, 3), dtype=np.uint8),
  "rank5": np.arange(32, dtype=np.uint8).reshape(2, 2, 2, 2, 2),
}
out = {}
for name, a in arrays.items():
    np.save(f"{d}/{name}.npy", a)
    c = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<"))
    out[name] = {"dtype": str(c.dtype), "shape": list(a.shape), "hex": c.tobytes().hex()}
print(json.dumps(out))`;
  const expected = JSON.parse(execFileSync(PYTHON, ['-c', script, dir], { encoding: 'utf8' })) as Record<string, { dtype: string; shape: number[]; hex: string }>;
  for (const [name, want] of Object.entries(expected)) {
    const decoded = decodeNpy(readFileSync(join(dir, `${name}.npy`)));
    assert.ok(decoded, name);
    assert.equal(NUMPY_DTYPE[decoded.dtype], want.dtype, name);
    assert.deepEqual(decoded.shape, want.shape, name);
    assert.equal(Buffer.from(decoded.data).toString('hex'), want.hex, name);
  }
});

test('npy: our own round trip, and refusal of what we cannot hold', () => {
  for (const [dtype, shape] of cases) {
    const a = sample(dtype, shape);
    assert.deepEqual(decodeNpy(encodeNpy(a)), a);
  }
  const valid = encodeNpy(sample('uint8', [2, 2, 3]));
  assert.equal(decodeNpy(new Uint8Array()), null);
  assert.equal(decodeNpy(valid.subarray(0, valid.length - 1)), null, 'truncated data');
  assert.equal(decodeNpy(valid.subarray(0, 20)), null, 'truncated header');
  const f16 = Buffer.from(valid);
  f16.write("'descr': '<f2'", f16.indexOf("'descr'"), 'latin1');
  assert.equal(decodeNpy(f16), null, 'float16');
  const structured = Buffer.from(valid);
  structured.write("'descr': [('", structured.indexOf("'descr'"), 'latin1');
  assert.equal(decodeNpy(structured), null, 'structured');
  assert.throws(() => encodeNpy({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) }), TypeError);
});

test('npy: the header pads the data to a 64-byte boundary, as numpy does', () => {
  for (const shape of [[1], [2, 3], [1000, 1000, 3], [1, 1, 1, 1, 1, 1, 1, 1]]) {
    const file = encodeNpy({ dtype: 'uint8', shape, data: new Uint8Array(elementCount(shape)) });
    const headerLength = file[8] | (file[9] << 8);
    assert.equal((10 + headerLength) % 64, 0);
    assert.equal(file[10 + headerLength - 1], 0x0a);
  }
});
