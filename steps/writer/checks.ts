/**
 * The writer clauses as pure checks over what the probe observed. Each returns the problems it
 * found, one plain sentence each; an empty list means the clause holds for that step. Steps and
 * properties share them, so a scenario and a generated run judge exactly alike.
 */
import { readFileSync } from 'node:fs';
import { safeId } from '../../kit/transports/safe-id.ts';
import type { StepRecord } from './session.ts';
import { processInstances, type CallObservation, type ImageObservation, type Observation } from './observations.ts';
import { expectedRgb, meanAbsError, type KitFrame } from './frames.ts';
import type { Reply } from '../../probe/script.ts';
import { describeShmListing } from '../../kit/transports/shm-listing.ts';
import type { Precondition } from './judge.ts';

export type Readings = Record<string, string>;

const MINIMAL_KEYS = new Set(['width', 'height', 'timestamp_ms', 'camera_id', 'color_space']);
const PNG_MAGIC = '89504e470d0a1a0a';
const PNG_IEND_TAIL = '0000000049454e44ae426082';

function metaOf(img: ImageObservation): Record<string, unknown> | undefined {
  return img.meta && typeof img.meta === 'object' && !Array.isArray(img.meta) ? (img.meta as Record<string, unknown>) : undefined;
}

function eachImage(r: StepRecord, f: (img: ImageObservation, call: CallObservation) => string[]): string[] {
  if (!r.calls.length) return [`step ${r.n}: no call reached the algorithm (Runner outcome: ${JSON.stringify(r.report.outcome)})`];
  return r.calls.flatMap((c) => c.images.flatMap((img) => f(img, c).map((p) => `step ${r.n} ${img.role} "${img.id}": ${p}`)));
}

/**
 * What a missing segment's failure says: where it should have been, and (once per call, with its
 * first missing image) what PROC_SHM_DIR held instead.
 */
function missingSegment(img: ImageObservation, call: CallObservation, when: string): string {
  const first = call.images.find((i) => !i.segment.exists) === img;
  const held = call.shmListing && first ? `; ${describeShmListing(call.shmListing)}` : '';
  return `no segment at ${img.segment.location ?? '(id names no location)'} ${when}${held}`;
}

/**
 * What checks of a segment's content need: the segment there when the call arrived (WR-WRITE-01)
 * and, with `decoded`, decodable as an image (WR-JPEG-01). Unmet, those checks are not judged.
 */
export function segmentPrecondition(r: StepRecord, need: 'present' | 'header' | 'pixels'): Precondition {
  const missing = r.calls.flatMap((c) => c.images.filter((img) => img.id !== null && !img.segment.exists)
    .map((img) => `step ${r.n} ${img.role} "${img.id}": ${missingSegment(img, c, 'when the call arrived')}`));
  if (missing.length || need === 'present') return { clause: 'WR-WRITE-01', problems: missing };
  const undecoded = r.calls.flatMap((c) => c.images.filter((img) => img.segment.exists && (need === 'header' ? !img.segment.decoded : !img.segment.pixelsFile))
    .map((img) => `step ${r.n} ${img.role} "${img.id}": the segment does not decode as an image (${img.segment.decodeError ?? 'no pixels'})`));
  return { clause: 'WR-JPEG-01', problems: undecoded };
}

/** WR-WRITE-01 */
export function segmentsPresentOnArrival(r: StepRecord): string[] {
  const problems = eachImage(r, (img, call) => {
    const s = img.segment;
    if (img.id === null) return ['the call names no segment id'];
    if (!s.exists) return [missingSegment(img, call, 'when the call arrived')];
    if (s.byteLength === 0) return ['segment was empty when the call arrived'];
    if (s.decodeError && !s.jpeg?.markersOk) return [`segment was not a whole image when the call arrived: ${s.decodeError}`];
    return [];
  });
  for (const rc of r.rechecks) {
    for (const img of rc.images) {
      if (img.exists && !img.sameBytes) problems.push(`step ${r.n} ${img.role} "${img.id}": bytes changed after the call arrived (still being written?)`);
    }
  }
  return problems;
}

/** WR-JPEG-01 */
export function oneCompleteImage(r: StepRecord, readings: Readings): string[] {
  const pngOk = readings['WR-JPEG-01'] === 'jpeg-or-png';
  return eachImage(r, (img, call) => {
    const s = img.segment;
    if (!s.exists) return [missingSegment(img, call, 'to inspect')];
    const isPng = s.magic === PNG_MAGIC;
    if (isPng && pngOk) {
      const p: string[] = [];
      if (s.tail !== PNG_IEND_TAIL) p.push('PNG does not end with its IEND chunk');
      if (s.decodeError) p.push(`PNG does not decode: ${s.decodeError}`);
      else if (s.decoded?.depth !== 'uchar') p.push(`PNG is ${s.decoded?.depth}, not 8-bit`);
      return p;
    }
    if (!s.jpeg?.startsWithSoi) return [`not a JPEG: starts with ${s.magic}${isPng ? ' (PNG)' : ''}`];
    const p: string[] = [];
    if (!s.jpeg.markersOk) p.push(`JPEG stream is not one complete SOI..EOI: ${s.jpeg.detail}`);
    if (s.decodeError) p.push(`JPEG does not decode: ${s.decodeError}`);
    else if (s.decoded?.format !== 'jpeg') p.push(`decodes as ${s.decoded?.format}, not jpeg`);
    else if (s.decoded.depth !== 'uchar') p.push(`JPEG is ${s.decoded.depth}, not 8-bit`);
    return p;
  });
}

/** WR-META-01 */
export function metaSizeMatches(r: StepRecord): string[] {
  return eachImage(r, (img) => {
    const m = metaOf(img);
    if (!m) return [`meta is not an object: ${JSON.stringify(img.meta)}`];
    const p: string[] = [];
    for (const k of ['width', 'height'] as const) {
      const v = m[k];
      if (!Number.isInteger(v) || (v as number) <= 0) p.push(`meta.${k} is ${JSON.stringify(v)}, not a positive integer`);
    }
    const d = img.segment.decoded;
    if (!p.length && d && (m.width !== d.width || m.height !== d.height)) {
      p.push(`meta says ${m.width}x${m.height} but the image is ${d.width}x${d.height}`);
    }
    // Without a decodable segment there is no size to compare with: segmentPrecondition says so.
    return p;
  });
}

/** WR-META-02 */
export function metaTimestampInWindow(r: StepRecord): string[] {
  return eachImage(r, (img, call) => {
    const v = metaOf(img)?.timestamp_ms;
    if (!Number.isInteger(v)) return [`meta.timestamp_ms is ${JSON.stringify(v)}, not an integer`];
    const t = v as number;
    if (t < r.kitStartedAt || t > call.at) {
      return [`meta.timestamp_ms ${t} is outside the step's window [${r.kitStartedAt}, ${call.at}] (step requested .. call arrived)`];
    }
    return [];
  });
}

/** WR-META-03 */
export function metaCameraId(r: StepRecord): string[] {
  return eachImage(r, (img) => {
    const v = metaOf(img)?.camera_id;
    return typeof v === 'string' && v.length > 0 ? [] : [`meta.camera_id is ${JSON.stringify(v)}, not a non-empty string`];
  });
}

/** WR-META-04 */
export function metaColorSpace(r: StepRecord, readings: Readings): string[] {
  const anyString = readings['WR-META-04'] === 'any-string';
  return eachImage(r, (img) => {
    const m = metaOf(img);
    if (!m || !('color_space' in m)) return [];
    const v = m.color_space;
    if (anyString ? typeof v === 'string' : v === 'RGB' || v === 'BGR') return [];
    return [`meta.color_space is ${JSON.stringify(v)}; allowed: ${anyString ? 'any string' : '"RGB", "BGR"'}`];
  });
}

/** WR-META-05 */
export function metaMinimal(r: StepRecord, readings: Readings): string[] {
  if (readings['WR-META-05'] === 'extra-allowed') return [];
  return eachImage(r, (img) => {
    const extra = Object.keys(metaOf(img) ?? {}).filter((k) => !MINIMAL_KEYS.has(k));
    return extra.length ? [`meta carries keys beyond the minimal set: ${extra.join(', ')}`] : [];
  });
}

/** WR-PIXEL-01 */
export function pixelsMatch(r: StepRecord, tolerance: number): string[] {
  return eachImage(r, (img) => {
    const frame: KitFrame | undefined = r.frames.find((f) => f.role === img.role);
    if (!frame) return ['the kit sent no frame with this role'];
    const s = img.segment;
    // Nothing to compare with: not judged (segmentPrecondition), rather than failed or passed.
    if (!s.exists || !s.decoded || !s.pixelsFile) return [];
    const { width, height } = frame.pattern;
    if (s.decoded.width !== width || s.decoded.height !== height) {
      return [`decodes to ${s.decoded.width}x${s.decoded.height}, the frame was ${width}x${height}`];
    }
    const decoded = readFileSync(s.pixelsFile);
    const order = metaOf(img)?.color_space === 'BGR' ? 'BGR' : 'RGB';
    const mae = meanAbsError(decoded, expectedRgb(frame, order));
    if (mae <= tolerance) return [];
    const other = meanAbsError(decoded, expectedRgb(frame, order === 'RGB' ? 'BGR' : 'RGB'));
    return [`mean absolute error ${mae.toFixed(2)} against the frame in ${order} order exceeds ${tolerance}` +
      (other <= tolerance ? ` (it matches in ${order === 'RGB' ? 'BGR' : 'RGB'} order: ${other.toFixed(2)})` : '')];
  });
}

/** WR-ID-01 */
export function distinctIdsInCall(r: StepRecord): string[] {
  if (!r.calls.length) return [`step ${r.n}: no call reached the algorithm`];
  return r.calls.flatMap((c) => {
    const ids = c.images.map((i) => i.id);
    if (ids.some((i) => i === null)) return [`step ${r.n}: an image has no id`];
    if (new Set(ids).size !== ids.length) return [`step ${r.n}: ${c.images.map((i) => `${i.role}="${i.id}"`).join(', ')} share an id`];
    return [];
  });
}

/**
 * WR-ID-03: the images of one call are alive together, so over fs their ids must map to
 * different file names. Ids that are equal are WR-ID-01's business, not judged here.
 */
export function liveIdsApartAsFileNames(r: StepRecord, transport: string): string[] {
  if (transport !== 'fs') return [];
  if (!r.calls.length) return [`step ${r.n}: no call reached the algorithm`];
  return r.calls.flatMap((c) => {
    const byName = new Map<string, string[]>();
    for (const img of c.images) {
      if (img.id === null) continue;
      const ids = byName.get(safeId(img.id)) ?? [];
      if (!ids.includes(img.id)) ids.push(img.id);
      byName.set(safeId(img.id), ids);
    }
    return [...byName].filter(([, ids]) => ids.length > 1)
      .map(([name, ids]) => `step ${r.n}: live ids ${ids.map((i) => JSON.stringify(i)).join(' and ')} map to the same file name ${name}`);
  });
}

/** WR-ID-02, over every step of a session. */
export function idsNotReused(records: StepRecord[], transport: string, readings: Readings): string[] {
  const reuseAfterFree = readings['WR-ID-02'] === 'reuse-after-free';
  const seen = new Map<string, number>();
  const problems: string[] = [];
  for (const r of records) {
    for (const c of r.calls) {
      for (const img of c.images) {
        if (img.id === null) continue;
        const key = transport === 'fs' ? safeId(img.id) : img.id;
        const before = seen.get(key);
        if (before !== undefined && before !== r.n && !reuseAfterFree) {
          problems.push(`step ${r.n} reuses "${img.id}" from step ${before}`);
        }
        seen.set(key, r.n);
      }
    }
  }
  return problems;
}

const SHAPE_FOR: Record<string, string[]> = {
  'runner-spec-flat': ['v1-flat'],
  'sdk-spec-payload': ['v1-payload'],
  either: ['v1-flat', 'v1-payload'],
};

/** WR-FRAME-01 */
export function callMatchesSchema(r: StepRecord, generation: string, readings: Readings): string[] {
  if (!r.calls.length) return [`step ${r.n}: no call reached the algorithm`];
  const allowed = generation === 'v2' ? ['v2'] : SHAPE_FOR[readings['WR-FRAME-01'] ?? 'runner-spec-flat']!;
  return r.calls.flatMap((c) => {
    if (allowed.some((s) => c.schemaErrors[s] === null)) return [];
    return [`step ${r.n}: call matches none of ${allowed.join(', ')}: ${allowed.map((s) => `${s}: ${c.schemaErrors[s] ?? 'not checked'}`).join('; ')}`];
  });
}

/** WR-FRAME-02 */
export function noImageBytesInJson(r: StepRecord): string[] {
  return r.calls.flatMap((c) => c.bulkyStrings.map((b) => `step ${r.n}: ${b.path} is a ${b.length}-character string (${b.why})`));
}

/** WR-CLEAN-04 */
export function stillPresentAtAnswer(r: StepRecord): string[] {
  if (!r.calls.length) return [`step ${r.n}: no call reached the algorithm`];
  if (!r.rechecks.length) return [`step ${r.n}: the probe made no re-check (the call ended before its delay)`];
  // A segment missing when the call arrived was never there to be freed early (WR-WRITE-01's business).
  const arrived = new Set(r.calls.flatMap((c) => c.images.filter((i) => i.segment.exists).map((i) => `${i.role}\u0000${i.id}`)));
  return r.rechecks.flatMap((rc) => rc.images.flatMap((img) => {
    if (!arrived.has(`${img.role}\u0000${img.id}`)) return [];
    if (!img.exists) return [`step ${r.n} ${img.role} "${img.id}": gone ${rc.at - (r.calls[0]?.at ?? rc.at)} ms after the call arrived, before the algorithm answered`];
    if (!img.sameBytes) return [`step ${r.n} ${img.role} "${img.id}": content changed before the algorithm answered`];
    return [];
  }));
}

/**
 * WR-PROTO-01 over every algorithm process of a session, one-shot (a process per step) or
 * long-lived alike: each process that got a call got the Runner's hello first, in time.
 */
export function handshakeProblems(all: readonly Observation[], helloReplyMs: number): string[] {
  const instances = processInstances(all);
  const problems: string[] = [];
  for (const instance of new Set(all.filter((o) => o.type === 'start').map((o) => instances.get(o)))) {
    const mine = all.filter((o) => instances.get(o) === instance);
    const pid = mine[0]!.pid;
    const hello = mine.find((o) => o.type === 'hello');
    if (!hello || hello.type !== 'hello') {
      if (mine.some((o) => o.type === 'call')) problems.push(`algorithm process ${pid} got a call but never the Runner's hello`);
      continue;
    }
    if (hello.callsBefore > 0) problems.push(`algorithm process ${pid} got ${hello.callsBefore} call(s) before the Runner's hello`);
    if (hello.at - hello.sentHelloAt > helloReplyMs) problems.push(`the Runner answered hello after ${hello.at - hello.sentHelloAt} ms`);
    if (hello.schemaErrors) problems.push(`the Runner's hello does not match schemas/frames/hello-runner.schema.json: ${hello.schemaErrors}`);
  }
  for (const v of all) if (v.type === 'violation' && v.kind === 'call-before-hello') problems.push(v.detail);
  return [...new Set(problems)];
}

/** Which clause a segment kept too long breaks depends on how the algorithm ended the call. */
export function cleanupClause(reply: Reply): string {
  if (reply === 'ok' || reply === 'ng') return 'WR-CLEAN-01';
  if (reply === 'error-result' || reply === 'error-frame') return 'WR-CLEAN-02';
  return 'WR-CLEAN-03';
}

/**
 * WR-CLEAN-01..03 (cleanupClause): the Runner let go of the step within its execute timeout plus
 * grace. A Runner that holds on (its driver reports `blocked`, or it returns later than that) keeps
 * the step's segments past any cleanup deadline. Measured on the kit's clock from the call's
 * arrival, and on the Runner's own timing for the moment it gave up on a hung algorithm.
 */
export function stepReturnedInTime(r: StepRecord, executeTimeoutMs: number, graceMs: number): string[] {
  const o = r.report.outcome;
  const limit = executeTimeoutMs + graceMs;
  const bounds = `its execute timeout (${executeTimeoutMs} ms) + grace (${graceMs} ms)`;
  if (o.kind === 'blocked') {
    return [`step ${r.n}: blocked: ${o.message ?? `the Runner had not returned at ${bounds}`}`];
  }
  const problems: string[] = [];
  const arrived = r.calls[0]?.at;
  if (arrived !== undefined && r.kitEndedAt - arrived > limit) {
    problems.push(`step ${r.n}: the Runner returned ${r.kitEndedAt - arrived} ms after the call reached the algorithm, past ${bounds}`);
  }
  const t = r.report.timing;
  if (o.kind === 'timeout' && t.callSentAtMs !== undefined && t.answeredAtMs !== undefined && t.answeredAtMs - t.callSentAtMs > limit) {
    problems.push(`step ${r.n}: the Runner gave up on the algorithm ${t.answeredAtMs - t.callSentAtMs} ms after sending the call (its own timing), past ${bounds}`);
  }
  return problems;
}

/** Clock steps and the ms rounding of two processes' Date.now(). */
const CLOCK_SLACK_MS = 50;

/**
 * The Runner's timing against what the kit saw: the step cannot start before the kit asked for
 * it or end after the reply came, and its moments are in order. A contradiction is the driver's
 * bug (errored), not a finding.
 */
export function timingContradictions(r: StepRecord): string[] {
  const t = r.report.timing;
  const problems: string[] = [];
  if (t.startedAtMs < r.kitStartedAt - CLOCK_SLACK_MS) problems.push(`startedAtMs ${t.startedAtMs} is before the kit sent the step (${r.kitStartedAt})`);
  if (t.endedAtMs > r.kitEndedAt + CLOCK_SLACK_MS) problems.push(`endedAtMs ${t.endedAtMs} is after the kit got the reply (${r.kitEndedAt})`);
  const order = (['startedAtMs', 'callSentAtMs', 'answeredAtMs', 'endedAtMs'] as const).filter((k) => t[k] !== undefined);
  for (let i = 1; i < order.length; i++) {
    if (t[order[i]!]! < t[order[i - 1]!]!) problems.push(`${order[i]} ${t[order[i]!]} is before ${order[i - 1]} ${t[order[i - 1]!]}`);
  }
  return problems;
}

function describeTiming(r: StepRecord): string {
  const t = r.report.timing;
  const rel = (k: 'callSentAtMs' | 'answeredAtMs') => (t[k] !== undefined ? `, ${k === 'callSentAtMs' ? 'call sent' : 'answered'} +${t[k]! - t.startedAtMs} ms` : '');
  return ` (Runner's timing: ${t.endedAtMs - t.startedAtMs} ms in all${rel('callSentAtMs')}${rel('answeredAtMs')})`;
}

export function stepIds(r: StepRecord): string[] {
  return r.calls.flatMap((c) => c.images.map((i) => i.id).filter((i): i is string => i !== null));
}

export function describeStep(r: StepRecord): string {
  const frames = r.frames.map((f) => `${f.role} ${f.pattern.width}x${f.pattern.height}x${f.pattern.channels} ${f.pattern.kind}`).join(', ');
  return `step ${r.n}: frames [${frames}], algorithm ${r.behaviour.reply}${r.behaviour.delayMs ? ` after ${r.behaviour.delayMs} ms` : ''}; Runner outcome ${JSON.stringify(r.report.outcome)}` +
    describeTiming(r) + (r.report.runnerResult !== undefined ? `; the Runner returned ${JSON.stringify(r.report.runnerResult.slice(0, 300))}` : '');
}
