/**
 * (f) Probe start: from spawn to the probe's hello frame on stdout, the bundled probe a Runner
 * starts (`node <bundle>`, from a directory outside the kit, without NODE_OPTIONS) against the
 * probe as the kit used to start it (`node --import tsx probe/main.ts`, transpiled on start),
 * interleaved so both see the same machine. Bare Node writing one byte is the floor.
 *
 * All in the kit's environment without its tsx loader, as a Runner would pass it on. When that
 * environment has NODE_EXTRA_CA_CERTS (this sandbox's does), every Node process parses that
 * certificate bundle on start, which is no cost of the probe's: the bundled probe and bare Node
 * are then timed without it as well.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitRoot } from '../kit/paths.ts';
import { withoutKitLoader } from '../kit/childEnv.ts';
import { ensureProbeBundle } from '../probe/bundle.ts';
import { median, nowMs } from './timing.ts';

export interface ProbeStart {
  runs: number;
  bundleMs: number;
  tsxMs: number;
  bareNodeMs: number;
  ratio: number;
  /** Bundled probe and bare Node without NODE_EXTRA_CA_CERTS, when the environment has it. */
  withoutExtraCaCerts?: { bundleMs: number; bareNodeMs: number };
  /** Building the bundle in this run (0 when the cache was current), and checking the cache. */
  buildMs: number;
  built: boolean;
  bundleBytes: number;
}

/** Milliseconds from spawn to the first byte on the child's stdout; then its stdin is closed. */
function timeToFirstByte(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let ms: number | undefined;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdout.once('data', () => {
      ms = nowMs() - t0;
      child.stdin.end();
    });
    child.on('error', reject);
    child.on('close', (code) => (ms === undefined ? reject(new Error(`${argv.join(' ')} exited ${code} without output: ${stderr}`)) : resolve(ms)));
  });
}

export async function probeStartBench(runs = 15): Promise<ProbeStart> {
  const t0 = nowMs();
  const bundle = await ensureProbeBundle();
  const buildMs = nowMs() - t0;
  const dir = mkdtempSync(join(tmpdir(), 'pv-bench-probe-'));
  try {
    const script = join(dir, 'script.json');
    writeFileSync(script, JSON.stringify({ step: 0, behaviour: { reply: 'ok', delayMs: 0 } }));
    const args = ['--script', script, '--observations', join(dir, 'obs.jsonl'), '--generation', 'v2', '--transport', 'fs', '--shm-dir', dir];
    const clean = withoutKitLoader();
    const bundled = [process.execPath, bundle.file, ...args];
    const tsx = [process.execPath, '--import', import.meta.resolve('tsx'), join(kitRoot, 'probe', 'main.ts'), ...args];
    const bare = [process.execPath, '-e', "process.stdout.write('x'); process.stdin.resume()"];
    // One of each first, unmeasured: the file system cache.
    await timeToFirstByte(bundled, dir, clean);
    await timeToFirstByte(tsx, kitRoot, clean);
    const noCa = { ...clean };
    delete noCa.NODE_EXTRA_CA_CERTS;
    const caCerts = clean.NODE_EXTRA_CA_CERTS !== undefined;
    const b: number[] = [];
    const t: number[] = [];
    const n: number[] = [];
    const bNoCa: number[] = [];
    const nNoCa: number[] = [];
    for (let i = 0; i < runs; i++) {
      b.push(await timeToFirstByte(bundled, dir, clean));
      t.push(await timeToFirstByte(tsx, kitRoot, clean));
      n.push(await timeToFirstByte(bare, dir, clean));
      if (caCerts) {
        bNoCa.push(await timeToFirstByte(bundled, dir, noCa));
        nNoCa.push(await timeToFirstByte(bare, dir, noCa));
      }
    }
    const bundleMs = median(b);
    const tsxMs = median(t);
    return {
      runs, bundleMs, tsxMs, bareNodeMs: median(n), ratio: tsxMs / bundleMs,
      ...(caCerts ? { withoutExtraCaCerts: { bundleMs: median(bNoCa), bareNodeMs: median(nNoCa) } } : {}),
      buildMs, built: bundle.built, bundleBytes: statSync(bundle.file).size,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
