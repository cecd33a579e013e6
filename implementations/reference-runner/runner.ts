/**
 * The reference Runner: everything a platform Runner does for one detection step, built from
 * small replaceable parts so each broken variant swaps exactly one of them.
 */
import { randomBytes } from 'node:crypto';
import type { AlgorithmCommand, CameraFrame, RunnerConfig, RunnerInfo, StepOutcome, StepReport } from '../../adapter/runner/types.ts';
import type { InProcessRunner } from '../../adapter/runner/in-process.ts';
import { AlgorithmProcess, runnerHello, type AlgorithmEvent } from './algorithm-process.ts';
import { encodeJpeg, type Encoder } from './encode.ts';
import { fileBackedStore, type SegmentStore, type StoreFactory } from './segment-store.ts';
import { uniqueIds, type IdSource } from './ids.ts';
import { minimalMeta, type MetaBuilder } from './meta.ts';
import { buildCall, type CallBuilder } from './call-frame.ts';
import { freeAfterOutcome, type ReleasePolicy } from './release.ts';

export interface RunnerParts {
  name: string;
  encode: Encoder;
  ids: IdSource;
  meta: MetaBuilder;
  store: StoreFactory;
  call: CallBuilder;
  release: ReleasePolicy;
  /** How long to wait for the algorithm's answer, given the configured execute timeout. */
  answerWait: (executeTimeoutMs: number) => number;
}

export const referenceParts: RunnerParts = {
  name: 'pv-conform reference Runner',
  encode: encodeJpeg,
  ids: uniqueIds,
  meta: minimalMeta,
  store: fileBackedStore,
  call: buildCall,
  release: freeAfterOutcome,
  answerWait: (executeTimeoutMs) => executeTimeoutMs,
};

/** The algorithm's hello may take a while: it is an interpreter starting cold. */
const HELLO_TIMEOUT_MS = 20_000;
const PONG_TIMEOUT_MS = 2_000;
const SHUTDOWN_GRACE_MS = 1_000;

export function createRunner(overrides: Partial<RunnerParts> = {}): InProcessRunner {
  const parts: RunnerParts = { ...referenceParts, ...overrides };
  let algorithm: AlgorithmCommand | undefined;
  let config: RunnerConfig | undefined;
  let store: SegmentStore | undefined;
  let proc: AlgorithmProcess | undefined;
  let stepIndex = 0;
  const sessionId = `sid-${randomBytes(4).toString('hex')}`;

  async function startAlgorithm(): Promise<AlgorithmProcess> {
    const p = AlgorithmProcess.spawn(algorithm!, { PROC_SHM_DIR: config!.shmDir });
    const hello = await p.expect(['hello'], HELLO_TIMEOUT_MS);
    if (hello.kind !== 'frame') {
      await p.end();
      throw new Error(`algorithm sent no hello (${describe(hello)})\n${p.stderr}`);
    }
    p.send(runnerHello(config!.generation));
    const requestId = `ping-${randomBytes(4).toString('hex')}`;
    p.send({ type: 'ping', request_id: requestId, timestamp_ms: Date.now() });
    const pong = await p.expect(['pong'], PONG_TIMEOUT_MS);
    if (pong.kind !== 'frame') {
      await p.end();
      throw new Error(`algorithm did not answer the first ping (${describe(pong)})\n${p.stderr}`);
    }
    return p;
  }

  async function classify(p: AlgorithmProcess, deadline: number): Promise<{ outcome: StepOutcome; answeredAtMs?: number }> {
    const e = await p.expect(['result', 'error', 'shutdown'], Math.max(0, deadline - Date.now()));
    const answeredAtMs = Date.now();
    if (e.kind === 'timeout') return { outcome: { kind: 'timeout' }, answeredAtMs };
    if (e.kind === 'exit') return { outcome: { kind: 'crash', exitCode: e.code, signal: e.signal }, answeredAtMs };
    if (e.kind === 'junk') return { outcome: { kind: 'protocol-error', message: `algorithm stdout is not frames: ${e.reason}` }, answeredAtMs };
    const f = e.frame;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    if (f.type === 'error') return { outcome: { kind: 'error-frame', message: text(f.message), errorCode: text(f.error_code) }, answeredAtMs };
    if (f.type === 'result' && (f.status === 'OK' || f.status === 'ERROR')) {
      const data = f.data && typeof f.data === 'object' ? (f.data as Record<string, unknown>) : {};
      const rs = data.result_status;
      return {
        outcome: {
          kind: 'result',
          status: f.status,
          ...(rs === 'OK' || rs === 'NG' ? { resultStatus: rs } : {}),
          ...(text(f.message) !== undefined ? { message: text(f.message) } : {}),
          ...(text(f.error_code) !== undefined ? { errorCode: text(f.error_code) } : {}),
        },
        answeredAtMs,
      };
    }
    return { outcome: { kind: 'protocol-error', message: `unexpected answer ${JSON.stringify(f).slice(0, 200)}` }, answeredAtMs };
  }

  return {
    async start(cmd, cfg): Promise<RunnerInfo> {
      algorithm = cmd;
      config = cfg;
      store = await parts.store(cfg.transport, cfg.shmDir);
      proc = await startAlgorithm();
      return {
        name: parts.name,
        version: '0.1.0',
        language: 'typescript',
        generations: ['v1', 'v2'],
        transports: ['fs', 'posix'],
        v1CallShapes: ['flat', 'payload'],
      };
    },

    async step(frames: CameraFrame[]): Promise<StepReport> {
      if (!config || !store) throw new Error('step before start');
      const startedAtMs = Date.now();
      if (!proc?.alive) proc = await startAlgorithm();
      const p = proc;
      const encoded = await Promise.all(frames.map((f) => parts.encode(f)));
      const ids = parts.ids(frames.map((f) => f.role));
      const written = new Set<string>();
      const s = store;
      const free = async () => {
        for (const id of [...written]) {
          await s.remove(id);
          written.delete(id);
        }
      };
      let outcome: StepOutcome = { kind: 'protocol-error', message: 'the step did not get as far as an answer' };
      let callSentAtMs: number | undefined;
      let answeredAtMs: number | undefined;
      try {
        for (const [i, id] of ids.entries()) {
          written.add(id);
          await s.write(id, encoded[i]!.bytes);
        }
        stepIndex++;
        p.send(parts.call({
          generation: config.generation,
          v1Shape: config.v1CallShape ?? 'flat',
          requestId: `rid-${sessionId}-${stepIndex}`,
          stepIndex,
          sessionId,
          images: frames.map((f, i) => ({ role: f.role, id: ids[i]!, meta: parts.meta(encoded[i]!, f, startedAtMs) })),
        }));
        callSentAtMs = Date.now();
        parts.release.afterSend(free, algorithm!);
        ({ outcome, answeredAtMs } = await classify(p, callSentAtMs + parts.answerWait(config.executeTimeoutMs)));
        // A hung or babbling algorithm cannot be trusted with the next call.
        if (outcome.kind === 'timeout' || outcome.kind === 'protocol-error') await p.end();
      } finally {
        await parts.release.afterOutcome(outcome, free);
      }
      return {
        outcome,
        timing: {
          startedAtMs,
          ...(callSentAtMs !== undefined ? { callSentAtMs } : {}),
          ...(answeredAtMs !== undefined ? { answeredAtMs } : {}),
          endedAtMs: Date.now(),
        },
      };
    },

    async stop(): Promise<void> {
      const p = proc;
      proc = undefined;
      if (!p?.alive) return;
      p.send({ type: 'shutdown' });
      await Promise.race([p.whenClosed(), sleep(SHUTDOWN_GRACE_MS)]);
      await p.end();
    },
  };
}

function describe(e: AlgorithmEvent): string {
  switch (e.kind) {
    case 'timeout': return 'timed out';
    case 'exit': return `exited with ${e.code ?? e.signal}`;
    case 'junk': return `stdout is not frames: ${e.reason}`;
    default: return `got ${String(e.frame.type)}`;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
