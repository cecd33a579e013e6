/**
 * The writer clauses as pure checks over what the probe observed. Each returns the problems it
 * found, one plain sentence each; an empty list means the clause holds for that step. Steps and
 * properties share them, so a scenario and a generated run judge exactly alike.
 */
import { readFileSync } from 'node:fs';
import { safeId } from '../../kit/transports/safe-id.ts';
import type { StepRecord } from './session.ts';
import type { CallObservation, ImageObservation } from './observations.ts';
import { expectedRgb, meanAbsError, type KitFrame } from './frames.ts';
import { PIXEL_TOLERANCE } from './parameters.ts';

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

/** WR-WRITE-01 */
export function segmentsPresentOnArrival(r: StepRecord): string[] {
  const problems = eachImage(r, (img) => {
    const s = img.segment;
    if (img.id === null) return ['the call names no segment id'];
    if (!s.exists) return [`no segment at ${s.location ?? '(id names no location)'} when the call arrived`];
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
  return eachImage(r, (img) => {
    const s = img.segment;
    if (!s.exists) return ['no segment to inspect'];
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
    if (!d && img.segment.exists) p.push('the image does not decode, so its size cannot match meta');
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
export function pixelsMatch(r: StepRecord): string[] {
  return eachImage(r, (img) => {
    const frame: KitFrame | undefined = r.frames.find((f) => f.role === img.role);
    if (!frame) return ['the kit sent no frame with this role'];
    const s = img.segment;
    if (!s.exists || !s.decoded || !s.pixelsFile) return [`no decoded pixels to compare (${s.decodeError ?? 'segment missing'})`];
    const { width, height } = frame.pattern;
    if (s.decoded.width !== width || s.decoded.height !== height) {
      return [`decodes to ${s.decoded.width}x${s.decoded.height}, the frame was ${width}x${height}`];
    }
    const decoded = readFileSync(s.pixelsFile);
    const order = metaOf(img)?.color_space === 'BGR' ? 'BGR' : 'RGB';
    const mae = meanAbsError(decoded, expectedRgb(frame, order));
    if (mae <= PIXEL_TOLERANCE) return [];
    const other = meanAbsError(decoded, expectedRgb(frame, order === 'RGB' ? 'BGR' : 'RGB'));
    return [`mean absolute error ${mae.toFixed(2)} against the frame in ${order} order exceeds ${PIXEL_TOLERANCE}` +
      (other <= PIXEL_TOLERANCE ? ` (it matches in ${order === 'RGB' ? 'BGR' : 'RGB'} order: ${other.toFixed(2)})` : '')];
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
  return r.rechecks.flatMap((rc) => rc.images.flatMap((img) => {
    if (!img.exists) return [`step ${r.n} ${img.role} "${img.id}": gone ${rc.at - (r.calls[0]?.at ?? rc.at)} ms after the call arrived, before the algorithm answered`];
    if (!img.sameBytes) return [`step ${r.n} ${img.role} "${img.id}": content changed before the algorithm answered`];
    return [];
  }));
}

export function stepIds(r: StepRecord): string[] {
  return r.calls.flatMap((c) => c.images.map((i) => i.id).filter((i): i is string => i !== null));
}

export function describeStep(r: StepRecord): string {
  const frames = r.frames.map((f) => `${f.role} ${f.pattern.width}x${f.pattern.height}x${f.pattern.channels} ${f.pattern.kind}`).join(', ');
  return `step ${r.n}: frames [${frames}], algorithm ${r.behaviour.reply}${r.behaviour.delayMs ? ` after ${r.behaviour.delayMs} ms` : ''}; Runner outcome ${JSON.stringify(r.report.outcome)}`;
}
