/**
 * Property scenarios: "Given any case from generator G / When each case is <action> /
 * Then every result <check>". The Then step runs the property with fast-check, so a failure
 * is shrunk to a minimal case and reported with its seed, path and replay command.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import fc from 'fast-check';
import type { NdArray, ReadValue } from '../../adapter/types.ts';
import { safeId } from '../../generators/ids.ts';
import { generatorNamed } from '../../generators/registry.ts';
import type { ArraySample, EncodedSample, GeneratedSample } from '../../generators/samples.ts';
import { kitDecode } from '../../kit/decode.ts';
import { grayToRgb, reverseChannels } from '../../kit/pixels.ts';
import { AdapterError, type FailureSignature } from '../support/failure.ts';
import type { PvWorld } from '../support/world.ts';
import { anyOf, anyRgbImage, closeTo, describeResult, equals, isImageOf, isNone, isZerosOf, judgeRead, noneOrRgbImage, type Check } from './checks.ts';
import { castExpectation } from './content.ts';
import { cmykDecodedOrRefused } from './jpegModes.ts';
import { clear, read, requireCapability, Skip, step, store } from './ops.ts';
import { metaSize, observedReadingCheck } from './readings.ts';
import { freshId, readerState, type StoredContent } from './state.ts';

/** What one case did: the reads it made, and what was stored for the check to compare with. */
interface CaseRun {
  sample: GeneratedSample;
  content?: StoredContent;
  meta: unknown;
  value: ReadValue;
  id: string;
  /** Isolation cases: what the other id holds when both ids share one fs file (RD-ISO-01). */
  sharedWith?: StoredContent;
}

type Action = (world: PvWorld, sample: GeneratedSample) => Promise<CaseRun>;
type CaseCheck = (world: PvWorld, run: CaseRun) => { check: Check; expected: string; clause?: string };

class CaseFailure extends Error {
  constructor(readonly complaint: string, readonly run: CaseRun, readonly expected: string, readonly clause?: string, readonly image?: NdArray,
    readonly signature?: FailureSignature) {
    super(complaint);
  }
}

/** Turns a storable sample into what the kit expects of a conformant read of it. */
async function toContent(s: EncodedSample | ArraySample, description: string): Promise<StoredContent> {
  if (s.kind === 'array') {
    // A non-uint8 array of a supported shape has the pixels the "cast" reading of RD-ARR-04 expects.
    const expected = s.class === 'rgb' ? s.array : s.defect === 'non-uint8' ? castExpectation(s.array) : s.class === 'unsupported' ? undefined : grayToRgb(s.array);
    return { kind: 'array', description, width: s.width, height: s.height, array: s.array, ...(s.layout ? { layout: s.layout } : {}), ...(expected ? { expected } : {}), exact: true };
  }
  let expected: NdArray | undefined;
  const intact = s.expectation === 'decodable' && !(s.format === 'jpeg' && s.mayBeRefused);
  if (intact) expected = s.expected ?? (s.format === 'bmp' ? s.source : await kitDecode(s.bytes));
  const alternatives = intact && s.alternatives?.length ? { alternatives: s.alternatives } : {};
  return { kind: s.format === 'jpeg' ? 'jpeg' : 'encoded', description, width: s.width, height: s.height, bytes: s.bytes, ...(expected ? { expected } : {}), ...alternatives, exact: false };
}

function storable(sample: GeneratedSample): EncodedSample | ArraySample {
  if (sample.kind === 'encoded' || sample.kind === 'array') return sample;
  throw new Error(`scenario error: this action stores content, but the generator yields ${sample.kind} samples`);
}

async function storeFreshAndRead(world: PvWorld, sample: GeneratedSample, extra: Record<string, unknown> = {}): Promise<CaseRun> {
  const c = await toContent(storable(sample), 'generated');
  const id = freshId('prop');
  await store(world, id, c);
  const meta = { width: c.width, height: c.height, timestamp_ms: 1714032000123, camera_id: 'cam-01', ...extra };
  const { value } = await read(world, id, meta);
  await clear(world, id).catch(() => undefined);
  return { sample, content: c, meta, value, id };
}

const actions: Record<string, Action> = {
  'read as meta of the stored frame': async (world, sample) => {
    if (sample.kind !== 'meta') throw new Error('scenario error: needs a meta generator');
    const s = readerState(world);
    const { value } = await read(world, s.id, sample.meta);
    return { sample, content: s.stored.get(s.id), meta: sample.meta, value, id: s.id };
  },
  'stored under a fresh id and read with a meta for its own size': (w, s) => storeFreshAndRead(w, s),
  'stored under a fresh id and read with a meta for its nominal size': (w, s) => storeFreshAndRead(w, s),
  'stored under a fresh id and read with its own size and color_space "BGR"': (w, s) => storeFreshAndRead(w, s, { color_space: 'BGR' }),
  'read as an id that was never written': async (world, sample) => {
    if (sample.kind !== 'id') throw new Error('scenario error: needs an id generator');
    // A unique prefix: "never written" must hold across runs sharing a segment directory.
    const id = `${freshId('never')}${sample.id}`;
    const meta = { width: 5, height: 4, timestamp_ms: 1, camera_id: 'cam-01' };
    const { value } = await read(world, id, meta);
    return { sample, meta, value, id };
  },
  'pair stored with different frames and the first is read': async (world, sample) => {
    if (sample.kind !== 'id-pair') throw new Error('scenario error: needs an id-pair generator');
    const prefix = `${freshId('pair')}-`;
    const [a, b] = [prefix + sample.a, prefix + sample.b];
    const first = await toContent({ kind: 'array', ...arrayOfSize(4, 3, 11) }, 'first frame');
    const second = await toContent({ kind: 'array', ...arrayOfSize(4, 3, 97) }, 'second frame');
    await store(world, a, first);
    await store(world, b, second);
    const meta = { width: 4, height: 3 };
    const { value } = await read(world, a, meta);
    await clear(world, a).catch(() => undefined);
    await clear(world, b).catch(() => undefined);
    // Stored without naming a transport: the adapter uses the first one it declares.
    const { hello } = await world.reader();
    const sharesFile = hello.transports[0] === 'fs' && safeId(a) === safeId(b);
    return { sample, content: first, meta, value, id: a, ...(sharesFile ? { sharedWith: second } : {}) };
  },
  'stored and read as generated': async (world, sample) => {
    if (sample.kind !== 'read-case') throw new Error('scenario error: needs a read-case generator');
    const content = sample.content ? await toContent(sample.content, 'generated') : undefined;
    const id = sample.id;
    if (content) await store(world, id, content);
    const { value } = await read(world, id, sample.meta);
    if (content) await clear(world, id).catch(() => undefined);
    return { sample, ...(content ? { content } : {}), meta: sample.meta, value, id };
  },
};

/** Two different, distinctive 4x3 frames for the isolation property. */
function arrayOfSize(width: number, height: number, base: number): Omit<ArraySample, 'kind'> {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (base + i * 7) % 251 + 1;
  return { array: { dtype: 'uint8', shape: [height, width, 3], data }, class: 'rgb', defect: null, width, height };
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`kit error: the check needs ${what}`);
  return v;
}

const metaZeros = (run: CaseRun): Check => {
  const m = need(metaSize(run.meta), 'a usable meta size');
  return isZerosOf(m.width, m.height);
};

const checks: Record<string, CaseCheck> = {
  'follows its meta kind': (world, run) => {
    const sample = run.sample as Extract<GeneratedSample, { kind: 'meta' }>;
    // Missing, zero, negative and empty metas are RD-META-01; every other invalid kind is RD-META-02.
    const clause = /^(missing|zero|negative)-|^meta-empty-object$/.test(sample.label) ? 'RD-META-01' : 'RD-META-02';
    const r = world.params.readings[clause];
    return { check: observedReadingCheck(world, clause, {}), expected: `reading "${r}" of ${clause} (${sample.label})`, clause };
  },
  'equals its stored array': (_w, run) => ({ check: equals(need(run.content?.expected, 'the stored array'), 'the stored array'), expected: 'the stored array, unchanged' }),
  'equals its stored array with channels reversed': (_w, run) => ({
    check: equals(reverseChannels(need(run.content?.expected, 'the stored array')), 'the stored array, channels reversed'),
    expected: 'the stored array with channels reversed',
  }),
  'is the gray values in three channels': (_w, run) => ({ check: equals(need(run.content?.expected, 'gray values'), 'the gray values in three channels'), expected: 'the gray values in three equal channels' }),
  'is the zero fallback': (world, run) => {
    const s = run.sample;
    const ctx = { metaSize: metaSize(run.meta), stored: run.content };
    // Each kind of case is judged by the clause that governs it, under that clause's reading.
    const clause = s.kind === 'array' && s.defect === 'non-uint8' ? 'RD-ARR-04'
      : s.kind === 'array' && s.class === 'unsupported' ? 'RD-ARR-03'
      : !run.content ? 'RD-FALL-01' : undefined;
    if (clause) {
      const r = world.params.readings[clause];
      return { check: observedReadingCheck(world, clause, ctx), expected: `reading "${r}" of ${clause}`, clause };
    }
    const m = need(metaSize(run.meta), 'a usable meta size');
    return { check: metaZeros(run), expected: `zeros uint8[${m.height}, ${m.width}, 3]` };
  },
  'is the array its layout holds': (world, run) => {
    const s = run.sample as ArraySample;
    // The layout changes memory, not values: each case is judged as the plain array would be.
    const clause = s.defect === 'non-uint8' ? 'RD-ARR-04' : s.class === 'unsupported' ? 'RD-ARR-03' : undefined;
    if (clause) {
      const r = world.params.readings[clause];
      return { check: observedReadingCheck(world, clause, { metaSize: metaSize(run.meta), stored: run.content }), expected: `reading "${r}" of ${clause}`, clause };
    }
    return {
      check: equals(need(run.content?.expected, 'the array'), 'the array the layout holds'),
      expected: s.class === 'rgb' ? 'the array the layout holds, unchanged' : 'the gray values the layout holds, in three channels',
      clause: s.class === 'rgb' ? 'RD-ARR-01' : 'RD-ARR-02',
    };
  },
  'is none or an H x W x 3 uint8 image': () => ({ check: noneOrRgbImage, expected: 'none or an H x W x 3 uint8 array, no exception' }),
  'is close to its encoded frame': (_w, run) => ({ check: closeTo(need(run.content?.expected, 'the kit decode')), expected: 'within the decoder tolerance of the encoded frame' }),
  'follows the selected reading of RD-ENC-01': (world, run) => {
    const r = world.params.readings['RD-ENC-01'];
    return { check: observedReadingCheck(world, 'RD-ENC-01', { stored: run.content, metaSize: metaSize(run.meta) }), expected: `what reading "${r}" of RD-ENC-01 allows` };
  },
  'is the zero fallback or close in colour to its encoded CMYK frame': (_w, run) => {
    const s = run.sample as EncodedSample;
    return { check: cmykDecodedOrRefused(need(s.source, 'the encoded frame')), expected: 'the zero fallback, or RGB within the CMYK tolerance of the encoded frame' };
  },
  'follows the selected reading of RD-DEC-04': (world, run) => {
    const r = world.params.readings['RD-DEC-04'];
    return { check: observedReadingCheck(world, 'RD-DEC-04', { stored: run.content }), expected: `what reading "${r}" of RD-DEC-04 allows`, clause: 'RD-DEC-04' };
  },
  'is the zero fallback or an image of its nominal size': (world, run) => {
    const m = need(metaSize(run.meta), 'a usable meta size');
    // A tampered frame header may decode at its declared size where RD-SHAPE-02 allows that.
    if (world.params.readings['RD-SHAPE-02'] !== 'strict') {
      return { check: anyRgbImage, expected: 'zeros, an image of meta size, or the decoded size the selected RD-SHAPE-02 reading allows' };
    }
    return { check: anyOf(['the zero fallback', isZerosOf(m.width, m.height)], ['an image of meta size', isImageOf(m.width, m.height)]), expected: `zeros or an image, uint8[${m.height}, ${m.width}, 3]` };
  },
  'is the first frame': (world, run) => {
    const apart = equals(need(run.content?.expected, 'the first frame'), 'the first frame');
    const shared = run.sharedWith?.expected ? equals(run.sharedWith.expected, 'the second frame') : undefined;
    const r = world.params.readings['RD-ISO-01'];
    return {
      check: observedReadingCheck(world, 'RD-ISO-01', { isolation: { apart, ...(shared ? { shared } : {}) } }),
      expected: shared ? `reading "${r}" of RD-ISO-01 (the ids share one fs file name)` : 'the frame stored under the first id',
      clause: 'RD-ISO-01',
    };
  },
};

Given('any case from generator {string}', step(async function (name: string) {
  generatorNamed(name);
  readerState(this).property = { generator: name };
}));

When(/^each (?:case|pair) is (.+)$/, step(async function (action: string) {
  const key = action.replace(/^pair is /, '');
  const normalized = key === 'stored with different frames and the first is read' ? 'pair stored with different frames and the first is read' : key;
  if (!actions[normalized]) throw new Error(`scenario error: no property action "${action}"; known: ${Object.keys(actions).join('; ')}`);
  const p = readerState(this).property;
  if (!p) throw new Error('scenario error: no generator given');
  p.action = normalized;
}));

Then(/^every result (.+)$/, step(async function (checkName: string) {
  const p = readerState(this).property;
  if (!p?.action) throw new Error('scenario error: no generator or action given');
  const makeCheck = checks[checkName];
  if (!makeCheck) throw new Error(`scenario error: no property check "${checkName}"; known: ${Object.keys(checks).join('; ')}`);
  await requireCapability(this, 'write-bytes');
  await requireCapability(this, 'write-array');
  await requireCapability(this, 'clear');
  await runProperty(this, p.generator, actions[p.action]!, makeCheck);
}));

async function runProperty(world: PvWorld, generator: string, action: Action, makeCheck: CaseCheck): Promise<void> {
  const entry = generatorNamed(generator);
  const params = world.params;
  const numRuns = Math.max(1, Math.min(params.numRuns, entry.suggestedNumRuns ?? Infinity));
  const property = fc.asyncProperty(entry.arbitrary, async (recipe) => {
    const sample = await entry.materialize(recipe);
    const run = await action(world, sample);
    const { check, expected, clause } = makeCheck(world, run);
    const judged = judgeRead(check, run.value);
    if (judged) throw new CaseFailure(judged.complaint, run, expected, clause, check.image, judged.signature);
  });
  const out = await fc.check(property, {
    seed: params.seed,
    numRuns,
    ...(params.path ? { path: params.path } : {}),
    ...(params.shrink === false ? { endOnFailure: true } : {}),
  });
  if (!out.failed) {
    if (out.numRuns === 0) throw new Error(`kit error: property over "${generator}" ran no case`);
    return;
  }
  const err = out.errorInstance;
  // Capability gaps and broken adapters are not spec failures: surface them as such.
  if (err instanceof Skip || err instanceof AdapterError) throw err;
  if (!(err instanceof CaseFailure)) throw err instanceof Error ? err : new Error(String(err));
  const recipe = out.counterexample?.[0];
  const run = err.run;
  world.fail({
    clause: err.clause,
    summary: `${err.complaint} (after ${out.numRuns} cases, shrunk ${out.numShrinks} times)`,
    ...(err.signature ? { signature: err.signature } : {}),
    input: `${entry.describe(recipe)}; id ${JSON.stringify(run.id).slice(0, 80)}`,
    meta: run.meta,
    expected: err.expected,
    actual: describeResult(run.value),
    ...(run.value.kind === 'exception' ? { implementationError: `${run.value.type}: ${run.value.message}` } : {}),
    seed: out.seed,
    path: out.counterexamplePath ?? undefined,
    counterexample: recipe,
    replay: `${params.replayBase} ${world.location} --seed ${out.seed} --path ${out.counterexamplePath}`,
    observed: {
      input: run.content?.array ?? run.content?.expected,
      // When the check wants none back there is no expected picture: the report says "none".
      expected: err.signature?.expected === 'none' ? undefined : err.image ?? run.content?.expected,
      actual: run.value.kind === 'image' ? run.value.image : undefined,
      ...(run.content ? { stored: { ...(run.content.bytes ? { bytes: run.content.bytes } : {}), ...(run.content.array ? { array: run.content.array } : {}) } } : {}),
    },
  });
}

