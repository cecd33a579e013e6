/**
 * Anything a segment may hold, and whole hostile reads (id x content x meta), composed from the
 * registry's own entries so every drawn case keeps its shrinker and its description.
 */
import fc from 'fast-check';
import type { GeneratorEntry } from './generatorEntry.ts';
import type { ArraySample, EncodedSample, GeneratedSample } from './samples.ts';
import { idRecipe } from './ids.ts';
import { metaRecipe, META_GROUPS } from './metas.ts';

export interface TaggedRecipe {
  /** The registry entry the recipe belongs to. */
  from: string;
  recipe: unknown;
}

/** One recipe drawn from any of the named entries, remembering which. */
export function oneOfEntries(entries: Record<string, GeneratorEntry>, names: string[]): fc.Arbitrary<TaggedRecipe> {
  return fc.oneof(...names.map((from) => entries[from]!.arbitrary.map((recipe) => ({ from, recipe }), (v) => (v as TaggedRecipe).recipe)));
}

export async function materializeTagged(entries: Record<string, GeneratorEntry>, t: TaggedRecipe): Promise<EncodedSample | ArraySample> {
  const s: GeneratedSample = await entries[t.from]!.materialize(t.recipe);
  if (s.kind !== 'encoded' && s.kind !== 'array') throw new Error(`${t.from} does not produce storable content`);
  return s;
}

export function describeTagged(entries: Record<string, GeneratorEntry>, t: TaggedRecipe): string {
  return `${t.from}: ${entries[t.from]!.describe(t.recipe)}`;
}

/**
 * What "anything a segment may hold" draws from (RD-SHAPE-01, RD-ROBUST-01): every encoded class
 * and every plain array class, so that the shape rule is judged on each image mode a decoder can
 * produce, not only on the ones a mode's own scenario reads. Arrays held in other layouts stay
 * with RD-ARR-01..04's property: storing them needs the adapter's array-layouts capability.
 */
export const STORABLE_ENTRIES = [
  'jpeg-variant', 'cmyk-jpeg', 'jpeg-mode', 'cmyk-jpeg-mode', 'jpeg-orientation',
  'undecodable-bytes', 'maybe-decodable-bytes', 'mislabelled-bytes',
  'non-jpeg-encoding', 'png-mode', 'bmp-mode', 'tiff-gif-webp',
  'rgb-array', 'gray-array', 'unsupported-array',
];

export interface HostileReadRecipe {
  id: string;
  content: TaggedRecipe | null;
  /** A labelled meta from every group, or any JSON value at all. */
  meta: { kind: string; meta: unknown };
}

export function hostileReadRecipe(entries: Record<string, GeneratorEntry>): fc.Arbitrary<HostileReadRecipe> {
  const anyMeta = fc.oneof(
    { weight: 4, arbitrary: metaRecipe({ groups: [...META_GROUPS], width: 12, height: 9 }).map((m) => ({ kind: m.kind, meta: m.meta })) },
    // Through JSON and back: plain prototypes and exactly what a wire would carry.
    { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ kind: 'any-json', meta: JSON.parse(JSON.stringify(v)) as unknown })) },
  );
  return fc.record({
    id: idRecipe().map((r) => r.id),
    content: fc.option(oneOfEntries(entries, STORABLE_ENTRIES), { nil: null, freq: 5 }),
    meta: anyMeta,
  }, { noNullPrototype: true });
}
