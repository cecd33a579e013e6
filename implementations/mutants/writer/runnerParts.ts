/**
 * Broken parts for the reference Runner (implementations/reference-runner/runner.ts), one
 * exported `Partial<RunnerParts>` per mutant. Each wraps the reference part it replaces, so the
 * defect is the only difference.
 */
import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
import { encodeNpy } from '../../../kit/npy.ts';
import type { StepOutcome } from '../../../adapter/runner/types.ts';
import { buildCall, type CallBuilder } from '../../reference-runner/call-frame.ts';
import { encodeJpeg, type Encoder } from '../../reference-runner/encode.ts';
import type { IdSource } from '../../reference-runner/ids.ts';
import { minimalMeta, type MetaBuilder } from '../../reference-runner/meta.ts';
import type { ReleasePolicy } from '../../reference-runner/release.ts';
import type { RunnerParts } from '../../reference-runner/runner.ts';
import { fileBackedStore, type StoreFactory } from '../../reference-runner/segment-store.ts';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeId } from '../../../kit/transports/safe-id.ts';

const metaWith = (change: (meta: Record<string, unknown>) => void): MetaBuilder => (image, frame, at) => {
  const meta = minimalMeta(image, frame, at);
  change(meta);
  return meta;
};

/** WR-META-02: seconds where milliseconds are due (time.time() without * 1000). */
export const timestampInSeconds: Partial<RunnerParts> = {
  meta: metaWith((m) => { m.timestamp_ms = Math.trunc((m.timestamp_ms as number) / 1000); }),
};

/** WR-META-03: camera_id left out. */
export const cameraIdMissing: Partial<RunnerParts> = {
  meta: metaWith((m) => { delete m.camera_id; }),
};

/** WR-META-04: color_space written as null (Python None) when the Runner does not know it. */
export const colorSpaceNull: Partial<RunnerParts> = {
  meta: metaWith((m) => { m.color_space = null; }),
};

/** WR-META-05 (default reading "minimal-only"): decoding details the reader would have to obey. */
export const metaWithDecodingDetails: Partial<RunnerParts> = {
  meta: metaWith((m) => Object.assign(m, { encoding: 'jpeg', channels: 3 })),
};

/** WR-PIXEL-01: a BGR buffer (OpenCV's order) encoded as if it were RGB, while meta says RGB. */
const encodeChannelsSwapped: Encoder = async (frame) => {
  if (frame.channels !== 3) return encodeJpeg(frame);
  const pixels = await readFile(frame.pixelsFile);
  for (let i = 0; i + 2 < pixels.length; i += 3) {
    const r = pixels[i]!;
    pixels[i] = pixels[i + 2]!;
    pixels[i + 2] = r;
  }
  const { data, info } = await sharp(pixels, { raw: { width: frame.width, height: frame.height, channels: 3 } })
    .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
};
export const bgrPixelsDeclaredRgb: Partial<RunnerParts> = { encode: encodeChannelsSwapped };

/** WR-JPEG-01: the stream is cut before its EOI marker (a writer that drops the last two bytes). */
export const jpegWithoutEoi: Partial<RunnerParts> = {
  encode: async (frame) => {
    const image = await encodeJpeg(frame);
    return { ...image, bytes: image.bytes.subarray(0, image.bytes.length - 2) };
  },
};

/**
 * WR-ID-02 (default reading "unique-per-call"): one id per role for the Runner's lifetime,
 * rewritten every step. cur and guide still differ, so WR-ID-01 holds.
 */
const STABLE_PREFIX = `dev-shm:stable-${process.pid}`;
const idsPerRole: IdSource = (roles) => roles.map((role) => `${STABLE_PREFIX}:${role}`);
export const idsReusedAcrossSteps: Partial<RunnerParts> = { ids: idsPerRole };

/**
 * WR-ID-03: the two images of a call get ids that differ only in a character the fs layout
 * turns into "_" (":cur" against "/cur"), so over fs both name one file and the second write
 * replaces the first.
 */
let collidingCall = 0;
const collidingIds: IdSource = (roles) => {
  const call = ++collidingCall;
  return roles.map((_, i) => `dev-shm:colliding-${process.pid}-${call}${i % 2 ? '/' : ':'}img`);
};
export const collidingLiveIds: Partial<RunnerParts> = { ids: collidingIds };

/**
 * WR-FRAME-01: every v1 call has spec.md 3.6's payload shape, whatever the driver asked for:
 * the reading "sdk-spec-payload", which the default profile accepts (the v1 documents disagree).
 */
const payloadCall: CallBuilder = (input) => buildCall({ ...input, v1Shape: 'payload' });
export const v1PayloadCallsOnly: Partial<RunnerParts> = { call: payloadCall };

/** WR-FRAME-01: step_index counted from 0, below the schemas' minimum of 1. */
const callFromZero: CallBuilder = (input) => buildCall({ ...input, stepIndex: input.stepIndex - 1 });
export const stepIndexFromZero: Partial<RunnerParts> = { call: callFromZero };

/**
 * WR-FRAME-02: the encoded image also travels inside the call as a data: URL "preview". The
 * meta builder is the only part that sees the bytes, so it leaves them where the call builder
 * finds them: keyed by the meta object it returned, which the Runner passes on unchanged.
 */
const bytesOfMeta = new WeakMap<object, Buffer>();
const previewFor = (meta: Record<string, unknown>) => `data:image/jpeg;base64,${bytesOfMeta.get(meta)?.toString('base64') ?? ''}`;
export const imageBytesInCall: Partial<RunnerParts> = {
  meta: (image, frame, at) => {
    const meta = minimalMeta(image, frame, at);
    bytesOfMeta.set(meta, image.bytes);
    return meta;
  },
  call: (input) => {
    const frame = buildCall(input);
    return { ...frame, previews: input.images.map((i) => previewFor(i.meta)) };
  },
};

/** Keeps the segments when `keep(outcome)`; frees them otherwise, as the reference does. */
const keepWhen = (keep: (o: StepOutcome) => boolean): ReleasePolicy => ({
  afterSend() {},
  afterOutcome: async (outcome, free) => {
    if (!keep(outcome)) await free();
  },
});

/** WR-CLEAN-01: nothing is freed after a result with status OK (an OK or NG answer). */
export const noCleanupAfterAnswer: Partial<RunnerParts> = {
  release: keepWhen((o) => o.kind === 'result' && o.status === 'OK'),
};

/** WR-CLEAN-02: nothing is freed after an error frame (a handler that returns early on it). */
export const noCleanupAfterErrorFrame: Partial<RunnerParts> = {
  release: keepWhen((o) => o.kind === 'error-frame'),
};

/** WR-CLEAN-03: nothing is freed when the algorithm crashed, hung or broke the framing. */
export const noCleanupOnCrash: Partial<RunnerParts> = {
  release: keepWhen((o) => o.kind === 'crash' || o.kind === 'timeout' || o.kind === 'protocol-error'),
};

/**
 * WR-LEAK-01: the store skips every third removal it is asked for (bookkeeping off by one).
 * A single step frees at most two segments, so only a sequence of steps on one Runner shows it.
 */
const everyThirdRemovalSkipped: StoreFactory = async (transport, shmDir) => {
  const store = await fileBackedStore(transport, shmDir);
  let removals = 0;
  return {
    write: (id, bytes) => store.write(id, bytes),
    remove: async (id) => {
      removals++;
      if (removals % 3 !== 0) await store.remove(id);
    },
  };
};
export const everyThirdSegmentLeaked: Partial<RunnerParts> = { store: everyThirdRemovalSkipped };

/**
 * WR-WRITE-01: the write is started but not awaited, and lands only when the step is over, so
 * the call always finds no segment. Removal first lets the write land, so cleanup itself stays
 * correct. A write landing a fixed 60 ms after the call (as it did before) raced the call's
 * delivery: on a loaded machine the probe looked later than that, found the segment, and the
 * mutant survived.
 */
const writtenLate: StoreFactory = async (transport, shmDir) => {
  const store = await fileBackedStore(transport, shmDir);
  const pending = new Map<string, Uint8Array>();
  return {
    write: async (id, bytes) => {
      pending.set(id, bytes);
    },
    remove: async (id) => {
      const late = pending.get(id);
      pending.delete(id);
      // a failed late write shows up as a missing segment, which it already was
      if (late) await store.write(id, late).catch(() => undefined);
      await store.remove(id);
    },
  };
};
export const segmentWrittenAfterCall: Partial<RunnerParts> = { store: writtenLate };

/**
 * WR-CLEAN-03: no execute timeout, so a hung algorithm holds the step (and its segments) until
 * it dies on its own. Its driver (adapter/runner/in-process.ts) reports the step `blocked`.
 */
export const noExecuteTimeout: Partial<RunnerParts> = { answerWait: () => 10 * 60_000 };

/** The frame as a NumPy array (np.save), which a Python Runner holding arrays might write. */
const npyEncoder: Encoder = async (frame) => {
  const data = await readFile(frame.pixelsFile);
  const shape = frame.channels === 1 ? [frame.height, frame.width] : [frame.height, frame.width, frame.channels];
  return { bytes: Buffer.from(encodeNpy({ dtype: 'uint8', shape, data })), width: frame.width, height: frame.height };
};

/** Over fs, `<safe id>.npy` in PROC_SHM_DIR instead of `<safe id>.bin`; posix names are kept. */
const npyFiles: StoreFactory = async (transport, shmDir) => {
  if (transport !== 'fs') return fileBackedStore(transport, shmDir);
  await mkdir(shmDir, { recursive: true });
  const pathOf = (id: string) => join(shmDir, `${safeId(id)}.npy`);
  return {
    async write(id, bytes) {
      const tmp = `${pathOf(id)}.tmp`;
      await writeFile(tmp, bytes, { mode: 0o600 });
      await rename(tmp, pathOf(id));
    },
    async remove(id) {
      await rm(pathOf(id), { force: true });
    },
  };
};

/** WR-WRITE-01 and WR-JPEG-01: each segment saved with np.save as `<id>.npy`, not JPEG in `<id>.bin`. */
export const fsWritesNpy: Partial<RunnerParts> = { encode: npyEncoder, store: npyFiles };
