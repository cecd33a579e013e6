/**
 * One read in a fresh process (capability read-other-process, RD-XPROC-01): only what the fs
 * transport holds is visible from here, exactly like an algorithm process started by a Runner.
 *
 * Run as `node --import tsx readOnce.ts` or as the kit bundle's `readOnce.js`; the request comes
 * as JSON on stdin (ids may contain characters that argv cannot carry). The answer is one JSON line
 * on stdout; image pixels go to `outFile` so that large images do not travel through a pipe.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { decodeWire } from './metaWire.ts';
import { createSdk, type SdkParts } from './sdk.ts';
import { exceptionOf, type ReadOnceRequest, type ReadOnceResponse } from './readOnceProtocol.ts';

async function main(): Promise<void> {
  const request = decodeWire(await readStdin()) as ReadOnceRequest;
  const parts = request.parts ? await loadParts(request.parts.module, request.parts.exportName) : {};
  const sdk = createSdk(parts, { ...request.sdkOptions, shmDir: request.shmDir });

  let response: ReadOnceResponse;
  const started = process.hrtime.bigint();
  try {
    const result = await sdk.read(request.id, request.meta);
    const implMicros = Number(process.hrtime.bigint() - started) / 1000;
    if (result === null || result === undefined) {
      response = { kind: 'none', implMicros };
    } else {
      writeFileSync(request.outFile, result.data);
      response = { kind: 'image', dtype: result.dtype, shape: result.shape, implMicros };
    }
  } catch (e) {
    response = { kind: 'exception', ...exceptionOf(e), implMicros: Number(process.hrtime.bigint() - started) / 1000 };
  }
  process.stdout.write(`${JSON.stringify(response)}\n`);
}

async function loadParts(module: string, exportName: string): Promise<Partial<SdkParts>> {
  const url = /^[a-z]+:/i.test(module) ? module : pathToFileURL(module).href;
  const loaded = (await import(url)) as Record<string, unknown>;
  const parts = loaded[exportName];
  if (typeof parts !== 'object' || parts === null) throw new Error(`${module} has no export ${exportName}`);
  return parts as Partial<SdkParts>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

await main();
