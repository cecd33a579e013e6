/**
 * A faulty output stage between a Runner and its algorithm process: started by the Runner as
 * the algorithm command, it starts the real algorithm and relays both pipes, changing what the
 * Runner writes as `--fault` says. The reference Runner plus this pipe is a Runner whose
 * handshake or framing is broken, without any change to the Runner's own code.
 *
 *   node kit/bundle/startEntry.mjs faulty-pipe --fault <name> -- <algorithm argv...>
 * (runnerWrappers.ts starts it from the bundle when it runs from there, else this file through tsx)
 */
import { spawn } from 'node:child_process';
import { encodeFrame, FrameDecoder } from '../../../adapter/framing.ts';

/** Rewrites one frame the Runner sent; returns the frames to pass on in its place. */
export type Fault = (frame: Record<string, unknown>) => Record<string, unknown>[];

export const FAULTS: Record<string, Fault> = {
  /** WR-PROTO-01: the Runner's hello lacks runner_version. */
  'hello-without-version': (frame) => {
    if (frame.type !== 'hello') return [frame];
    const { runner_version: _dropped, ...rest } = frame;
    return [rest];
  },
  /** WR-PROTO-02: a heartbeat frame of a type the protocol does not have follows the hello. */
  'heartbeat-frame': (frame) => (frame.type === 'hello' ? [frame, { type: 'heartbeat', timestamp_ms: Date.now() }] : [frame]),
};

function parseArgs(argv: string[]): { fault: Fault; command: string[] } {
  const sep = argv.indexOf('--');
  const at = argv.indexOf('--fault');
  const name = at >= 0 ? argv[at + 1] : undefined;
  const fault = name ? FAULTS[name] : undefined;
  const command = sep >= 0 ? argv.slice(sep + 1) : [];
  if (!fault || !command.length) {
    process.stderr.write(`usage: faultyPipe.ts --fault <${Object.keys(FAULTS).join('|')}> -- <algorithm argv...>\n`);
    process.exit(2);
  }
  return { fault, command };
}

function main(): void {
  const { fault, command } = parseArgs(process.argv.slice(2));
  const child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'inherit', 'inherit'] });
  const decoder = new FrameDecoder();
  process.stdin.on('data', (chunk: Buffer) => {
    for (const d of decoder.push(chunk)) {
      // Junk from the Runner is not this pipe's fault to hide: stop relaying, as a reader would.
      if (d.kind !== 'frame') continue;
      for (const out of fault(d.value)) child.stdin.write(encodeFrame(out));
    }
  });
  process.stdin.on('end', () => child.stdin.end());
  child.stdin.on('error', () => { /* the algorithm left; its exit ends this pipe */ });
  // The Runner ends its algorithm with SIGTERM (then SIGKILL, which cannot be relayed: the
  // child then sees its stdin close and leaves on its own).
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
}

main();
