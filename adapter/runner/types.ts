/**
 * The writer-side driver interface: the only surface writer steps use to make a Runner work.
 *
 * The kit tells a Runner which command to start as its algorithm (the probe), then asks it to
 * run one detection step at a time with camera frames the kit made, and reads back what the
 * Runner saw the algorithm do. Everything else (segments, frames, cleanup) the kit observes
 * from the algorithm's side and from the transport, never from the Runner's own account.
 */
import type { Outcome, SpecGeneration } from '../types.ts';

export type SegmentTransport = 'fs' | 'posix';

/** The two v1 call shapes: runner_spec.md (top-level fields) and spec.md 3.6 (`payload`). */
export type V1CallShape = 'flat' | 'payload';

/** The program a Runner starts in place of an algorithm adapter. */
export interface AlgorithmCommand {
  argv: string[];
  env?: Record<string, string>;
  /**
   * The same probe as an algorithm package the specs' way (probe/package.ts): a directory with
   * manifest.json to start `python -m procvision_algorithm_sdk.adapter` in (v2), and its offline
   * zip (v1). Optional: for Runners that only start installed packages.
   */
  package?: { dir: string; zip: string; name: string; version: string; entryPoint: string };
  /** The same probe for Runners that choose their own Python: `<python> -m <module> <args>` with `path` on PYTHONPATH. */
  python?: { module: string; path: string; args: string[] };
}

export interface RunnerConfig {
  generation: SpecGeneration;
  transport: SegmentTransport;
  /** PROC_SHM_DIR for the fs transport; the Runner also passes it to the algorithm's environment. */
  shmDir: string;
  /** How long the Runner waits for an answer before it ends the algorithm. */
  executeTimeoutMs: number;
  /**
   * How much longer than executeTimeoutMs a step may take (ending the algorithm, cleanup) before
   * the driver stops waiting for its Runner and replies with outcome `blocked`.
   */
  graceMs?: number;
  /** A request, honoured by Runners that can emit both v1 shapes; others use their own. */
  v1CallShape?: V1CallShape;
}

/** What the algorithm (the probe) does with a call, as scenarios script it (probe/script.ts). */
export type AlgorithmAnswer = 'ok' | 'ng' | 'error-result' | 'error-frame' | 'crash' | 'hang' | 'junk';

/** What a Runner says about itself when started: a capability handshake, learned once per run. */
export interface RunnerInfo {
  name: string;
  version: string;
  language: string;
  generations: SpecGeneration[];
  transports: SegmentTransport[];
  v1CallShapes?: V1CallShape[];
  /** The algorithm answers it can run a step with; absent: all. */
  algorithmAnswers?: AlgorithmAnswer[];
  homepage?: string;
  issues?: string;
}

/** v1 calls carry one `image`; v2 calls carry `cur` and `guide`. */
export type FrameRole = 'image' | 'cur' | 'guide';

/** One camera frame: raw interleaved 8-bit pixels in a kit-owned file. */
export interface CameraFrame {
  role: FrameRole;
  cameraId: string;
  width: number;
  height: number;
  /** 3: RGB; 1: gray. */
  channels: 1 | 3;
  pixelsFile: string;
}

/** What the Runner got back from the algorithm for one step, as the Runner classifies it. */
export type StepOutcome =
  | { kind: 'result'; status: 'OK' | 'ERROR'; resultStatus?: 'OK' | 'NG'; message?: string; errorCode?: string }
  | { kind: 'error-frame'; message?: string; errorCode?: string }
  | { kind: 'timeout' }
  | { kind: 'crash'; exitCode: number | null; signal: string | null }
  | { kind: 'protocol-error'; message: string }
  /** The Runner had not returned at executeTimeoutMs + graceMs: the driver gave up on it, not on the algorithm. */
  | { kind: 'blocked'; message?: string };

export interface StepTiming {
  /** Wall-clock ms (Date.now()) on the Runner's host. */
  startedAtMs: number;
  callSentAtMs?: number;
  /** When the answer arrived; for a timeout, when the Runner gave up waiting for it. */
  answeredAtMs?: number;
  endedAtMs: number;
}

export interface StepReport {
  outcome: StepOutcome;
  /** The Runner's own result, verbatim, for people reading a failure; never judged. */
  runnerResult?: string;
  timing: StepTiming;
}

export interface RunnerDriver {
  start(algorithm: AlgorithmCommand, config: RunnerConfig): Promise<Outcome<RunnerInfo>>;
  step(frames: CameraFrame[]): Promise<Outcome<StepReport>>;
  /** Ends the algorithm (shutdown, then kill) and the Runner; idempotent. */
  stop(): Promise<Outcome<void>>;
}
