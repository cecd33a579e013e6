/**
 * Runs an encoder the generators borrow from a Debian package (jpegtran, cjpeg, ImageMagick's
 * convert) where sharp cannot write the format: `input` on stdin, stdout back. A missing tool is
 * one line naming its package, so a vendor's machine without it says what to install.
 *
 * What a tool wrote is kept on disk (toolOutputCache.ts): the same recipe comes back in every run
 * of one seed (the kill matrix runs a hundred of them), and a spawn of ImageMagick costs more CPU
 * than the scenario that needs its file.
 */
import { spawn } from 'node:child_process';
import { toolOutputCache } from './toolOutputCache.ts';

export async function runTool(tool: string, args: string[], input: Uint8Array, debianPackage: string, why: string): Promise<Uint8Array> {
  const cached = toolOutputCache(tool, args, input);
  const hit = cached?.get();
  if (hit) return hit;
  const out = await spawnTool(tool, args, input, debianPackage, why);
  cached?.put(out);
  return out;
}

function spawnTool(tool: string, args: string[], input: Uint8Array, debianPackage: string, why: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT' ? new Error(`${tool} not found: ${why} need it (Debian: apt-get install ${debianPackage})`) : e);
    });
    child.on('close', (code) => {
      if (code === 0 && out.length) resolve(new Uint8Array(Buffer.concat(out)));
      else reject(new Error(`${tool} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString().trim()}`));
    });
    // An early exit closes stdin under us; the exit code carries the real story.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
