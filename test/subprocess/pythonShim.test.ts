/**
 * The Python shim driving the fixture SDK (and a deliberately leaky one) through the public
 * API only, over the real protocol.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import type { NdArray, Outcome, ReadValue, ReaderAdapter } from '../../adapter/types.ts';
import { createSubprocessTarget } from '../../adapter/subprocess/client.ts';
import { PYTHON, kitPath, makeContext, pythonShim, quote, type TestContext } from './helpers.ts';

const FIXTURE_SDK = `--sdk-path ${quote(kitPath('implementations/python-fixture-sdk'))}`;
const LEAKY_SDK = `--sdk-path ${quote(kitPath('test/fixtures'))} --module leaky_sdk`;

const u8 = (shape: number[], values: number[]): NdArray => ({ dtype: 'uint8', shape, data: Uint8Array.from(values) });

function image(outcome: Outcome<ReadValue>): NdArray {
  if (outcome.status !== 'ok' || outcome.value.kind !== 'image') assert.fail(`expected an image, got ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome.value.image;
}

async function start(ctx: TestContext, args: string, mutant?: string): Promise<ReaderAdapter> {
  const env = mutant ? `PV_FIXTURE_MUTANT=${mutant} ` : '';
  return createSubprocessTarget(`${env}${pythonShim(args)}`)(ctx);
}

async function gradientJpeg(width: number, height: number): Promise<{ jpeg: Buffer; pixels: Buffer }> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, 128], (y * width + x) * 3);
  }
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  const pixels = await sharp(jpeg).raw().toBuffer();
  return { jpeg, pixels };
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('the Python shim against the fixture SDK', () => {
  let ctx: TestContext;
  let sdk: ReaderAdapter;
  before(async () => {
    ctx = makeContext();
    sdk = await start(ctx, FIXTURE_SDK);
  });
  after(async () => {
    await sdk.close();
    ctx.dispose();
  });

  test('hello names the SDK, the fs transport found by the probe, and every capability', async () => {
    const hello = await sdk.hello();
    assert.deepEqual({ ...hello }, {
      name: 'procvision_algorithm_sdk', version: '0.1.0', language: 'python', specGenerations: ['v1', 'v2'],
      transports: ['fs'], capabilities: ['write-bytes', 'write-array', 'clear', 'read-other-process', 'scribble', 'read-timing', 'array-layouts'],
    });
  });

  test('a JPEG made by sharp reads back as H x W x 3 uint8 close to what was encoded', async () => {
    const { jpeg, pixels } = await gradientJpeg(64, 48);
    assert.equal((await sdk.writeBytes('cam-01/frame 1', jpeg)).status, 'ok');
    assert.ok(existsSync(join(ctx.shmDir, 'cam-01_frame_1.bin')), 'fs layout: <safe id>.bin');
    assert.equal(readFileSync(join(ctx.shmDir, 'cam-01_frame_1.id'), 'utf8'), 'cam-01/frame 1');
    const read = await sdk.read('cam-01/frame 1', { width: 64, height: 48, timestamp_ms: 1, camera_id: 'cam-01' });
    const img = image(read);
    assert.deepEqual([img.dtype, img.shape], ['uint8', [48, 64, 3]]);
    assert.ok(meanAbsDiff(img.data, pixels) < 1, 'pixels match what sharp decodes');
    assert.ok(read.status === 'ok' && typeof read.implMicros === 'number' && read.implMicros > 0);
  });

  test('a BGR array comes back with its channels reversed; gray arrays get three channels', async () => {
    const bgr = u8([1, 2, 3], [1, 2, 3, 4, 5, 6]);
    assert.equal((await sdk.writeArray('bgr', bgr)).status, 'ok');
    assert.deepEqual([...image(await sdk.read('bgr', { width: 2, height: 1, color_space: 'BGR' })).data], [3, 2, 1, 6, 5, 4]);
    assert.deepEqual([...image(await sdk.read('bgr', { width: 2, height: 1 })).data], [1, 2, 3, 4, 5, 6]);
    assert.equal((await sdk.writeArray('gray', u8([1, 2], [7, 9]))).status, 'ok');
    assert.deepEqual(image(await sdk.read('gray', { width: 2, height: 1 })).data, Uint8Array.from([7, 7, 7, 9, 9, 9]));
  });

  test('a missing id gives zeros of the meta size; a bad meta gives none', async () => {
    const zeros = image(await sdk.read('never-written', { width: 3, height: 2 }));
    assert.deepEqual([zeros.shape, zeros.data.every((v) => v === 0)], [[2, 3, 3], true]);
    for (const meta of [{ width: 0, height: 2 }, { width: '3', height: 2 }, { width: true, height: 1 }, null, []]) {
      const read = await sdk.read('never-written', meta);
      assert.deepEqual(read.status === 'ok' && read.value, { kind: 'none' }, JSON.stringify(meta));
    }
  });

  test('a fresh process sees the fs segment; ids that collide as file names stay apart', async () => {
    assert.equal((await sdk.writeArray('a/b', u8([1, 1, 3], [10, 20, 30]))).status, 'ok');
    const other = await sdk.read('a/b', { width: 1, height: 1 }, { process: 'other' });
    assert.deepEqual([...image(other).data], [10, 20, 30]);
    const collision = image(await sdk.read('a:b', { width: 1, height: 1 }, { process: 'other' }));
    assert.deepEqual([...collision.data], [0, 0, 0], 'a:b is missing, not a/b');
  });

  test('clear removes the segment from every layer', async () => {
    assert.equal((await sdk.writeArray('gone', u8([1, 1, 3], [1, 1, 1]))).status, 'ok');
    assert.equal((await sdk.clear('gone')).status, 'ok');
    assert.ok(!existsSync(join(ctx.shmDir, 'gone.npy')));
    assert.deepEqual([...image(await sdk.read('gone', { width: 1, height: 1 })).data], [0, 0, 0]);
    assert.deepEqual([...image(await sdk.read('gone', { width: 1, height: 1 }, { process: 'other' })).data], [0, 0, 0]);
  });

  test('scribbling on a result does not change the next read (fresh copies)', async () => {
    assert.equal((await sdk.writeArray('own', u8([1, 1, 3], [1, 2, 3]))).status, 'ok');
    const first = await sdk.read('own', { width: 1, height: 1 }, { scribble: true });
    assert.deepEqual([...image(first).data], [1, 2, 3]);
    assert.deepEqual([...image(await sdk.read('own', { width: 1, height: 1 })).data], [1, 2, 3]);
  });

  test('a 1920 x 1200 JPEG travels back through a payload file', async (t) => {
    const { jpeg, pixels } = await gradientJpeg(1920, 1200);
    assert.equal((await sdk.writeBytes('big', jpeg)).status, 'ok');
    const started = process.hrtime.bigint();
    const read = await sdk.read('big', { width: 1920, height: 1200 });
    const roundTripMicros = Number(process.hrtime.bigint() - started) / 1000;
    assert.ok(meanAbsDiff(image(read).data, pixels) < 1);
    t.diagnostic(`jpeg ${jpeg.length} B: implMicros ${read.status === 'ok' ? read.implMicros?.toFixed(0) : '?'}, round trip ${roundTripMicros.toFixed(0)} us`);
  });
});

describe('the Python shim against other SDKs', () => {
  let ctx: TestContext;
  before(() => { ctx = makeContext(); });
  after(() => ctx.dispose());

  test('the two fixture mutants each differ from the fixture on their own case', async () => {
    const bgrCase = async (a: ReaderAdapter) => {
      await a.writeArray('m', u8([1, 1, 3], [1, 2, 3]));
      return [...image(await a.read('m', { width: 1, height: 1, color_space: 'BGR' })).data];
    };
    const missingCase = async (a: ReaderAdapter) => (await a.read('missing', { width: 1, height: 1 }));
    const [plain, unswapped, missingNone] = await Promise.all([
      start(ctx, FIXTURE_SDK), start(ctx, FIXTURE_SDK, 'bgr-unswapped'), start(ctx, FIXTURE_SDK, 'missing-none'),
    ]);
    try {
      assert.deepEqual(await bgrCase(plain), [3, 2, 1]);
      assert.deepEqual(await bgrCase(unswapped), [1, 2, 3]);
      assert.deepEqual(await bgrCase(missingNone), [3, 2, 1]);
      assert.equal(image(await missingCase(plain)).shape.join('x'), '1x1x3');
      assert.deepEqual((await missingCase(missingNone) as { value: ReadValue }).value, { kind: 'none' });
      assert.equal(image(await missingCase(unswapped)).shape.join('x'), '1x1x3');
    } finally {
      await Promise.all([plain.close(), unswapped.close(), missingNone.close()]);
    }
  });

  test('an SDK that raises, shares its storage and prints is reported faithfully', async () => {
    const leaky = await start(ctx, LEAKY_SDK);
    try {
      assert.deepEqual((await leaky.hello()).transports, ['inproc'], 'declared by __pv_transports__');
      assert.equal((await leaky.writeArray('x', u8([1, 1, 3], [1, 2, 3]), { transport: 'fs' })).status, 'skipped');
      assert.equal((await leaky.writeArray('x', u8([1, 1, 3], [1, 2, 3]))).status, 'ok');
      const raised = await leaky.read('raise', { width: 1, height: 1 });
      assert.equal(raised.status, 'ok');
      assert.deepEqual(raised.status === 'ok' && raised.value, { kind: 'exception', type: 'ValueError', message: "leaky_sdk refuses id 'raise'" });
      assert.deepEqual([...image(await leaky.read('x', {}, { scribble: true })).data], [1, 2, 3]);
      assert.deepEqual([...image(await leaky.read('x', {})).data], [254, 253, 252], 'the scribble shows: storage was shared');
      assert.deepEqual((await leaky.read('x', {}, { process: 'other' }) as { value: ReadValue }).value, { kind: 'none' },
        'a fresh process does not see in-process segments');
    } finally {
      await leaky.close();
    }
  });

  test('an SDK that cannot be imported fails the start with its traceback', async () => {
    await assert.rejects(start(ctx, '--module no_such_sdk'), /hello with errored: ModuleNotFoundError[\s\S]*no_such_sdk/);
  });
});

test('the tutorial adapter in docs/writing-an-adapter.md works as printed', async () => {
  const ctx = makeContext();
  const doc = readFileSync(kitPath('docs/writing-an-adapter.md'), 'utf8');
  const code = /```python\n([\s\S]*?)```/.exec(doc)![1]!;
  const file = join(ctx.scratchDir, 'my_adapter.py');
  writeFileSync(file, code);
  const tutorial = await createSubprocessTarget(`PYTHONPATH=${quote(kitPath('implementations/python-fixture-sdk'))} ${PYTHON} ${quote(file)}`)(ctx);
  try {
    assert.equal((await tutorial.hello()).name, 'my-sdk');
    const { jpeg } = await gradientJpeg(300, 260);
    assert.equal((await tutorial.writeBytes('t', jpeg)).status, 'ok');
    assert.deepEqual(image(await tutorial.read('t', { width: 300, height: 260 })).shape, [260, 300, 3]);
    assert.equal((await tutorial.writeArray('t', u8([1], [1]))).status, 'skipped');
  } finally {
    await tutorial.close();
    ctx.dispose();
  }
});

/**
 * An SDK as pip installs it: a package without __version__ and a dist-info directory whose
 * METADATA holds the version. A source checkout of the same package elsewhere, given by
 * --sdk-path, is not dressed in that installed version.
 */
test('hello reports the SDK version from its package metadata, or its __version__, else "unknown"', async () => {
  const ctx = makeContext();
  const site = join(ctx.scratchDir, 'site');
  const checkout = join(ctx.scratchDir, 'checkout');
  const sdkPackage = (root: string, init: string) => {
    mkdirSync(join(root, 'vendor_sdk'), { recursive: true });
    writeFileSync(join(root, 'vendor_sdk', '__init__.py'), init);
    writeFileSync(join(root, 'vendor_sdk', 'shared_memory.py'), 'from procvision_algorithm_sdk.shared_memory import *\n');
  };
  sdkPackage(site, '');
  mkdirSync(join(site, 'vendor_sdk-3.2.1.dist-info'));
  writeFileSync(join(site, 'vendor_sdk-3.2.1.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: vendor-sdk\nVersion: 3.2.1\n');
  writeFileSync(join(site, 'vendor_sdk-3.2.1.dist-info', 'RECORD'),
    'vendor_sdk/__init__.py,,\nvendor_sdk/shared_memory.py,,\nvendor_sdk-3.2.1.dist-info/METADATA,,\nvendor_sdk-3.2.1.dist-info/RECORD,,\n');
  sdkPackage(checkout, '');
  const fixture = quote(kitPath('implementations/python-fixture-sdk'));
  const versionOf = async (args: string) => {
    const t = await start(ctx, `${args} --sdk-path ${fixture} --module vendor_sdk.shared_memory`);
    try {
      return (await t.hello()).version;
    } finally {
      await t.close();
    }
  };
  try {
    assert.equal(await versionOf(`--sdk-path ${quote(site)}`), '3.2.1', 'from the installed package metadata');
    // The checkout comes first on sys.path and is what is imported; the installed metadata is about another copy.
    assert.equal(await versionOf(`--sdk-path ${quote(checkout)} --sdk-path ${quote(site)}`), 'unknown');
    writeFileSync(join(checkout, 'vendor_sdk', '__init__.py'), '__version__ = "4.0.0.dev1"\n');
    assert.equal(await versionOf(`--sdk-path ${quote(checkout)} --sdk-path ${quote(site)}`), '4.0.0.dev1', 'its own __version__');
  } finally {
    ctx.dispose();
  }
});

test('a run against an installed SDK without __version__ records its metadata version in the certificate', { timeout: 120_000 }, () => {
  const ctx = makeContext();
  try {
    const site = join(ctx.scratchDir, 'site');
    mkdirSync(join(site, 'vendor_sdk'), { recursive: true });
    writeFileSync(join(site, 'vendor_sdk', '__init__.py'), '');
    copyFileSync(kitPath('implementations/python-fixture-sdk/procvision_algorithm_sdk/shared_memory.py'), join(site, 'vendor_sdk', 'shared_memory.py'));
    mkdirSync(join(site, 'vendor_sdk-3.2.1.dist-info'));
    writeFileSync(join(site, 'vendor_sdk-3.2.1.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: vendor-sdk\nVersion: 3.2.1\n');
    writeFileSync(join(site, 'vendor_sdk-3.2.1.dist-info', 'RECORD'), 'vendor_sdk/__init__.py,,\nvendor_sdk/shared_memory.py,,\n');
    const reportDir = join(ctx.scratchDir, 'reports');
    const run = spawnSync(process.execPath, [kitPath('bin/pv-conform.mjs'), 'run', '--target', `python:${site}:vendor_sdk.shared_memory`,
      '--tags', '@RD-CS-01', '--num-runs', '2', '--quiet', '--report-dir', reportDir], { cwd: ctx.scratchDir, encoding: 'utf8', timeout: 110_000 });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    const certificate = JSON.parse(readFileSync(join(reportDir, 'certificate.json'), 'utf8')) as { implementation: { name: string; version: string } };
    assert.deepEqual([certificate.implementation.name, certificate.implementation.version], ['vendor_sdk', '3.2.1']);
  } finally {
    ctx.dispose();
  }
});
