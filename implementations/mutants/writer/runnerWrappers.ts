/**
 * Broken Runners that no single part of the reference Runner can express (its handshake and
 * outcome classification are not parts): the reference Runner, wrapped. They are served over the
 * driver protocol by serveRunnerMutant.ts, because the reference Runner's in-process registry
 * holds parts only.
 */
import { join } from 'node:path';
import { kitRoot } from '../../../kit/paths.ts';
import { nodeScriptArgs } from '../../../kit/bundle/entries.ts';
import type { InProcessRunner } from '../../../adapter/runner/in-process.ts';
import { createRunner } from '../../reference-runner/runner.ts';

// From the kit's root, not from this module's URL: bundled (kit/bundle/), this code runs from a chunk elsewhere.
const FAULTY_PIPE = join(kitRoot, 'implementations', 'mutants', 'writer', 'faultyPipe.ts');

/** The reference Runner, talking to its algorithm through faultyPipe.ts with `fault`. */
export function throughFaultyPipe(fault: string): () => InProcessRunner {
  return () => {
    const inner = createRunner({ name: `pv-conform reference Runner (through faulty pipe: ${fault})` });
    return {
      start: (algorithm, config) => inner.start({
        ...algorithm,
        // Its bundle entry beside this chunk when served from the bundle; else through tsx.
        argv: [process.execPath, ...nodeScriptArgs('faulty-pipe', FAULTY_PIPE), '--fault', fault, '--', ...algorithm.argv],
      }, config),
      step: (frames) => inner.step(frames),
      stop: () => inner.stop(),
    };
  };
}

/** WR-PROTO-03: a broken stdout is reported as an OK result (what `except: pass` around the reader gives). */
export function junkReadAsResult(): InProcessRunner {
  const inner = createRunner({ name: 'pv-conform reference Runner (junk read as result)' });
  return {
    start: (algorithm, config) => inner.start(algorithm, config),
    step: async (frames) => {
      const report = await inner.step(frames);
      if (report.outcome.kind !== 'protocol-error') return report;
      return { ...report, outcome: { kind: 'result', status: 'OK', resultStatus: 'OK' } };
    },
    stop: () => inner.stop(),
  };
}
