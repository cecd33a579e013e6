/**
 * Deliberately broken Runners and the writer clause each one breaks: the writer half of the
 * kill matrix (implementations/mutants/matrix). Three kinds, by how the kit reaches them:
 * - the reference Runner's own five mutants (implementations/reference-runner/mutants.ts),
 *   described here with the clauses their test expects;
 * - part mutants from ./writer/runnerParts.ts, registered into that registry by
 *   ./writer/registerRunnerMutants.ts, so `--runner mutant:<name>` selects them;
 * - wrapped Runners from ./writer/runnerWrappers.ts, which no part can express, served over
 *   the driver protocol: `--runner "node kit/bundle/startEntry.mjs serve-runner-mutant <name>"`.
 * Every one of the last two kinds is also served by that command.
 */
import type { InProcessRunner } from '../../adapter/runner/in-process.ts';
import { createRunner, type RunnerParts } from '../reference-runner/runner.ts';
import * as parts from './writer/runnerParts.ts';
import { junkReadAsResult, throughFaultyPipe } from './writer/runnerWrappers.ts';

export interface WriterMutant {
  /** The clause the mutant breaks (a list only when one defect cannot break one clause alone). */
  breaks: string | string[];
  /** Clauses whose scenarios may fail too, each with the reason. */
  mayAlsoBlame?: Record<string, string>;
  description: string;
  /** The `--side writer --runner` value that selects it. */
  runner: string;
  /** The readings of ambiguous clauses this variant takes (see ReaderMutant.takes). */
  takes?: Record<string, string>;
  /** Reading overrides (--reading) under which the kill matrix judges it: readings it breaks. */
  killedUnder?: Record<string, string>;
  /** The "(generation, transport)" pair the kill matrix runs it in, when its defect is generation-specific. */
  variant?: string;
}

/**
 * Relative to the kit's root, which is the working directory of every kit run: serveRunnerMutant.ts
 * from the kit's bundle (kit/bundle/importEntry.mjs), started once per scenario.
 */
export const SERVE_RUNNER_MUTANT = 'kit/bundle/startEntry.mjs serve-runner-mutant';
const served = (name: string) => `node ${SERVE_RUNNER_MUTANT} ${name}`;

const LEAK = 'the sequences property meets the same outcome and finds the segments left behind';
const ON_ARRIVAL = 'it judges the segment as it was when the call arrived, so a missing or freed segment fails it too';

/** Part mutants registered into the reference Runner's registry under these names. */
export const runnerPartMutants: Record<string, Partial<RunnerParts>> = {
  'timestamp-in-seconds': parts.timestampInSeconds,
  'camera-id-missing': parts.cameraIdMissing,
  'color-space-null': parts.colorSpaceNull,
  'meta-with-decoding-details': parts.metaWithDecodingDetails,
  'bgr-pixels-declared-rgb': parts.bgrPixelsDeclaredRgb,
  'jpeg-without-eoi': parts.jpegWithoutEoi,
  'ids-reused-across-steps': parts.idsReusedAcrossSteps,
  'step-index-from-zero': parts.stepIndexFromZero,
  'image-bytes-in-call': parts.imageBytesInCall,
  'no-cleanup-after-answer': parts.noCleanupAfterAnswer,
  'no-cleanup-after-error-frame': parts.noCleanupAfterErrorFrame,
  'no-cleanup-on-crash': parts.noCleanupOnCrash,
  'every-third-segment-leaked': parts.everyThirdSegmentLeaked,
  'segment-written-after-call': parts.segmentWrittenAfterCall,
  'colliding-live-ids': parts.collidingLiveIds,
  'v1-payload-calls-only': parts.v1PayloadCallsOnly,
  'no-execute-timeout': parts.noExecuteTimeout,
  'fs-writes-npy': parts.fsWritesNpy,
};

/** Every mutant serveRunnerMutant.ts can serve, built fresh per Runner. */
export const runnerMutantFactories: Record<string, () => InProcessRunner> = {
  ...Object.fromEntries(Object.entries(runnerPartMutants).map(([name, p]) => [
    name, () => createRunner({ ...p, name: `pv-conform reference Runner (mutant ${name})` }),
  ])),
  'hello-without-version': throughFaultyPipe('hello-without-version'),
  'heartbeat-frame': throughFaultyPipe('heartbeat-frame'),
  'junk-read-as-result': junkReadAsResult,
};

export const writerMutantCatalog: Record<string, WriterMutant> = {
  // The reference Runner's own mutants (expectations as in test/runner/mutants.test.ts).
  'no-cleanup-on-error': {
    breaks: 'WR-CLEAN-02', description: 'segments are left behind after an ERROR result', runner: 'mutant:no-cleanup-on-error',
    mayAlsoBlame: { 'WR-LEAK-01': LEAK },
  },
  'cleanup-before-answer': {
    breaks: 'WR-CLEAN-04', description: 'segments are freed once the algorithm has looked at them, before its answer', runner: 'mutant:cleanup-before-answer',
  },
  'zero-size-meta': {
    breaks: 'WR-META-01', description: 'meta width and height are 0', runner: 'mutant:zero-size-meta',
    mayAlsoBlame: { 'WR-PIXEL-01': 'the generated-frames scenario checks meta\'s size too', 'WR-JPEG-01': 'the generated-frames scenario is tagged with it' },
  },
  'png-not-jpeg': {
    breaks: 'WR-JPEG-01', description: 'segments hold PNG instead of JPEG (default reading: jpeg-only)', runner: 'mutant:png-not-jpeg',
    mayAlsoBlame: { 'WR-META-01': 'a PNG is not the JPEG meta describes', 'WR-PIXEL-01': 'the generated-frames scenario is tagged with it' },
  },
  'same-id-cur-guide': {
    breaks: 'WR-ID-01', description: 'cur and guide get the same segment id, so guide overwrites cur', runner: 'mutant:same-id-cur-guide',
    mayAlsoBlame: { 'WR-PIXEL-01': 'cur\'s pixels are guide\'s', 'WR-META-01': 'cur\'s meta describes the other image', 'WR-JPEG-01': 'the overwritten segment is judged too' },
  },
  // Part mutants.
  'timestamp-in-seconds': { breaks: 'WR-META-02', description: 'timestamp_ms holds seconds', runner: 'mutant:timestamp-in-seconds' },
  'camera-id-missing': { breaks: 'WR-META-03', description: 'camera_id is left out of meta', runner: 'mutant:camera-id-missing' },
  'color-space-null': { breaks: 'WR-META-04', description: 'color_space is null', runner: 'mutant:color-space-null' },
  'meta-with-decoding-details': {
    breaks: 'WR-META-05', description: 'meta carries encoding and channels (default reading: minimal-only)', runner: 'mutant:meta-with-decoding-details',
  },
  'bgr-pixels-declared-rgb': {
    breaks: 'WR-PIXEL-01', description: 'colour frames are encoded with red and blue swapped while meta says RGB', runner: 'mutant:bgr-pixels-declared-rgb',
  },
  'jpeg-without-eoi': { breaks: 'WR-JPEG-01', description: 'the JPEG stream lacks its final EOI marker', runner: 'mutant:jpeg-without-eoi' },
  'ids-reused-across-steps': {
    breaks: 'WR-ID-02', description: 'the same id per role in every step, each freed before the next (v1\'s Dev Runner convention; strict reading: unique-per-call)',
    runner: 'mutant:ids-reused-across-steps', takes: { 'WR-ID-02': 'reuse-after-free' }, killedUnder: { 'WR-ID-02': 'unique-per-call' },
  },
  'colliding-live-ids': {
    breaks: 'WR-ID-03', description: 'cur and guide get ids that map to one fs file name (":img" and "/img"), so guide overwrites cur',
    runner: 'mutant:colliding-live-ids',
    mayAlsoBlame: { 'WR-PIXEL-01': 'cur\'s pixels are guide\'s', 'WR-META-01': 'cur\'s meta describes the other image', 'WR-JPEG-01': 'the overwritten segment is judged too' },
  },
  'v1-payload-calls-only': {
    breaks: 'WR-FRAME-01', description: 'v1 calls always have spec.md 3.6\'s payload shape (the reading sdk-spec-payload)',
    runner: 'mutant:v1-payload-calls-only', takes: { 'WR-FRAME-01': 'sdk-spec-payload' }, killedUnder: { 'WR-FRAME-01': 'runner-spec-flat' }, variant: 'v1, fs',
  },
  'step-index-from-zero': { breaks: 'WR-FRAME-01', description: 'step_index starts at 0', runner: 'mutant:step-index-from-zero' },
  'image-bytes-in-call': { breaks: 'WR-FRAME-02', description: 'the call carries each image as a data: URL', runner: 'mutant:image-bytes-in-call' },
  'no-cleanup-after-answer': {
    breaks: 'WR-CLEAN-01', description: 'segments are left behind after an OK or NG answer', runner: 'mutant:no-cleanup-after-answer',
    mayAlsoBlame: { 'WR-LEAK-01': LEAK },
  },
  'no-cleanup-after-error-frame': {
    breaks: 'WR-CLEAN-02', description: 'segments are left behind after an error frame (the registry\'s own mutant covers ERROR results)',
    runner: 'mutant:no-cleanup-after-error-frame', mayAlsoBlame: { 'WR-LEAK-01': LEAK },
  },
  'no-cleanup-on-crash': {
    breaks: 'WR-CLEAN-03', description: 'segments are left behind after a crash, a hang or junk', runner: 'mutant:no-cleanup-on-crash',
    mayAlsoBlame: { 'WR-LEAK-01': LEAK },
  },
  'every-third-segment-leaked': {
    breaks: 'WR-LEAK-01', description: 'every third removal is skipped, which only a sequence of steps reveals', runner: 'mutant:every-third-segment-leaked',
  },
  'segment-written-after-call': {
    breaks: 'WR-WRITE-01', description: 'the segment write is not awaited and lands only when the step is over: the call finds no segment', runner: 'mutant:segment-written-after-call',
    mayAlsoBlame: { 'WR-JPEG-01': ON_ARRIVAL, 'WR-PIXEL-01': ON_ARRIVAL, 'WR-META-01': ON_ARRIVAL },
  },
  'no-execute-timeout': {
    breaks: 'WR-CLEAN-03', description: 'no execute timeout: a hung algorithm holds the step until it dies, so the driver reports the step blocked',
    runner: 'mutant:no-execute-timeout',
  },
  'fs-writes-npy': {
    breaks: ['WR-WRITE-01', 'WR-JPEG-01'], description: 'each segment is a NumPy array saved as <id>.npy, not a JPEG in <id>.bin (the checks that need the segment are not judged)',
    runner: 'mutant:fs-writes-npy',
  },
  // Wrapped Runners, over the driver protocol.
  'hello-without-version': { breaks: 'WR-PROTO-01', description: 'the Runner\'s hello lacks runner_version', runner: served('hello-without-version') },
  'heartbeat-frame': { breaks: 'WR-PROTO-02', description: 'a frame of unknown type "heartbeat" follows the hello', runner: served('heartbeat-frame') },
  'junk-read-as-result': { breaks: 'WR-PROTO-03', description: 'junk on the algorithm\'s stdout is reported as an OK result', runner: served('junk-read-as-result') },
};
