/**
 * The JPEG tolerance must hold between two correct decoders: Pillow (libjpeg, as the Python SDKs
 * use it) and the kit's sharp decode, on every JPEG variant the generators make. Otherwise the
 * kit would report a defect that is not one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { jpegRecipe } from '../../generators/jpegRecipe.ts';
import { materializeJpeg } from '../../generators/materializeJpeg.ts';
import { kitDecode } from '../../kit/decode.ts';
import { difference, rgbImage } from '../../kit/pixels.ts';
import { JPEG_TOLERANCE } from '../../kit/tolerance.ts';

const PYTHON = process.env.PV_CONFORM_PYTHON ?? '/usr/bin/python3';
const DECODE = `
import sys, numpy as np
from PIL import Image
for path in sys.argv[1:]:
    im = Image.open(path); im.load(); a = np.asarray(im.convert('RGB'), dtype=np.uint8)
    open(path + '.rgb', 'wb').write(np.ascontiguousarray(a).tobytes())
`;

test('Pillow and sharp decodes of generated JPEGs agree within the tolerance', { skip: !existsSync(PYTHON) && `${PYTHON} missing` }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pv-tol-'));
  try {
    const recipes = fc.sample(jpegRecipe({ maxSide: 48 }), { seed: 42, numRuns: 60 });
    const files: string[] = [];
    const jpegs = await Promise.all(recipes.map((r) => materializeJpeg(r)));
    jpegs.forEach((j, i) => {
      const f = join(dir, `${i}.jpg`);
      writeFileSync(f, j.bytes);
      files.push(f);
    });
    execFileSync(PYTHON, ['-c', DECODE, ...files]);
    let worstMax = 0;
    let worstMean = 0;
    for (let i = 0; i < jpegs.length; i++) {
      const j = jpegs[i]!;
      const mine = await kitDecode(j.bytes);
      const pil = rgbImage(j.width, j.height, new Uint8Array(readFileSync(`${files[i]}.rgb`)));
      const d = difference(mine, pil);
      worstMax = Math.max(worstMax, d.maxAbs);
      worstMean = Math.max(worstMean, d.meanAbs);
      assert.ok(d.maxAbs <= JPEG_TOLERANCE.maxAbs && d.meanAbs <= JPEG_TOLERANCE.meanAbs,
        `recipe ${JSON.stringify(recipes[i])}: max ${d.maxAbs} mean ${d.meanAbs.toFixed(2)}`);
    }
    console.log(`Pillow vs sharp over ${jpegs.length} JPEGs: worst max |diff| ${worstMax}, worst mean ${worstMean.toFixed(3)} (tolerance ${JPEG_TOLERANCE.maxAbs} / ${JPEG_TOLERANCE.meanAbs})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
