/**
 * One Runner under test with the probe as its algorithm, for one scenario: a kit-owned
 * directory (PROC_SHM_DIR, the probe's script, observations and pixel dumps, frame files),
 * the driver, and a record of every step. Closing it stops the Runner and removes the directory,
 * and, over posix, the segments the Runner left that the session can prove were made during it.
 */
import { lstatSync, mkdtempSync, mkdirSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SpecGeneration } from '../../adapter/types.ts';
import type { AlgorithmCommand, CameraFrame, RunnerDriver, RunnerInfo, SegmentTransport, StepReport, V1CallShape } from '../../adapter/runner/types.ts';
import { resolveRunnerDriver } from '../../adapter/runner/resolve.ts';
import { inspectorFor, POSIX_SHM_ROOT, type SegmentInspector } from '../../kit/transports/segment-inspector.ts';
import { probeBundle } from '../../probe/bundle.ts';
import { writeProbePackage } from '../../probe/package.ts';
import type { Behaviour } from '../../probe/script.ts';
import { SKIP_CAUSE_MEDIA_TYPE, skipCause, type SkipCause } from '../../kit/skipCause.ts';
import { AdapterError } from '../support/failure.ts';
import type { KitFrame } from './frames.ts';
import { decodeCallSegments } from './decode-segments.ts';
import { forgetSegmentBytes } from './segmentInput.ts';
import { ObservationReader, type CallObservation, type Observation, type RecheckObservation } from './observations.ts';
import { cleanupClause, stepReturnedInTime, timingContradictions } from './checks.ts';
import { writerFailure } from './judge.ts';
import { BLOCKED_GRACE_MS } from './parameters.ts';
import type { ConformanceFailure } from '../support/failure.ts';
import { withdrawPasses } from '../support/clauseVerdicts.ts';

export interface SessionOptions {
  runner: string;
  generation: SpecGeneration;
  transport: SegmentTransport;
  executeTimeoutMs: number;
  scratchRoot: string;
  v1CallShape?: V1CallShape;
  /** Memory a driver command may allocate, in MiB (--memory-limit-mb); absent: the kit's default. */
  memoryLimitMb?: number;
  /** The user's working directory, where a driver command starts (RunParams.cwd). */
  cwd?: string;
}

export interface StepRecord {
  n: number;
  behaviour: Behaviour;
  frames: KitFrame[];
  report: StepReport;
  /** Kit clock around the driver call. */
  kitStartedAt: number;
  kitEndedAt: number;
  calls: CallObservation[];
  rechecks: RecheckObservation[];
}

/** The Runner does not support what the scenario needs; `skipCause` says what (kit/skipCause.ts). */
export class SkipScenario extends Error {
  constructor(message: string, readonly skipCause: SkipCause) {
    super(message);
  }
}

/** Marks the scenario skipped: the Runner's own words for people, the cause for the run's scope (reports/scope.ts). */
export async function reportSkip(world: { attach(data: string, mediaType: string): void | Promise<void> }, e: SkipScenario): Promise<'skipped'> {
  withdrawPasses(world);
  await world.attach(`skipped: ${e.message}`, 'text/plain');
  await world.attach(JSON.stringify(e.skipCause), SKIP_CAUSE_MEDIA_TYPE);
  return 'skipped';
}

/** A hung probe outlives any sane execute timeout, then leaves on its own. */
const HANG_LIMIT_MS = 60_000;

export class WriterSession {
  readonly records: StepRecord[] = [];
  readonly inspector: SegmentInspector;
  readonly reader: ObservationReader;
  private stepNo = 0;
  /** Set once the Runner held on to a step: it cannot be trusted with another, so every later step fails alike. */
  private held?: ConformanceFailure;
  private closed = false;
  private stopped = false;

  private constructor(
    readonly opts: SessionOptions,
    readonly dir: string,
    readonly shmDir: string,
    private readonly scriptFile: string,
    private readonly dumpDir: string,
    private readonly framesDir: string,
    readonly driver: RunnerDriver,
    /** Over posix: the names in /dev/shm before the Runner started, which the session never removes. */
    private readonly preexisting: ReadonlySet<string>,
    public info?: RunnerInfo,
  ) {
    this.inspector = inspectorFor(opts.transport, shmDir);
    this.reader = new ObservationReader(join(dir, 'observations.jsonl'));
  }

  static async open(opts: SessionOptions): Promise<WriterSession> {
    mkdirSync(opts.scratchRoot, { recursive: true });
    const dir = mkdtempSync(join(opts.scratchRoot, 'wr-'));
    const shmDir = join(dir, 'shm');
    const dumpDir = join(dir, 'dumps');
    const framesDir = join(dir, 'frames');
    for (const d of [dumpDir, framesDir]) mkdirSync(d);
    let driver: RunnerDriver;
    try {
      driver = await resolveRunnerDriver(opts.runner, {
        requestSlackMs: 30_000,
        ...(opts.memoryLimitMb !== undefined ? { memoryLimitMb: opts.memoryLimitMb } : {}),
        ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
      });
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    // Taken before the Runner starts (a subprocess driver is spawned by its first command).
    const preexisting = opts.transport === 'posix' ? namesIn(POSIX_SHM_ROOT) : new Set<string>();
    const s = new WriterSession(opts, dir, shmDir, join(dir, 'script.json'), dumpDir, framesDir, driver, preexisting);
    s.writeScript({ reply: 'ok', delayMs: 0 });
    const started = await driver.start(s.probeCommand(await probeBundle()), {
      generation: opts.generation,
      transport: opts.transport,
      shmDir,
      executeTimeoutMs: opts.executeTimeoutMs,
      graceMs: BLOCKED_GRACE_MS,
      ...(opts.v1CallShape ? { v1CallShape: opts.v1CallShape } : {}),
    });
    if (started.status !== 'ok') {
      await s.close();
      if (started.status === 'skipped') {
        throw new SkipScenario(started.message, skipCause('writer', 'runner-config', `${opts.generation} over ${opts.transport}`));
      }
      throw new AdapterError(`Runner did not start: ${started.message}`, started.stderrTail);
    }
    s.info = started.value;
    s.reader.readNew();
    return s;
  }

  /**
   * `probe`: the bundled probe's absolute path (probe/bundle.ts). Offered as an argv, and as an
   * algorithm package, its offline zip and an interpreter launcher (probe/package.ts), written
   * into the session's directory because they carry this session's paths.
   */
  probeCommand(probe: string): AlgorithmCommand {
    const command = { argv: this.probeArgv(probe) };
    return { ...command, ...writeProbePackage(join(this.dir, 'algorithm'), command) };
  }

  private probeArgv(probe: string): string[] {
    return [
      // One self-contained file: no tsx, no cwd, no package resolution (docs/probe.md).
      process.execPath, probe,
      '--script', this.scriptFile,
      '--observations', join(this.dir, 'observations.jsonl'),
      '--generation', this.opts.generation,
      '--transport', this.opts.transport,
      '--shm-dir', this.shmDir,
      '--dump-dir', this.dumpDir,
      '--hang-limit-ms', String(HANG_LIMIT_MS),
    ];
  }

  private writeScript(behaviour: Behaviour): void {
    const tmp = `${this.scriptFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ step: this.stepNo, behaviour }));
    renameSync(tmp, this.scriptFile);
  }

  /**
   * Runs one step. Throws SkipScenario, AdapterError (the driver broke, or its timing contradicts
   * the kit's clock), or a ConformanceFailure of the step's cleanup clause when the Runner held on
   * to the step past its execute timeout + grace (`blocked`): callers remember it (judge.ts).
   */
  async step(frames: KitFrame[], behaviour: Behaviour): Promise<StepRecord> {
    if (this.held) throw this.held;
    const n = ++this.stepNo;
    this.writeScript(behaviour);
    const cameraFrames: CameraFrame[] = frames.map((f, i) => {
      const pixelsFile = join(this.framesDir, `${n}-${i}-${f.role}.raw`);
      writeFileSync(pixelsFile, f.pixels);
      return { role: f.role, cameraId: f.cameraId, width: f.pattern.width, height: f.pattern.height, channels: f.pattern.channels, pixelsFile };
    });
    const kitStartedAt = Date.now();
    const r = await this.driver.step(cameraFrames);
    const kitEndedAt = Date.now();
    for (const f of cameraFrames) rmSync(f.pixelsFile, { force: true });
    if (r.status === 'skipped') throw new SkipScenario(r.message, skipCause('writer', 'outcome', behaviour.reply));
    if (r.status === 'errored') throw new AdapterError(`Runner failed to run step ${n}: ${r.message}`, r.stderrTail);
    const fresh = this.reader.readNew();
    const mine = <T extends Observation['type']>(t: T) =>
      fresh.filter((o): o is Extract<Observation, { type: T }> => o.type === t && (o as { step?: number }).step === n);
    const record: StepRecord = {
      n, behaviour, frames, report: r.value, kitStartedAt, kitEndedAt, calls: await decodeCallSegments(mine('call')), rechecks: mine('recheck'),
    };
    this.records.push(record);
    const contradictions = timingContradictions(record);
    if (contradictions.length) throw new AdapterError(`the driver's timing for step ${n} contradicts the kit's clock: ${contradictions.join('; ')}`);
    const late = stepReturnedInTime(record, this.opts.executeTimeoutMs, BLOCKED_GRACE_MS);
    if (late.length) {
      this.held = writerFailure(cleanupClause(behaviour.reply), `the Runner held on to the step after the algorithm's "${behaviour.reply}"`,
        `the step returned within the execute timeout (${this.opts.executeTimeoutMs} ms) + grace (${BLOCKED_GRACE_MS} ms), so its segments can be freed`, late, record);
      throw this.held;
    }
    return record;
  }

  /**
   * Over posix, what the session may remove after the Runner: /dev/shm is the machine's, and an id
   * is only a name the Runner chose, so a Runner naming an existing object ("hostile-victim")
   * must not get the kit to delete it. Removable is a segment named by a call of this session's
   * Runner, absent from /dev/shm when the session opened, before that Runner started (so made
   * during the session, by the Runner that named it), and a regular file of this user.
   */
  posixLeftovers(): string[] {
    if (this.opts.transport !== 'posix') return [];
    const uid = process.getuid?.();
    const out = new Set<string>();
    for (const o of this.reader.all) {
      if (o.type !== 'call') continue;
      for (const i of o.images) {
        if (i.id === null) continue;
        const p = this.inspector.locate(i.id);
        if (!p || this.preexisting.has(basename(p))) continue;
        try {
          const st = lstatSync(p);
          if (st.isFile() && (uid === undefined || st.uid === uid)) out.add(p);
        } catch {
          // gone: the Runner cleaned up
        }
      }
    }
    return [...out];
  }

  /**
   * Polls the transport until none of `ids` (and, for fs, nothing in PROC_SHM_DIR but what
   * `ignore` lists) remains or the deadline passes; returns what is left.
   */
  async remainingAfter(ids: string[], deadlineMs: number, ignore: ReadonlySet<string> = new Set()): Promise<string[]> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const located = new Set(ids.map((id) => this.inspector.locate(id)));
      const left = [...ids.filter((id) => this.inspector.exists(id)).map((id) => `segment "${id}" at ${this.inspector.locate(id)}`),
        ...this.inspector.listOwned().filter((p) => !ignore.has(p) && !located.has(p)).map((p) => `file ${p}`)];
      if (!left.length || Date.now() >= until) return [...new Set(left)];
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Decoded pixel dumps and kept segment bytes are big; drop them once a step's checks are done. */
  dropDumps(record: StepRecord): void {
    for (const c of record.calls) {
      for (const i of c.images) {
        if (i.segment.pixelsFile) rmSync(i.segment.pixelsFile, { force: true });
        forgetSegmentBytes(i.segment);
      }
    }
  }

  /** Ends the Runner (and with it the algorithm); the session's files stay for inspection. */
  async stopRunner(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      const r = await this.driver.stop();
      if (r.status === 'errored') throw new AdapterError(`Runner did not stop cleanly: ${r.message}`, r.stderrTail);
    } finally {
      this.reader.readNew();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.stopRunner();
    } finally {
      // posix segments live outside the session directory: remove what a broken Runner left,
      // so one failing scenario does not leak into the machine; only what it made (posixLeftovers).
      for (const p of this.posixLeftovers()) {
        try {
          unlinkSync(p);
        } catch {
          // removed meanwhile
        }
      }
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** The names in a directory now; none when it cannot be listed. */
function namesIn(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return new Set();
  }
}
