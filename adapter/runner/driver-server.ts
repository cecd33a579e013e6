/**
 * The driver protocol's server half for Runners written in TypeScript: a dispatch table on the
 * command name, schema checks both ways, exceptions turned into "errored". A Runner in another
 * language writes the same ~100 lines in its own (see docs/runner-driver.md).
 */
import { encodeFrame, FrameDecoder } from '../framing.ts';
import { wireErrors } from './wire-schemas.ts';
import { SkipRequest, stepOrBlocked, type InProcessRunner } from './in-process.ts';
import type { RunnerConfig } from './types.ts';

type Request = { cmd: string; seq: number } & Record<string, unknown>;

export function serveDriver(runner: InProcessRunner, input = process.stdin, output = process.stdout): Promise<void> {
  const reply = (r: Record<string, unknown>) => output.write(encodeFrame(r));
  let config: RunnerConfig | undefined;
  const handlers: Record<string, (req: Request) => Promise<unknown>> = {
    start: (req) => {
      config = req.config as RunnerConfig;
      return runner.start(req.algorithm as never, config);
    },
    step: (req) => stepOrBlocked(runner.step(req.frames as never), config),
    stop: async () => {
      await runner.stop();
      return {};
    },
  };
  return new Promise((resolve) => {
    const decoder = new FrameDecoder();
    let chain = Promise.resolve();
    const handle = async (raw: unknown) => {
      const req = raw as Request;
      const seq = Number.isInteger(req.seq) ? req.seq : 0;
      const handler = handlers[String(req.cmd)];
      const schema = `runner-driver/${String(req.cmd)}.schema.json`;
      if (!handler) return void reply({ seq, status: 'errored', message: `unknown command ${JSON.stringify(req.cmd)}` });
      const bad = wireErrors(schema, req);
      if (bad) return void reply({ seq, status: 'errored', message: `request does not match ${schema}: ${bad}` });
      let answer: Record<string, unknown>;
      try {
        answer = { seq, status: 'result', value: await handler(req) };
      } catch (e) {
        answer = e instanceof SkipRequest
          ? { seq, status: 'skipped', message: e.message }
          : { seq, status: 'errored', message: (e as Error).message, traceback: (e as Error).stack ?? '' };
      }
      const wrong = wireErrors(`${schema}#/$defs/reply`, answer);
      reply(wrong ? { seq, status: 'errored', message: `reply does not match ${schema}#/$defs/reply: ${wrong}` } : answer);
      if (req.cmd === 'stop') resolve();
    };
    input.on('data', (chunk: Buffer) => {
      for (const d of decoder.push(chunk)) {
        if (d.kind === 'junk') {
          reply({ seq: 0, status: 'errored', message: `driver input is not frames: ${d.reason}` });
          continue;
        }
        chain = chain.then(async () => {
          await handle(d.value);
        });
      }
    });
    input.on('end', () => {
      // The kit went away: stop the algorithm rather than orphan it.
      chain.then(() => runner.stop()).finally(resolve);
    });
  });
}
