/**
 * JPEG modes (generators/jpegModes.ts): every file is what its recipe claims, read from its
 * headers and independently by Pillow; two correct decoders (sharp and Pillow) stay within the
 * tolerances the kit judges with (docs/tolerances.md, "JPEG modes"); orientation content makes
 * every EXIF orientation tell apart from the stored order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { NdArray } from '../../adapter/types.ts';
import {
  applyOrientation, describeJpegMode, JPEG_MODES, jpegModeRecipe, materializeJpegMode, MIN_ORIENTATION_SIDE, readJpegModeInfo,
  type JpegMode, type JpegModeRecipe,
} from '../../generators/jpegModes.ts';
import { generatorNamed } from '../../generators/registry.ts';
import { kitDecode } from '../../kit/decode.ts';
import { difference } from '../../kit/pixels.ts';
import { JPEG_TOLERANCE } from '../../kit/tolerance.ts';
import { CMYK_TOLERANCE } from '../../steps/reader/jpegModes.ts';

const PYTHON = process.env.PV_CONFORM_PYTHON ?? '/usr/bin/python3';

/* One Python process for every file: what Pillow reads from the headers, and its pixels. */
const PILLOW = `
import sys, json, base64
from PIL import Image, ImageOps
out = []
for path in sys.argv[1:]:
    with Image.open(path) as im:
        im.load()
        exif = im.getexif()
        out.append({
            "mode": im.mode, "size": list(im.size),
            "sampling": [[h, v] for (_, h, v, _) in im.layer],
            "adobe": im.info.get("adobe_transform") if "adobe" in im.info else None,
            "orientation": exif.get(274),
            "rgb": base64.b64encode(im.convert("RGB").tobytes()).decode(),
            "shown": base64.b64encode(ImageOps.exif_transpose(im).convert("RGB").tobytes()).decode(),
        })
print(json.dumps(out))
`;

interface Pillow {
  mode: string; size: [number, number]; sampling: Array<[number, number]>; adobe: number | null; orientation: number | null; rgb: string; shown: string;
}

async function pillow(files: Uint8Array[]): Promise<Pillow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pv-jpeg-modes-'));
  try {
    const paths = await Promise.all(files.map(async (b, i) => {
      const p = join(dir, `${i}.jpg`);
      await writeFile(p, b);
      return p;
    }));
    const out = await new Promise<string>((resolve, reject) => {
      execFile(PYTHON, ['-c', PILLOW, ...paths], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout)));
    });
    return JSON.parse(out) as Pillow[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const image = (b64: string, width: number, height: number): NdArray =>
  ({ dtype: 'uint8', shape: [height, width, 3], data: new Uint8Array(Buffer.from(b64, 'base64')) });

/** What each mode's headers must declare. */
const CLAIMS: Record<JpegMode, { sof: number; sampling: Array<[number, number]>; adobe?: number; pillowMode: string }> = {
  gray: { sof: 0xc0, sampling: [[1, 1]], pillowMode: 'L' },
  cmyk: { sof: 0xc0, sampling: [[1, 1], [1, 1], [1, 1], [1, 1]], adobe: 0, pillowMode: 'CMYK' },
  ycck: { sof: 0xc0, sampling: [[1, 1], [1, 1], [1, 1], [1, 1]], adobe: 2, pillowMode: 'CMYK' },
  '4:2:2': { sof: 0xc0, sampling: [[2, 1], [1, 1], [1, 1]], pillowMode: 'RGB' },
  '4:4:0': { sof: 0xc0, sampling: [[1, 2], [1, 1], [1, 1]], pillowMode: 'RGB' },
  '4:1:1': { sof: 0xc0, sampling: [[4, 1], [1, 1], [1, 1]], pillowMode: 'RGB' },
  arithmetic: { sof: 0xc9, sampling: [[2, 2], [1, 1], [1, 1]], pillowMode: 'RGB' },
  'arithmetic-progressive': { sof: 0xca, sampling: [[2, 2], [1, 1], [1, 1]], pillowMode: 'RGB' },
  orientation: { sof: 0xc0, sampling: [[1, 1], [1, 1], [1, 1]], pillowMode: 'RGB' },
};

/** Every mode at sizes around its MCU, every orientation, two seeds and qualities each. */
function recipes(): JpegModeRecipe[] {
  const out: JpegModeRecipe[] = [];
  for (const mode of JPEG_MODES) {
    const sizes = mode === 'orientation' ? [[8, 8], [16, 16]] : [[1, 1], [33, 9], [17, 31]];
    const orientations = mode === 'orientation' ? [1, 2, 3, 4, 5, 6, 7, 8] : [1];
    for (const [width, height] of sizes) {
      for (const orientation of orientations) {
        for (const [seed, quality] of [[3, 75], [77, 100]]) out.push({ mode, width: width!, height: height!, quality: quality!, orientation, seed: seed! });
      }
    }
  }
  return out;
}

test('every JPEG mode declares what its recipe claims, in its headers and to Pillow, and both decoders agree', async () => {
  const all = recipes();
  const files = await Promise.all(all.map(materializeJpegMode));
  const read = await pillow(files.map((f) => f.bytes));
  const worst = { rgb: 0, cmykMax: 0, cmykMean: 0 };
  for (let i = 0; i < all.length; i++) {
    const r = all[i]!;
    const f = files[i]!;
    const p = read[i]!;
    const claim = CLAIMS[r.mode];
    const what = describeJpegMode(r);
    const info = readJpegModeInfo(f.bytes);
    assert.equal(info.sof, claim.sof, `${what}: SOF`);
    assert.deepEqual(info.sampling, claim.sampling, `${what}: sampling factors`);
    assert.equal(info.adobeTransform, claim.adobe, `${what}: APP14 transform`);
    assert.equal(info.orientation ?? 1, r.orientation, `${what}: EXIF orientation`);
    assert.equal(f.channels, claim.sampling.length, what);
    // Pillow, independently: the same mode, size, sampling, Adobe flag and orientation.
    assert.equal(p.mode, claim.pillowMode, what);
    assert.deepEqual(p.size, [r.width, r.height], what);
    assert.deepEqual(p.sampling, claim.sampling, what);
    assert.equal(p.adobe ?? undefined, claim.adobe, what);
    assert.equal(p.orientation ?? 1, r.orientation, what);

    const kit = await kitDecode(f.bytes);
    const pil = image(p.rgb, r.width, r.height);
    if (f.channels === 4) {
      // Colour-managed (libvips) and plain (Pillow) CMYK conversion: both within the CMYK tolerance of the source.
      for (const decoded of [kit, pil]) {
        const d = difference(f.source, decoded);
        worst.cmykMax = Math.max(worst.cmykMax, d.maxAbs);
        worst.cmykMean = Math.max(worst.cmykMean, d.meanAbs);
        assert.ok(d.maxAbs <= CMYK_TOLERANCE.maxAbs && d.meanAbs <= CMYK_TOLERANCE.meanAbs, `${what}: ${d.maxAbs}/${d.meanAbs}`);
      }
      // A skipped Adobe inversion (inks as their complements) is far outside it.
      const inverted = { ...kit, data: kit.data.map((v) => 255 - v) };
      assert.ok(difference(f.source, inverted).meanAbs > 3 * CMYK_TOLERANCE.meanAbs, `${what}: complement`);
    } else {
      const d = difference(kit, pil);
      worst.rgb = Math.max(worst.rgb, d.maxAbs);
      assert.ok(d.maxAbs <= JPEG_TOLERANCE.maxAbs && d.meanAbs <= JPEG_TOLERANCE.meanAbs, `${what}: sharp vs Pillow ${d.maxAbs}/${d.meanAbs}`);
    }
    if (r.mode === 'orientation') {
      // The kit's "apply" expectation is what Pillow's exif_transpose shows.
      const shown = image(p.shown, r.orientation >= 5 ? r.height : r.width, r.orientation >= 5 ? r.width : r.height);
      const d = difference(applyOrientation(kit, r.orientation), shown);
      assert.ok(d.maxAbs <= JPEG_TOLERANCE.maxAbs && d.meanAbs <= JPEG_TOLERANCE.meanAbs, `${what}: applied vs exif_transpose`);
      if (r.orientation !== 1) {
        const apart = difference(kit, applyOrientation(kit, r.orientation));
        assert.ok(apart.meanAbs >= 2 * JPEG_TOLERANCE.meanAbs, `${what}: stored and shown orders must differ past the tolerance (${apart.meanAbs})`);
      }
    }
  }
  // The figures docs/tolerances.md quotes: Pillow and sharp agree exactly on these modes.
  assert.equal(worst.rgb, 0);
  assert.ok(worst.cmykMax <= 48 && worst.cmykMean <= 20, JSON.stringify(worst));
});

test('applyOrientation maps orientations as TIFF tag 274 says, and 5-8 swap width and height', () => {
  // 3 wide, 2 high; each pixel's R holds its index.
  const a: NdArray = { dtype: 'uint8', shape: [2, 3, 3], data: Uint8Array.from({ length: 18 }, (_, i) => (i % 3 === 0 ? i / 3 : 0)) };
  const reds = (n: NdArray) => [...n.data].filter((_, i) => i % 3 === 0);
  assert.deepEqual(reds(applyOrientation(a, 1)), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(reds(applyOrientation(a, 2)), [2, 1, 0, 5, 4, 3]);
  assert.deepEqual(reds(applyOrientation(a, 3)), [5, 4, 3, 2, 1, 0]);
  assert.deepEqual(reds(applyOrientation(a, 4)), [3, 4, 5, 0, 1, 2]);
  assert.deepEqual(reds(applyOrientation(a, 5)), [0, 3, 1, 4, 2, 5]);
  assert.deepEqual(reds(applyOrientation(a, 6)), [3, 0, 4, 1, 5, 2]);
  assert.deepEqual(reds(applyOrientation(a, 7)), [5, 2, 4, 1, 3, 0]);
  assert.deepEqual(reds(applyOrientation(a, 8)), [2, 5, 1, 4, 0, 3]);
  assert.deepEqual(applyOrientation(a, 6).shape, [3, 2, 3]);
});

test('jpegModeRecipe draws valid recipes: orientation frames square and at least 8 wide, others orientation 1', () => {
  fc.assert(fc.property(jpegModeRecipe(), (r) => {
    if (r.mode === 'orientation') {
      assert.equal(r.width, r.height);
      assert.ok(r.width >= MIN_ORIENTATION_SIDE);
    } else {
      assert.equal(r.orientation, 1);
    }
    assert.ok(r.width >= 1 && r.width <= 40 && r.height >= 1 && r.height <= 40);
  }), { numRuns: 200 });
  assert.throws(() => jpegModeRecipe({ modes: ['4:2:1' as JpegMode] }), /unknown modes 4:2:1/);
  assert.throws(() => jpegModeRecipe({ maxSide: 0 }), /maxSide/);
});

test('the registry entries draw their modes, and CMYK ones may be refused', async () => {
  const seen = new Map<string, Set<string>>();
  for (const name of ['jpeg-mode', 'cmyk-jpeg-mode', 'jpeg-orientation']) {
    const entry = generatorNamed(name);
    const modes = new Set<string>();
    for (const r of fc.sample(entry.arbitrary, { numRuns: 60, seed: 7 }) as JpegModeRecipe[]) modes.add(r.mode);
    seen.set(name, modes);
    const sample = await entry.materialize(fc.sample(entry.arbitrary, { numRuns: 1, seed: 1 })[0]);
    assert.equal(sample.kind, 'encoded');
    if (sample.kind === 'encoded') assert.equal(sample.mayBeRefused, name === 'cmyk-jpeg-mode');
  }
  assert.deepEqual([...seen.get('jpeg-mode')!].sort(), ['4:1:1', '4:2:2', '4:4:0', 'arithmetic', 'arithmetic-progressive', 'gray']);
  assert.deepEqual([...seen.get('cmyk-jpeg-mode')!].sort(), ['cmyk', 'ycck']);
  assert.deepEqual([...seen.get('jpeg-orientation')!], ['orientation']);
});

test('a missing encoder fails with one line naming the tool and its Debian package', async () => {
  const saved = { cjpeg: process.env.PV_CONFORM_CJPEG, convert: process.env.PV_CONFORM_CONVERT };
  process.env.PV_CONFORM_CJPEG = 'pv-conform-no-such-cjpeg';
  process.env.PV_CONFORM_CONVERT = 'pv-conform-no-such-convert';
  try {
    await assert.rejects(materializeJpegMode({ mode: '4:2:2', width: 3, height: 3, quality: 81, orientation: 1, seed: 424242 }),
      /^Error: pv-conform-no-such-cjpeg not found: .*apt-get install libjpeg-turbo-progs\)$/);
    await assert.rejects(materializeJpegMode({ mode: 'ycck', width: 3, height: 3, quality: 81, orientation: 1, seed: 424242 }),
      /^Error: pv-conform-no-such-convert not found: .*apt-get install imagemagick\)$/);
  } finally {
    for (const [k, v] of [['PV_CONFORM_CJPEG', saved.cjpeg], ['PV_CONFORM_CONVERT', saved.convert]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  }
});
