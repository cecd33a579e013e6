/**
 * The TIFF, GIF and WebP generators make what they claim (headers parsed, Pillow's view of the
 * file), their faithful expectation is what two real decoders give (sharp and Pillow), and no
 * decoder finds an image in a mislabelled file. The spreads printed here are the measurements
 * behind docs/tolerances.md ("TIFF, GIF and WebP").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import type { NdArray } from '../../adapter/types.ts';
import { gifFacts, tiffPages, webpChunks } from '../../generators/formatFacts.ts';
import {
  describeTiffGifWebp, materializeTiffGifWebp, MISLABELLED_CLASSES, TIFF_GIF_WEBP_CLASSES, tiffGifWebpRecipe,
  type MaterializedTiffGifWebp, type TiffGifWebpRecipe,
} from '../../generators/tiffGifWebp.ts';
import { JPEG_TOLERANCE } from '../../kit/tolerance.ts';
import { assertJsonPrintable, maxAbsDiff, meanAbsDiff } from './support/checks.ts';
import { sharpDecode } from './support/decoders.ts';

const PYTHON = process.env.PV_CONFORM_PYTHON ?? '/usr/bin/python3';

const PILLOW_SCRIPT = `
import sys, json, base64
from PIL import Image
out = []
for path in sys.argv[1:]:
    try:
        with Image.open(path) as im:
            entry = {"ok": True, "format": im.format, "mode": im.mode, "frames": getattr(im, "n_frames", 1),
                     "transparency": "transparency" in im.info, "width": im.width, "height": im.height}
            im.load()
            entry["rgb"] = base64.b64encode(im.convert("RGB").tobytes()).decode()
            out.append(entry)
    except Exception as e:
        out.append({"ok": False, "error": type(e).__name__ + ": " + str(e)})
print(json.dumps(out))
`;

interface PillowView { ok: boolean; format?: string; mode?: string; frames?: number; transparency?: boolean; width?: number; height?: number; rgb?: string; error?: string }

/** Every file through Pillow in one process: open, first frame, convert('RGB'). */
async function pillow(files: Uint8Array[]): Promise<PillowView[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pv-tgw-pillow-'));
  try {
    const paths = await Promise.all(files.map(async (bytes, i) => {
      const path = join(dir, `${i}.bin`);
      await writeFile(path, bytes);
      return path;
    }));
    const out = await new Promise<string>((resolve, reject) => {
      execFile(PYTHON, ['-c', PILLOW_SCRIPT, ...paths], { maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
        (err ? reject(new Error(`${PYTHON} with Pillow failed: ${stderr || err.message}`)) : resolve(stdout)));
    });
    return JSON.parse(out) as PillowView[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const samples = (classes: readonly TiffGifWebpRecipe['class'][], n: number, seed: number) =>
  classes.flatMap((c) => fc.sample(tiffGifWebpRecipe({ classes: [c] }), { numRuns: n, seed }));

const within = (a: Uint8Array, b: Uint8Array) => maxAbsDiff(a, b) <= JPEG_TOLERANCE.maxAbs && meanAbsDiff(a, b) <= JPEG_TOLERANCE.meanAbs;
const accepted = (m: MaterializedTiffGifWebp): NdArray[] => [m.faithful!, ...m.alternatives];

/** What each class's headers must say. */
function assertHeaders(r: TiffGifWebpRecipe, bytes: Uint8Array, what: string): void {
  if (r.class.startsWith('tiff-')) {
    const pages = tiffPages(bytes);
    const first = pages[0]!;
    assert.deepEqual([first.width, first.height], [r.width, r.height], what);
    assert.equal(pages.length, r.class === 'tiff-pages' ? r.frames : 1, `${what}: page count`);
    const expected = {
      'tiff-rgb8': { bits: 8, format: 1, photometric: 2, spp: 3 },
      'tiff-rgb16': { bits: 16, format: 1, photometric: 2, spp: 3 },
      'tiff-cmyk': { bits: 8, format: 1, photometric: 5, spp: 4 },
      'tiff-float': { bits: 32, format: 3, photometric: 2, spp: 3 },
      'tiff-pages': { bits: 8, format: 1, photometric: 2, spp: 3 },
    }[r.class as 'tiff-rgb8']!;
    for (const p of pages) {
      assert.deepEqual(p.bitsPerSample, Array(expected.spp).fill(expected.bits), `${what}: BitsPerSample`);
      assert.deepEqual(p.sampleFormat, Array(expected.spp).fill(expected.format), `${what}: SampleFormat`);
      assert.equal(p.photometric, expected.photometric, `${what}: PhotometricInterpretation`);
      assert.equal(p.samplesPerPixel, expected.spp, `${what}: SamplesPerPixel`);
      const compression = r.class === 'tiff-float' && r.compression === 'packbits' ? 'lzw' : r.compression;
      assert.equal(p.compression, { none: 1, lzw: 5, deflate: 8, packbits: 32773 }[compression], `${what}: Compression`);
    }
  } else if (r.class.startsWith('gif-')) {
    const g = gifFacts(bytes);
    assert.deepEqual([g.width, g.height], [r.width, r.height], what);
    assert.equal(g.frames, r.class === 'gif-animated' ? r.frames : 1, `${what}: frames`);
    if (r.class === 'gif-transparent') {
      assert.ok(g.transparent && g.transparentColour, `${what}: a transparent index with a colour`);
    }
  } else {
    const chunks = webpChunks(bytes);
    const wanted = { 'webp-lossy': ['VP8 '], 'webp-lossless': ['VP8L'], 'webp-alpha': ['VP8X', 'ALPH', 'VP8 '] }[r.class as 'webp-lossy']!;
    assert.deepEqual(chunks, wanted, `${what}: chunks`);
  }
}

test('each class is what it claims: headers, Pillow\'s mode and frame count, and a faithful decode both sharp and Pillow give', async () => {
  const recipes = samples(TIFF_GIF_WEBP_CLASSES, 6, 1101);
  const made = await Promise.all(recipes.map(materializeTiffGifWebp));
  const seen = await pillow(made.map((m) => m.bytes));
  const spread: Record<string, number> = {};
  for (let i = 0; i < recipes.length; i++) {
    const [r, m, p] = [recipes[i]!, made[i]!, seen[i]!];
    const what = describeTiffGifWebp(r);
    assertJsonPrintable(r);
    assert.equal(m.expectation, 'decodable', what);
    assertHeaders(r, m.bytes, what);
    assert.deepEqual(m.faithful!.shape, [r.height, r.width, 3], what);
    // The kit's decoder (sharp, as the non-jpeg-decoded mutant uses it) gives the faithful pixels.
    const bySharp = await sharp(m.bytes).removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer();
    assert.ok(within(new Uint8Array(bySharp), m.faithful!.data), `${what}: sharp`);
    if (r.class === 'tiff-float') {
      // Pillow has no mode for three float channels: it refuses the file, which the zero fallback answers.
      assert.equal(p.ok, false, `${what}: Pillow opened a float RGB TIFF (${p.mode})`);
      continue;
    }
    assert.ok(p.ok, `${what}: Pillow ${p.error}`);
    assert.equal(p.format, r.class.split('-')[0]!.toUpperCase(), what);
    assert.equal(p.mode, { 'tiff-cmyk': 'CMYK', 'webp-alpha': 'RGBA' }[r.class as string] ?? (r.class.startsWith('gif') ? 'P' : 'RGB'), `${what}: mode`);
    assert.equal(p.frames, r.frames, `${what}: Pillow's frame count`);
    if (r.class === 'gif-transparent') assert.ok(p.transparency, `${what}: Pillow sees the transparency`);
    const rgb = new Uint8Array(Buffer.from(p.rgb!, 'base64'));
    const best = Math.min(...accepted(m).map((a) => maxAbsDiff(rgb, a.data)));
    assert.ok(accepted(m).some((a) => within(rgb, a.data)), `${what}: Pillow's first frame is none of the accepted decodes (best max ${best})`);
    spread[r.class] = Math.max(spread[r.class] ?? 0, maxAbsDiff(rgb, m.faithful!.data));
  }
  // Pillow and sharp disagree only where the docs say they may: CMYK (colour management) and
  // the colour under a transparent GIF index; everywhere else they give the same bytes.
  for (const [cls, d] of Object.entries(spread)) {
    if (cls !== 'tiff-cmyk' && cls !== 'gif-transparent') assert.equal(d, 0, `${cls}: Pillow vs sharp`);
  }
  console.log(`# Pillow vs sharp, max |diff| per class: ${JSON.stringify(spread)}`);
});

test('the faithful decode is the encoded frame: exact where lossless, near it where lossy or converted', async () => {
  const recipes = samples(TIFF_GIF_WEBP_CLASSES, 8, 1102);
  const made = await Promise.all(recipes.map(materializeTiffGifWebp));
  const worst: Record<string, number> = {};
  for (let i = 0; i < recipes.length; i++) {
    const [r, m] = [recipes[i]!, made[i]!];
    const rgbSource = m.source.shape[2] === 3 ? m.source.data : Uint8Array.from(m.source.data.filter((_, k) => k % 4 !== 3));
    const d = maxAbsDiff(rgbSource, m.faithful!.data);
    worst[r.class] = Math.max(worst[r.class] ?? 0, d);
  }
  for (const cls of ['tiff-rgb8', 'tiff-pages', 'webp-lossless'] as const) assert.equal(worst[cls], 0, `${cls} is lossless`);
  // 16-bit samples v*256 + noise come back as v (the high byte) or v+1 (rounding x/257).
  assert.ok(worst['tiff-rgb16']! <= 1, `tiff-rgb16: ${worst['tiff-rgb16']}`);
  // scRGB float round trip: the 8-bit value comes back within a level.
  assert.ok(worst['tiff-float']! <= 1, `tiff-float: ${worst['tiff-float']}`);
  // Lossy WebP stays well inside the tolerance of what was encoded (docs/tolerances.md).
  assert.ok(worst['webp-lossy']! <= JPEG_TOLERANCE.maxAbs, `webp-lossy: ${worst['webp-lossy']}`);
  // The animated GIF's first frame is the first frame encoded, not a later one.
  assert.ok(worst['gif-animated']! <= 48, `gif-animated: ${worst['gif-animated']}`);
  console.log(`# faithful decode vs encoded frame, max |diff| per class: ${JSON.stringify(worst)}`);
});

test('the later pages and frames differ from the first, so a reader that returns another shows', async () => {
  for (const r of samples(['tiff-pages', 'gif-animated'], 4, 1103)) {
    const m = await materializeTiffGifWebp(r);
    const last = await sharp(m.bytes, { page: r.frames - 1 }).removeAlpha().toColourspace('srgb').raw().toBuffer();
    assert.ok(maxAbsDiff(new Uint8Array(last), m.faithful!.data) > JPEG_TOLERANCE.maxAbs || meanAbsDiff(new Uint8Array(last), m.faithful!.data) > JPEG_TOLERANCE.meanAbs,
      `${describeTiffGifWebp(r)}: last frame is within tolerance of the first`);
  }
});

test('16-bit TIFF samples carry a low byte of their own, so a cast that keeps it is far from the faithful decode', async () => {
  for (const r of samples(['tiff-rgb16'], 6, 1109)) {
    const m = await materializeTiffGifWebp(r);
    const { data } = await sharp(m.bytes).toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    const low = Uint8Array.from(new Uint16Array(Uint8Array.from(data).buffer), (v) => v & 0xff);
    assert.ok(!within(low, m.faithful!.data) || r.width * r.height === 1, `${describeTiffGifWebp(r)}: the low bytes pass as the image`);
  }
});

test('CMYK: colour-managed and naive conversions are both accepted, and neither is the raw C, M, Y', async () => {
  let apart = 0;
  for (const r of samples(['tiff-cmyk'], 12, 1104)) {
    const m = await materializeTiffGifWebp(r);
    const [naive] = m.alternatives;
    apart = Math.max(apart, maxAbsDiff(naive!.data, m.faithful!.data));
    const raw = await sharp(m.bytes).toColourspace('cmyk').raw().toBuffer({ resolveWithObject: true });
    assert.equal(raw.info.channels, 4);
    const cmy = Uint8Array.from(raw.data.filter((_, k) => k % 4 !== 3));
    assert.ok(!accepted(m).some((a) => within(cmy, a.data)), `${describeTiffGifWebp(r)}: raw C, M, Y passes as RGB`);
  }
  console.log(`# CMYK TIFF: ICC (libvips) vs naive (Pillow) conversion, max |diff| ${apart}`);
  assert.ok(apart > JPEG_TOLERANCE.maxAbs, 'the two CMYK conversions are far enough apart to need both');
});

test('no decoder finds an image in a mislabelled file (sharp and Pillow)', async () => {
  const recipes = samples(MISLABELLED_CLASSES, 10, 1105);
  const made = await Promise.all(recipes.map(materializeTiffGifWebp));
  const seen = await pillow(made.map((m) => m.bytes));
  for (let i = 0; i < recipes.length; i++) {
    const [r, m, p] = [recipes[i]!, made[i]!, seen[i]!];
    const what = describeTiffGifWebp(r);
    assert.equal(m.expectation, 'undecodable', what);
    assert.equal(m.faithful, undefined, what);
    assert.equal(await sharpDecode(m.bytes), null, `${what}: sharp decoded it`);
    assert.equal(p.ok, false, `${what}: Pillow decoded it as ${p.format} ${p.mode}`);
  }
});

test('recipes are validated, pure and shrink toward the plainest recipe', async () => {
  assert.throws(() => tiffGifWebpRecipe({ classes: [] }), /non-empty/);
  assert.throws(() => tiffGifWebpRecipe({ classes: ['tiff-jpeg' as never] }), /unknown classes tiff-jpeg/);
  assert.throws(() => tiffGifWebpRecipe({ maxSide: 0 }), /maxSide/);
  const [r] = fc.sample(tiffGifWebpRecipe(), { numRuns: 1, seed: 1106 });
  const [a, b] = await Promise.all([materializeTiffGifWebp(r!), materializeTiffGifWebp(r!)]);
  assert.deepEqual(a.bytes, b.bytes);
  const out = await fc.check(fc.asyncProperty(tiffGifWebpRecipe(), async (x) => x.class !== 'webp-alpha'), { seed: 1107, numRuns: 200 });
  assert.ok(out.failed && out.numShrinks > 0, 'a failing recipe shrinks');
  const [small] = out.counterexample!;
  assert.deepEqual([small.class, small.seed, small.quality, small.content], ['webp-alpha', 0, 50, 'smooth'], 'toward the plainest recipe');
  for (const s of fc.sample(tiffGifWebpRecipe(), { numRuns: 60, seed: 1108 })) {
    assert.equal(s.frames > 1, s.class === 'tiff-pages' || s.class === 'gif-animated', describeTiffGifWebp(s));
  }
});
