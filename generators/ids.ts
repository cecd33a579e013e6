/**
 * shared_mem_id values, ordinary and odd. Ids travel as JSON strings, so every id here is
 * well-formed UTF-16 (no lone surrogates).
 */
import fc from 'fast-check';
import { requireInteger, requireNonEmptySubset, PLAIN } from './checks.ts';

import { safeId } from '../kit/transports/safe-id.ts';

export { safeId };

export type IdKind = 'ordinary' | 'empty' | 'long' | 'unicode' | 'path-like' | 'whitespace' | 'control';
export const ID_KINDS: readonly IdKind[] = ['ordinary', 'empty', 'long', 'unicode', 'path-like', 'whitespace', 'control'];

export interface IdRecipe {
  kind: IdKind;
  id: string;
}

export interface IdRecipeConstraints {
  /** Default: all of {@link ID_KINDS}. */
  kinds?: readonly IdKind[];
  /** Longest `long` id, default 1024. */
  maxLength?: number;
}

const SAFE_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-'];
const safeText = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...SAFE_CHARS), minLength, maxLength });

/* Traversal, separators and drive letters, and the shape real Runners use ("dev-shm:<sid>:cur"). */
const PATH_LIKE = [
  '../x', 'a/b', 'C:\\x', 'dev-shm:sid-1:cur', 'dev-shm:sid-1:guide', '/etc/passwd', '..', '.', './a',
  'a\\..\\b', '~/x', '%2e%2e%2fx', 'NUL', 'con', 'x.bin', 'x.npy',
];
const UNICODE = ['相机-1', 'caméra', 'came\u0301ra', 'Ж', '😀', 'עברית', 'a\u200bb', '\ufeffbom', 'ﬁ'];
const WHITESPACE = [' ', '  ', ' a', 'a ', 'a b', '\u00a0'];
const CONTROL = ['a\u0000b', 'line\nbreak', 'tab\tbed', '\r', '\u007f', '\u001b[31m'];

/*
 * With ".bin"/".npy" appended, a safe name longer than 251 characters passes the usual 255-byte
 * file-name limit, so the lengths around it are drawn often.
 */
function longId(maxLength: number): fc.Arbitrary<string> {
  const edges = [251, 252, 255, 256, maxLength].filter((n) => n <= maxLength);
  const length = fc.oneof(fc.constantFrom(...edges), fc.integer({ min: Math.min(200, maxLength), max: maxLength }));
  return fc.tuple(length, fc.nat({ max: 0x7fffffff })).map(([n, seed]) => {
    const prefix = `long-${seed}-`;
    return (prefix + 'x'.repeat(Math.max(0, n - prefix.length))).slice(0, n);
  });
}

function idOfKind(kind: IdKind, maxLength: number): fc.Arbitrary<string> {
  switch (kind) {
    case 'ordinary': return safeText(1, 32);
    case 'empty': return fc.constant('');
    case 'long': return longId(maxLength);
    case 'unicode':
      return fc.tuple(safeText(0, 6), fc.constantFrom(...UNICODE), fc.string({ unit: 'grapheme', maxLength: 6 }))
        .map(([a, b, c]) => a + b + c);
    case 'path-like': return fc.constantFrom(...PATH_LIKE);
    case 'whitespace': return fc.constantFrom(...WHITESPACE);
    case 'control': return fc.constantFrom(...CONTROL);
  }
}

/** A labelled shared_mem_id; everything but `ordinary` is an edge case for some transport. */
export function idRecipe(constraints: IdRecipeConstraints = {}): fc.Arbitrary<IdRecipe> {
  const kinds = constraints.kinds ?? [...ID_KINDS];
  const maxLength = constraints.maxLength ?? 1024;
  requireNonEmptySubset('idRecipe', 'kinds', kinds, ID_KINDS);
  requireInteger('idRecipe', 'maxLength', maxLength, 1, 1 << 20);
  return fc.constantFrom(...kinds).chain((kind) => idOfKind(kind, maxLength).map((id) => ({ kind, id })));
}

export function describeId(recipe: IdRecipe): string {
  const shown = recipe.id.length > 40 ? `${JSON.stringify(recipe.id.slice(0, 40))}... (${recipe.id.length} chars)` : JSON.stringify(recipe.id);
  return `${recipe.kind} id ${shown}`;
}

export interface CollidingIdPair {
  a: string;
  b: string;
  /** What both become under {@link safeId}. */
  safe: string;
}

/* Characters that safeId maps to "_", including a two-code-unit emoji. */
const UNSAFE_CHARS = [':', '/', '\\', ' ', '#', '?', '*', '|', '@', '+', '=', ',', '~', 'é', '😀', '\u0000'];

/**
 * Two different ids with the same {@link safeId}, e.g. "a:b" and "a/b", or "a_b" and "a:b": an
 * fs-transport reader that keys files by safe name alone mixes them up (rule 12).
 */
export function collidingIdPair(): fc.Arbitrary<CollidingIdPair> {
  return fc
    .record({
      prefix: safeText(0, 8),
      first: fc.constantFrom(...UNSAFE_CHARS),
      second: fc.constantFrom('_', ...UNSAFE_CHARS),
      suffix: safeText(0, 8),
    }, PLAIN)
    .map(({ prefix, first, second, suffix }) => {
      // Equal picks would give equal ids; "_" is safe, so it always differs from `first`.
      const other = second === first ? '_' : second;
      const a = prefix + first + suffix;
      return { a, b: prefix + other + suffix, safe: safeId(a) };
    });
}

export function describeCollidingIdPair(pair: CollidingIdPair): string {
  return `ids ${JSON.stringify(pair.a)} and ${JSON.stringify(pair.b)} both become ${JSON.stringify(pair.safe)}`;
}
