/**
 * Runs readOnce.ts in a fresh Node process and turns its answer into an adapter Outcome. From the
 * kit bundle it starts as plain JavaScript (kit/bundle/), under half of tsx's start-up, unless a
 * variant's parts come from a TypeScript module (from the sources), which needs tsx's loader.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { kitRoot } from '../../kit/paths.ts';
import { nodeScriptArgs } from '../../kit/bundle/entries.ts';
import type { NdArray, Outcome, ReadValue } from '../../adapter/types.ts';
import { encodeWire } from './metaWire.ts';
import type { ReadOnceRequest, ReadOnceResponse } from './readOnceProtocol.ts';

// From the kit's root, not from this module's URL: bundled (kit/bundle/), this code runs from a chunk elsewhere.
const READ_ONCE_SCRIPT = join(kitRoot, 'implementations', 'reference-sdk', 'readOnce.ts');
const STDERR_TAIL = 2000;

export class OtherProcessReader {
  private readonly running = new Set<ChildProcess>();

  constructor(private readonly scratchDir: string, private readonly timeoutMs: number) {}

  async read(request: Omit<ReadOnceRequest, 'outFile'>): Promise<Outcome<ReadValue>> {
    const outFile = join(this.scratchDir, `read-once-${process.pid}-${randomBytes(8).toString('hex')}.raw`);
    let payload: string;
    try {
      payload = encodeWire({ ...request, outFile });
    } catch (e) {
      return { status: 'errored', message: `the read request cannot be sent to another process: ${(e as Error).message}` };
    }
    try {
      const run = await this.spawnReadOnce(payload, nodeScriptArgs('readOnce', READ_ONCE_SCRIPT, { needsLoader: request.parts !== undefined && isTypeScript(request.parts.module) }));
      if (run.timedOut) return { status: 'errored', message: `read in another process timed out after ${this.timeoutMs} ms`, stderrTail: run.stderr };
      const response = parseResponse(run.stdout);
      if (run.code !== 0 || response === undefined) {
        return { status: 'errored', message: `readOnce exited with code ${run.code ?? run.signal}`, stderrTail: run.stderr };
      }
      return { status: 'ok', value: toReadValue(response, outFile), implMicros: response.implMicros };
    } finally {
      rmSync(outFile, { force: true });
    }
  }

  /** Stops children still running (an abandoned read); only ever the ones this reader spawned. */
  close(): void {
    for (const child of this.running) child.kill('SIGKILL');
    this.running.clear();
  }

  private spawnReadOnce(payload: string, args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      this.running.add(child);
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, this.timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
      child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr = (stderr + s).slice(-STDERR_TAIL); });
      child.stdin.on('error', () => { /* the child died early; its exit code tells the story */ });
      child.on('error', (e) => { stderr += `\n${e.message}`; });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.running.delete(child);
        resolve({ code, signal, stdout, stderr, timedOut });
      });
      child.stdin.end(payload);
    });
  }
}

const isTypeScript = (module: string) => /\.[cm]?ts$/.test(module);

function parseResponse(stdout: string): ReadOnceResponse | undefined {
  const lastLine = stdout.trim().split('\n').pop();
  if (!lastLine) return undefined;
  try {
    return JSON.parse(lastLine) as ReadOnceResponse;
  } catch {
    return undefined;
  }
}

function toReadValue(response: ReadOnceResponse, outFile: string): ReadValue {
  switch (response.kind) {
    case 'none':
      return { kind: 'none' };
    case 'exception':
      return { kind: 'exception', type: response.type, message: response.message };
    case 'image': {
      const image: NdArray = { dtype: response.dtype, shape: response.shape, data: new Uint8Array(readFileSync(outFile)) };
      return { kind: 'image', image };
    }
  }
}
