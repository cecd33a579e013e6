/**
 * The probe: an algorithm process that certifies the Runner starting it. It speaks the frame
 * protocol of the generation it is told, looks at every segment a call references the moment
 * the call arrives, answers as the kit's script says, and reports what it saw on a side channel.
 * It never frees a segment and writes nothing but frames to stdout.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeFrame, FrameDecoder } from '../adapter/framing.ts';
import { wireErrors } from '../adapter/runner/wire-schemas.ts';
import { inspectorFor } from '../kit/transports/segment-inspector.ts';
import { parseProbeArgs } from './args.ts';
import { observationSink } from './observations.ts';
import { readScript, type Script } from './script.ts';
import { callImages, callShape, SCHEMAS_FOR } from './call-images.ts';
import { bulkyStrings } from './bulky-strings.ts';
import { observeSegment } from './observe-segment.ts';
import { listShmDir } from '../kit/transports/shm-listing.ts';
import { answerFrame, helloFrame, JUNK, pongFrame, shutdownFrame } from './replies.ts';

/**
 * Runs the probe until the Runner shuts it down, ends it, or closes its stdin; the process exits
 * from inside, so the returned promise only settles if the arguments are wrong.
 */
export async function probeCommand(argv: string[]): Promise<number> {
  const args = parseProbeArgs(argv);
  const observe = observationSink(args.observations);
  const inspector = inspectorFor(args.transport, args.shmDir);
  const pid = process.pid;
  const now = () => Date.now();

  let helloSeen = false;
  let calls = 0;
  let hung = false;
  let queue: Promise<void> = Promise.resolve();

  function send(frame: Record<string, unknown>): void {
    process.stdout.write(encodeFrame(frame));
  }

  function exit(code: number, reason: string): never {
    observe({ type: 'exit', at: now(), pid, reason });
    process.exit(code);
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  function scriptOrDefault(): Script {
    try {
      return readScript(args.script);
    } catch (e) {
      process.stderr.write(`probe: ${(e as Error).message}; answering OK\n`);
      return { step: -1, behaviour: { reply: 'ok', delayMs: 0 } };
    }
  }

  async function onCall(call: Record<string, unknown>, text: string, frameBytes: number): Promise<void> {
    const at = now();
    const shape = callShape(call, args.generation);
    const images = callImages(call, shape);
    // Captured before any await: this is the segment as it was when the call arrived.
    const arrived = images.map((img) => (img.id === null ? undefined : inspector.read(img.id)));
    // What the Runner wrote instead names the cause of a missing segment; it may be gone after the call.
    const shmListing = args.transport === 'fs' && arrived.some((b) => !b) ? listShmDir(args.shmDir) : undefined;
    const { step, behaviour } = scriptOrDefault();
    calls++;
    if (!helloSeen) {
      observe({ type: 'violation', at, pid, kind: 'call-before-hello', detail: `call #${calls} arrived before the Runner's hello` });
    }
    const schemaErrors: Record<string, string | null> = {};
    for (const [name, ref] of Object.entries(SCHEMAS_FOR[args.generation])) schemaErrors[name] = wireErrors(ref, call);
    const observedImages = [];
    for (const [i, img] of images.entries()) {
      // The kit's step first: a one-shot Runner's processes each make call 1, and a later one may reuse a pid.
      const dump = args.dumpDir ? join(args.dumpDir, `${step}-${pid}-${calls}-${img.role}.seg`) : undefined;
      observedImages.push({
        role: img.role,
        id: img.id,
        meta: img.meta,
        metaSchemaErrors: wireErrors('frames/image-meta.schema.json', img.meta),
        segment: observeSegment(img.id === null ? undefined : inspector.locate(img.id), arrived[i], dump),
      });
    }
    const requestId = typeof call.request_id === 'string' ? call.request_id : undefined;
    observe({
      type: 'call', at, pid, step, ...(requestId ? { requestId } : {}), ...(shmListing ? { shmListing } : {}), shape, frameBytes, schemaErrors,
      bulkyStrings: bulkyStrings(JSON.parse(text)), images: observedImages, behaviour,
    });
    if (behaviour.delayMs > 0) {
      await sleep(Math.max(0, at + behaviour.delayMs - now()));
      observe({
        type: 'recheck', at: now(), pid, step,
        images: images.map((img, i) => {
          const bytes = img.id === null ? undefined : inspector.read(img.id);
          return { role: img.role, id: img.id, exists: !!bytes, sameBytes: !!bytes && !!arrived[i] && bytes.equals(arrived[i]!) };
        }),
      });
    }
    observe({ type: 'reply', at: now(), pid, step, sent: behaviour.reply });
    const stepIndex = shape === 'v2' ? (call.data as Record<string, unknown>).step_index
      : shape === 'v1-payload' ? (call.payload as Record<string, unknown>).step_index : call.step_index;
    const answer = answerFrame(behaviour.reply, args.generation, call, stepIndex);
    if (answer) return send(answer);
    if (behaviour.reply === 'crash') exit(3, `scripted crash in step ${step}`);
    if (behaviour.reply === 'junk') {
      process.stdout.write(JUNK);
      return;
    }
    hung = true;
    setTimeout(() => exit(4, 'hang limit reached without being ended'), args.hangLimitMs).unref();
  }

  function onFrame(frame: Record<string, unknown>, text: string, bytes: number): void {
    const at = now();
    const type = typeof frame.type === 'string' ? frame.type : '';
    switch (type) {
      case 'hello':
        observe({ type: 'hello', at, pid, sentHelloAt: helloSentAt, callsBefore: calls, schemaErrors: wireErrors('frames/hello-runner.schema.json', frame) });
        helloSeen = true;
        return;
      case 'ping':
        observe({ type: 'frame', at, pid, frameType: 'ping', schemaErrors: wireErrors('frames/ping.schema.json', frame) });
        send(pongFrame(frame));
        return;
      case 'shutdown':
        observe({ type: 'frame', at, pid, frameType: 'shutdown', schemaErrors: wireErrors('frames/shutdown-runner.schema.json', frame) });
        send(shutdownFrame());
        // Let stdout drain before leaving so the Runner sees the answer.
        process.stdout.write('', () => exit(0, 'shutdown'));
        return;
      case 'call':
        queue = queue.then(() => onCall(frame, text, bytes)).catch((e) => {
          process.stderr.write(`probe: ${(e as Error).stack}\n`);
        });
        return;
      default:
        observe({ type: 'violation', at, pid, kind: 'unknown-frame-type', detail: `frame type ${JSON.stringify(frame.type)}` });
    }
  }

  observe({ type: 'start', at: now(), pid, generation: args.generation, transport: args.transport, procShmDir: process.env.PROC_SHM_DIR ?? null });
  const decoder = new FrameDecoder();
  process.stdin.on('data', (chunk: Buffer) => {
    if (hung) return;
    for (const d of decoder.push(chunk)) {
      if (d.kind === 'junk') {
        observe({ type: 'violation', at: now(), pid, kind: 'broken-framing', detail: `${d.reason}; stream starts ${JSON.stringify(d.head)}` });
      } else {
        onFrame(d.value, d.text, d.bytes);
      }
    }
  });
  process.stdin.on('end', () => exit(0, 'stdin closed'));
  // The Runner closing our stdout is the Runner leaving; nothing left to report to it.
  process.stdout.on('error', () => exit(0, 'stdout closed'));
  const helloSentAt = now();
  send(helloFrame(args.generation));
  return new Promise<number>(() => {});
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  probeCommand(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  });
}
