/**
 * Independent decoders used as witnesses by the generator tests: sharp (libvips) and Pillow
 * (Debian python3-pil under /usr/bin/python3). A claim like "undecodable" must hold for both.
 */
import sharp from 'sharp';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Decoded {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** sharp with failOn 'error': warnings (e.g. premature end of data) do not count as failure. */
export async function sharpDecode(bytes: Uint8Array): Promise<Decoded | null> {
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data) };
  } catch {
    return null;
  }
}

const PILLOW_SCRIPT = `
import sys, json, base64
from PIL import Image
with_pixels = sys.argv[1] == "pixels"
out = []
for path in sys.argv[2:]:
    try:
        with Image.open(path) as im:
            im.load()
            entry = {"ok": True, "format": im.format, "mode": im.mode, "width": im.width, "height": im.height}
            if with_pixels:
                entry["rgb"] = base64.b64encode(im.convert("RGB").tobytes()).decode()
            out.append(entry)
    except Exception as e:
        out.append({"ok": False, "error": type(e).__name__ + ": " + str(e)})
print(json.dumps(out))
`;

export interface PillowResult {
  ok: boolean;
  format?: string;
  mode?: string;
  width?: number;
  height?: number;
  /** Base64 of the image converted to 8-bit RGB, when pixels were asked for. */
  rgb?: string;
  error?: string;
}

/* The Debian interpreter, where python3-pil lives; a PATH python3 may be a bare pyenv one. */
const PYTHON = process.env.PV_CONFORM_PYTHON ?? '/usr/bin/python3';

/** Decodes many byte strings in one Python process (each process start costs ~100 ms). */
export async function pillowDecodeAll(samples: Uint8Array[], opts: { pixels?: boolean } = {}): Promise<PillowResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pv-gen-pillow-'));
  try {
    const paths = await Promise.all(
      samples.map(async (bytes, i) => {
        const path = join(dir, `${i}.bin`);
        await writeFile(path, bytes);
        return path;
      }),
    );
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(PYTHON, ['-c', PILLOW_SCRIPT, opts.pixels ? 'pixels' : 'info', ...paths], { maxBuffer: 64 << 20 }, (err, out, errOut) =>
        err ? reject(new Error(`python3/Pillow failed: ${errOut || err.message}`)) : resolve(out),
      );
    });
    return JSON.parse(stdout) as PillowResult[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
