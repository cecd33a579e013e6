import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  canInterlace, materializePngMode, parsePngModeName, PNG_MODE_NAMES, PNG_MODES, pngModeName, pngModeRecipe, type PngModeRecipe,
} from '../../generators/pngModes.ts';
import { BMP_MODE_NAMES, BMP_MODES, bmpModeRecipe, materializeBmpMode, parseBmpModeName, type BmpModeRecipe } from '../../generators/bmpModes.ts';
import { kitDecode } from '../../kit/decode.ts';
import { JPEG_TOLERANCE } from '../../kit/tolerance.ts';
import { maxAbsDiff } from './support/checks.ts';

const PYTHON = process.env.PV_CONFORM_PYTHON ?? '/usr/bin/python3';
const noPython = existsSync(PYTHON) ? false : `${PYTHON} is missing`;

/*
 * Pillow as the second decoder: its mode, any tRNS, and its pixels. Its convert("RGB") clips
 * 16-bit gray (mode "I") at 255, so that mode is scaled here as a faithful decoder does.
 */
const PILLOW = `
import sys, json, base64
import numpy as np
from PIL import Image
out = []
for path in sys.argv[1:]:
    with Image.open(path) as im:
        im.load()
        if im.mode == "I":
            g = np.rint(np.asarray(im, dtype=np.float64) / 257).astype(np.uint8)
            rgb = np.repeat(g[..., None], 3, axis=2).tobytes()
        else:
            rgb = im.convert("RGB").tobytes()
        out.append({"format": im.format, "mode": im.mode, "size": list(im.size), "trns": "transparency" in im.info,
                    "rgb": base64.b64encode(rgb).decode()})
print(json.dumps(out))
`;
interface Pillow { format: string; mode: string; size: [number, number]; trns: boolean; rgb: string }

async function pillow(files: Uint8Array[]): Promise<Pillow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pv-png-bmp-'));
  try {
    const paths = await Promise.all(files.map(async (b, i) => {
      const p = join(dir, String(i));
      await writeFile(p, b);
      return p;
    }));
    const out = await new Promise<string>((resolve, reject) =>
      execFile(PYTHON, ['-c', PILLOW, ...paths], { maxBuffer: 64 << 20 }, (e, o, err) => (e ? reject(new Error(err || e.message)) : resolve(o))));
    return JSON.parse(out) as Pillow[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every mode, interlaced where it can be, at 1x1, 9x6 and two drawn sizes. */
function pngRecipes(): PngModeRecipe[] {
  return PNG_MODE_NAMES.flatMap((mode) => [false, true].filter((i) => !i || canInterlace(mode)).flatMap((interlaced) => [
    { mode, interlaced, width: 1, height: 1, seed: 5 },
    { mode, interlaced, width: 9, height: 6, seed: 6 },
    ...fc.sample(pngModeRecipe({ modes: [mode] }), { numRuns: 2, seed: 511 }).map((r) => ({ ...r, interlaced })),
  ]));
}

const PILLOW_MODE: Record<string, string> = {
  gray1: '1', gray2: 'L', gray4: 'L', gray8: 'L', gray16: 'I', rgb: 'RGB', palette: 'P', 'palette-trns': 'P',
  // Pillow 9.4 opens 16-bit gray+alpha as RGBA.
  'gray-alpha8': 'LA', 'gray-alpha16': 'RGBA', rgba: 'RGBA',
};

test('every PNG mode has the IHDR colour type, bit depth and interlace it claims, and Pillow reads its expected pixels', { skip: noPython }, async () => {
  const recipes = pngRecipes();
  const made = await Promise.all(recipes.map(materializePngMode));
  const seen = await pillow(made.map((m) => m.bytes));
  recipes.forEach((r, i) => {
    const { bytes, expected } = made[i]!;
    const what = pngModeName(r) + ` ${r.width}x${r.height}`;
    const info = PNG_MODES[r.mode];
    const ihdr = new DataView(bytes.buffer, bytes.byteOffset);
    assert.equal(String.fromCharCode(...bytes.subarray(12, 16)), 'IHDR', what);
    assert.deepEqual([ihdr.getUint32(16), ihdr.getUint32(20)], [r.width, r.height], what);
    assert.deepEqual({ depth: bytes[24], colorType: bytes[25], interlace: bytes[28] }, { depth: info.bitDepth, colorType: info.colorType, interlace: r.interlaced ? 1 : 0 }, what);
    const p = seen[i]!;
    const byMode = PILLOW_MODE[r.mode] ?? PILLOW_MODE[info.colour];
    assert.deepEqual([p.format, p.mode, p.size], ['PNG', byMode, [r.width, r.height]], what);
    assert.equal(p.trns, info.colour === 'palette-trns', `${what}: tRNS`);
    // Pillow keeps the high byte of a 16-bit sample; the kit rounds v/257: one level apart at most.
    assert.ok(maxAbsDiff(new Uint8Array(Buffer.from(p.rgb, 'base64')), expected.data) <= (info.bitDepth === 16 ? 1 : 0), `${what}: Pillow differs`);
  });
});

test('sharp, the kit decoder, reads every PNG mode within one level of the expected pixels', async () => {
  for (const r of pngRecipes().filter((_, i) => i % 2)) {
    const m = await materializePngMode(r);
    assert.ok(maxAbsDiff((await kitDecode(m.bytes)).data, m.expected.data) <= 1, pngModeName(r));
  }
});

test('alpha modes carry composites on black and white; opaque modes none', async () => {
  for (const mode of PNG_MODE_NAMES) {
    const m = await materializePngMode({ mode, interlaced: false, width: 4, height: 4, seed: 9 });
    const alpha = ['palette-trns', 'gray-alpha', 'rgba'].includes(PNG_MODES[mode].colour);
    assert.equal(m.alternatives.length, alpha ? 2 : 0, mode);
    if (!alpha) continue;
    const [onBlack, onWhite] = m.alternatives;
    m.expected.data.forEach((v, k) => assert.ok(onBlack!.data[k]! <= v + 1 && onWhite!.data[k]! >= v - 1, `${mode} sample ${k}`));
  }
});

test('16-bit scaling: round(v / 257) and v >> 8 never differ by more than one level, far inside the tolerance', () => {
  let worst = 0;
  for (let v = 0; v <= 0xffff; v++) worst = Math.max(worst, Math.abs(Math.round(v / 257) - (v >> 8)));
  assert.equal(worst, 1);
  assert.ok(worst <= JPEG_TOLERANCE.maxAbs);
});

test('a low-bit, 16-bit or palette misreading lands far outside the tolerance on the generated content', async () => {
  // What png-low-bit-gray-unscaled, png-16bit-low-byte and png-palette-as-gray give, from the samples as stored.
  const { decode } = await import('fast-png');
  for (const mode of ['gray2', 'gray4', 'gray16', 'rgb16', 'palette8', 'palette8-trns'] as const) {
    const m = await materializePngMode({ mode, interlaced: false, width: 9, height: 6, seed: 77 });
    const { bitDepth } = PNG_MODES[mode];
    const png = decode(m.bytes);
    const stored = (k: number) => {
      const p = Math.floor(k / 3);
      // Low-bit gray rows are packed; the stored value is the expected level scaled back down.
      if (bitDepth < 8) return Math.round((m.expected.data[k]! * (2 ** bitDepth - 1)) / 255);
      return png.data[p * png.channels + (png.channels >= 3 ? k % 3 : 0)]! & 0xff;
    };
    const mean = m.expected.data.reduce((s, v, k) => s + Math.abs(v - stored(k)), 0) / m.expected.data.length;
    assert.ok(mean > 4 * JPEG_TOLERANCE.meanAbs, `${mode}: mean misread distance ${mean.toFixed(1)}`);
  }
});

test('class names round-trip, and names no generator can make are refused', () => {
  for (const mode of PNG_MODE_NAMES) {
    assert.deepEqual(parsePngModeName(pngModeName({ mode, interlaced: false })), { mode, interlaced: false });
    if (canInterlace(mode)) assert.deepEqual(parsePngModeName(`png-${mode}-adam7`), { mode, interlaced: true });
  }
  assert.equal(parsePngModeName('png-palette4-adam7'), undefined);
  assert.equal(parsePngModeName('png-gray3'), undefined);
  assert.equal(parseBmpModeName('bmp-rle4'), undefined);
  assert.throws(() => pngModeRecipe({ modes: ['gray3' as never] }), /modes/);
  return materializePngMode({ mode: 'gray2', interlaced: true, width: 2, height: 2, seed: 1 }).then(
    () => assert.fail('a low-bit gray PNG cannot be interlaced by its encoder'), (e: Error) => assert.match(e.message, /interlaced/));
});

function bmpRecipes(): BmpModeRecipe[] {
  return BMP_MODE_NAMES.flatMap((mode) => {
    const { minSide: min, widthStep: step = 1 } = BMP_MODES[mode];
    const nine = Math.max(min, 9 - (9 % step));
    return [
      { mode, width: Math.max(min, step), height: min, seed: 3 },
      { mode, width: nine, height: Math.max(min, 6), seed: 4 },
      ...fc.sample(bmpModeRecipe({ modes: [mode] }), { numRuns: 4, seed: 512 }),
    ];
  });
}

test('every BMP mode has the bit count and compression it claims, and Pillow reads exactly its expected pixels', { skip: noPython }, async () => {
  const recipes = bmpRecipes();
  const made = await Promise.all(recipes.map(materializeBmpMode));
  const seen = await pillow(made.map((m) => m.bytes));
  recipes.forEach((r, i) => {
    const { bytes, expected } = made[i]!;
    const what = `${r.mode} ${r.width}x${r.height} seed ${r.seed}`;
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const info = BMP_MODES[r.mode];
    assert.deepEqual([bytes[0], bytes[1]], [0x42, 0x4d], what);
    assert.deepEqual({ width: view.getInt32(18, true), height: Math.abs(view.getInt32(22, true)) }, { width: r.width, height: r.height }, what);
    assert.deepEqual({ bits: view.getUint16(28, true), compression: view.getUint32(30, true) }, { bits: info.bitCount, compression: info.compression }, what);
    const p = seen[i]!;
    assert.deepEqual([p.format, p.mode], ['BMP', info.bitCount <= 8 ? 'P' : info.bitCount === 24 ? 'RGB' : 'RGBA'], what);
    assert.deepEqual(new Uint8Array(Buffer.from(p.rgb, 'base64')), expected.data, `${what}: Pillow differs`);
  });
});

// A second decoder: a file only one decoder reads as meant (RLE8 runs past a row's end, which
// Pillow clips and ImageMagick wraps) would fail a faithful decoder on what the format leaves open.
test('ImageMagick reads every BMP mode as its expected pixels too (alpha dropped)', async () => {
  const recipes = [...bmpRecipes(), { mode: 'bmp-rle8' as const, width: 4, height: 3, seed: 58091609 }];
  for (const r of recipes) {
    const { bytes, expected } = await materializeBmpMode(r);
    const ppm = execFileSync(process.env.PV_CONFORM_CONVERT ?? 'convert', ['bmp:-', '-alpha', 'off', '-depth', '8', 'ppm:-'], { input: bytes });
    assert.deepEqual(new Uint8Array(ppm.subarray(ppm.length - expected.data.length)), expected.data, `${r.mode} ${r.width}x${r.height} seed ${r.seed}: ImageMagick differs`);
  }
});

test('an RLE8 BMP is refused at a width that is not a multiple of 4', async () => {
  await assert.rejects(materializeBmpMode({ mode: 'bmp-rle8', width: 2, height: 3, seed: 1 }), /multiple of 4/);
  assert.ok(fc.sample(bmpModeRecipe({ modes: ['bmp-rle8'] }), { numRuns: 200, seed: 9 }).every((r) => r.width % 4 === 0 && r.width >= 4));
});

test('BMP modes are pure functions of their recipe', async () => {
  const r: BmpModeRecipe = { mode: 'bmp-rle8', width: 8, height: 3, seed: 42 };
  const a = await materializeBmpMode(r);
  const b = await materializeBmpMode({ ...r });
  assert.deepEqual(a.bytes, b.bytes);
  const p = await materializePngMode({ mode: 'palette4-trns', interlaced: false, width: 7, height: 3, seed: 42 });
  const q = await materializePngMode({ mode: 'palette4-trns', interlaced: false, width: 7, height: 3, seed: 42 });
  assert.deepEqual(p.bytes, q.bytes);
});
