import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { idBytes } from '../../implementations/reference-sdk/fsSegments.ts';
import { decodeNpy, encodeNpy } from '../../implementations/reference-sdk/npy.ts';
import { toSafeId } from '../../implementations/reference-sdk/safeId.ts';
import { resolveShmDir } from '../../implementations/reference-sdk/segmentStore.ts';
import { createSdk } from '../../implementations/reference-sdk/sdk.ts';
import type { SdkTransport } from '../../implementations/reference-sdk/storedSegment.ts';
import { encodeJpeg, isZeros, pattern, rgbMeta, sameArray, smoothRgb, tempDir } from './helpers.ts';

const meta = rgbMeta(3, 2);

test('owner sidecar: the id bytes equal Python\'s id.encode("utf-8", "surrogatepass")', () => {
  const ids = ['plain', 'cam/1', 'kamera-ä', '相机', 'cam😀', 'lone\uD800', 'lone\uDFFF', 'pair\uD83D\uDE00', ''];
  const script = 'import json,sys\nfor i in json.loads(sys.stdin.read()): print(i.encode("utf-8","surrogatepass").hex())';
  const hex = execFileSync('python3', ['-c', script], { input: JSON.stringify(ids), encoding: 'utf8' }).split('\n');
  ids.forEach((id, i) => assert.equal(idBytes(id).toString('hex'), hex[i], JSON.stringify(id)));
});

test('owner sidecar: a foreign writer\'s <safe id>.id is honoured', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'a_b.npy'), encodeNpy(pattern(2, 3)));
  writeFileSync(join(dir, 'a_b.id'), 'a/b');
  const sdk = createSdk({}, { shmDir: dir });
  assert.ok(sameArray(await sdk.read('a/b', meta), pattern(2, 3)));
  assert.ok(isZeros(await sdk.read('a:b', meta), 3, 2));
});

test('safe id: every character outside [a-zA-Z0-9._-] becomes "_", counted by code point', () => {
  assert.equal(toSafeId('dev-shm:sid-123'), 'dev-shm_sid-123');
  assert.equal(toSafeId('a/b\\c d'), 'a_b_c_d');
  assert.equal(toSafeId('ok.Name_1-2'), 'ok.Name_1-2');
  assert.equal(toSafeId('cam😀'), 'cam_');
  assert.equal(toSafeId('../x'), '.._x');
});

test('fs layout: the kit\'s <safe id>.bin and <safe id>.npy, readable by other tools', async (t) => {
  const dir = tempDir(t);
  const sdk = createSdk({}, { shmDir: dir });
  const jpeg = await encodeJpeg(smoothRgb(2, 3));
  sdk.devWriteBytes('dev-shm:one', jpeg, 'fs');
  const array = pattern(2, 3);
  sdk.writeArray('dev-shm:two', array, 'fs');
  assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'dev-shm_one.bin'))), jpeg);
  assert.deepEqual(decodeNpy(readFileSync(join(dir, 'dev-shm_two.npy'))), array);
  assert.deepEqual(readdirSync(dir).filter((n) => !n.endsWith('.id')).sort(), ['dev-shm_one.bin', 'dev-shm_two.npy']);
});

test('fs: files written by a foreign tool in the bare layout (no .id sidecar) are read', async (t) => {
  const dir = tempDir(t);
  const array = pattern(2, 3);
  writeFileSync(join(dir, 'cam_7.npy'), encodeNpy(array));
  const sdk = createSdk({}, { shmDir: dir });
  assert.ok(sameArray(await sdk.read('cam/7', meta), array));
  sdk.clear('cam/7');
  assert.deepEqual(readdirSync(dir), []);
});

test('RD-ISO-01: ids colliding after sanitising never read each other\'s data', async (t) => {
  const dir = tempDir(t);
  const writer = createSdk({}, { shmDir: dir });
  const ids = ['cam/1', 'cam:1', 'cam_1', 'cam 1', 'cam\uD800', 'cam\uDC00', 'cam😀'];
  ids.forEach((id, i) => writer.writeArray(id, pattern(2, 3, 3, i + 1), 'fs'));
  // A second instance has an empty in-process layer: what it reads comes from the files.
  const reader = createSdk({}, { shmDir: dir });
  for (const [i, id] of ids.entries()) {
    assert.ok(sameArray(await reader.read(id, meta), pattern(2, 3, 3, i + 1)), JSON.stringify(id));
  }
  for (const stranger of ['cam?1', 'cam*1', 'cam\uD801', 'cam😁']) {
    assert.ok(isZeros(await reader.read(stranger, meta), 3, 2), JSON.stringify(stranger));
  }
});

test('RD-ISO-01: a colliding id never sees data, whichever was written first or cleared', async (t) => {
  const dir = tempDir(t);
  const sdk = createSdk({}, { shmDir: dir });
  const other = createSdk({}, { shmDir: dir });
  sdk.writeArray('a_b', pattern(2, 3, 3, 1), 'fs');
  assert.ok(isZeros(await other.read('a/b', meta), 3, 2));
  sdk.writeArray('a/b', pattern(2, 3, 3, 2), 'fs');
  sdk.clear('a_b');
  assert.ok(isZeros(await other.read('a_b', meta), 3, 2));
  assert.ok(sameArray(await other.read('a/b', meta), pattern(2, 3, 3, 2)));
  sdk.writeArray('a_b', pattern(2, 3, 3, 3), 'fs');
  assert.ok(sameArray(await other.read('a_b', meta), pattern(2, 3, 3, 3)));
  assert.ok(sameArray(await other.read('a/b', meta), pattern(2, 3, 3, 2)));
});

test('RD-ISO-01: ids that look like paths or are empty stay inside the directory and apart', async (t) => {
  const dir = tempDir(t);
  const sdk = createSdk({}, { shmDir: dir });
  const ids = ['', '.', '..', '/', '../escape', 'a/../../b'];
  ids.forEach((id, i) => sdk.writeArray(id, pattern(2, 3, 3, i + 1), 'fs'));
  const reader = createSdk({}, { shmDir: dir });
  for (const [i, id] of ids.entries()) {
    assert.ok(sameArray(await reader.read(id, meta), pattern(2, 3, 3, i + 1)), JSON.stringify(id));
  }
  assert.equal(readdirSync(dir).length, ids.length * 2);
});

test('RD-ISO-01: very long ids get their own files and stay apart', async (t) => {
  const dir = tempDir(t);
  const sdk = createSdk({}, { shmDir: dir });
  const long = 'x'.repeat(400);
  sdk.writeArray(`${long}/1`, pattern(2, 3, 3, 1), 'fs');
  sdk.writeArray(`${long}:1`, pattern(2, 3, 3, 2), 'fs');
  const reader = createSdk({}, { shmDir: dir });
  assert.ok(sameArray(await reader.read(`${long}/1`, meta), pattern(2, 3, 3, 1)));
  assert.ok(sameArray(await reader.read(`${long}:1`, meta), pattern(2, 3, 3, 2)));
  assert.ok(isZeros(await reader.read(`${long}_1`, meta), 3, 2));
  assert.ok(readdirSync(dir).every((n) => Buffer.byteLength(n) <= 255));
});

const transports: SdkTransport[] = ['inproc', 'fs'];

for (const first of transports) {
  for (const second of transports) {
    test(`RD-CLEAN-02: rewriting (${first} then ${second}) replaces the content in every layer`, async (t) => {
      const dir = tempDir(t);
      const sdk = createSdk({}, { shmDir: dir });
      const fresh = createSdk({}, { shmDir: dir });
      sdk.writeArray('r', pattern(2, 3, 3, 1), first);
      sdk.devWriteBytes('r', await encodeJpeg(smoothRgb(2, 3)), second);
      const result = await sdk.read('r', meta);
      assert.ok(result && !sameArray(result, pattern(2, 3, 3, 1)) && !isZeros(result, 3, 2));
      assert.ok(!readdirSync(dir).some((n) => n.endsWith('.npy')), 'no stale .npy');
      const seenByOthers = await fresh.read('r', meta);
      if (second === 'fs') assert.ok(seenByOthers && !isZeros(seenByOthers, 3, 2));
      else assert.ok(isZeros(seenByOthers, 3, 2), 'the fs copy was removed when inproc took over');

      sdk.writeArray('r', pattern(2, 3, 3, 4), second);
      assert.ok(sameArray(await sdk.read('r', meta), pattern(2, 3, 3, 4)));
      assert.ok(!readdirSync(dir).some((n) => n.endsWith('.bin')), 'no stale .bin');
    });
  }

  test(`RD-CLEAN-01: clear (${first}) removes the segment from every layer`, async (t) => {
    const dir = tempDir(t);
    const sdk = createSdk({}, { shmDir: dir });
    sdk.writeArray('c', pattern(2, 3), first);
    sdk.writeArray('keep', pattern(2, 3), 'fs');
    sdk.clear('c');
    assert.ok(isZeros(await sdk.read('c', meta), 3, 2));
    assert.ok(isZeros(await createSdk({}, { shmDir: dir }).read('c', meta), 3, 2));
    assert.deepEqual(readdirSync(dir).sort(), ['keep.id', 'keep.npy']);
    sdk.clear('c');
    sdk.clear('never-written');
  });
}

test('fs writes leave no temporary files behind', (t) => {
  const dir = tempDir(t);
  const sdk = createSdk({}, { shmDir: dir });
  for (let i = 0; i < 5; i++) sdk.writeArray('t', pattern(2, 3, 3, i), 'fs');
  assert.deepEqual(readdirSync(dir).sort(), ['t.id', 't.npy']);
});

test('fs: a corrupt .npy or owner file reads as missing', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'bad.npy'), 'not numpy');
  writeFileSync(join(dir, 'odd.bin'), 'x');
  writeFileSync(join(dir, 'odd.id'), '{broken');
  const sdk = createSdk({}, { shmDir: dir });
  assert.ok(isZeros(await sdk.read('bad', meta), 3, 2));
  assert.ok(isZeros(await sdk.read('odd', meta), 3, 2));
});

test('shm dir: option, then PROC_SHM_DIR, then <tmpdir>/procvision_dev_shm', (t) => {
  const saved = process.env.PROC_SHM_DIR;
  t.after(() => { if (saved === undefined) delete process.env.PROC_SHM_DIR; else process.env.PROC_SHM_DIR = saved; });
  process.env.PROC_SHM_DIR = join('somewhere', 'env');
  assert.equal(resolveShmDir(join('somewhere', 'explicit')), join('somewhere', 'explicit'));
  assert.equal(resolveShmDir(), join('somewhere', 'env'));
  delete process.env.PROC_SHM_DIR;
  assert.match(resolveShmDir(), /procvision_dev_shm$/);
});
