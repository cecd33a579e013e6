/**
 * image_meta values: valid ones for a given frame size, and labelled defective ones.
 *
 * Every meta is plain JSON (NaN and Infinity cannot be sent, so they are not generated). Each
 * defective meta carries a `group` saying how settled its expected outcome is:
 * - `invalid`: rule 1 says the result is none (missing, zero, negative, fractional, non-numeric,
 *   null, wrong JSON type, meta not an object);
 * - `coercible`: not an integer in JSON, yet lenient parsers turn it into one (the string "640",
 *   `true`, which Python's int() accepts as 1): a profile point;
 * - `huge`: a positive integer, so formally valid, but a zero fallback of that size would break
 *   the bounded-memory rule: a profile point.
 * `valid` and `valid-with-extras` (unknown keys added, which the rules do not forbid) are valid.
 */
import fc from 'fast-check';
import { requireInteger, requireNonEmptySubset, PLAIN } from './checks.ts';

export interface ValidMeta {
  width: number;
  height: number;
  timestamp_ms: number;
  camera_id: string;
  color_space?: 'RGB' | 'BGR';
}

export interface MetaSize {
  /** Default 64. */
  width?: number;
  /** Default 48. */
  height?: number;
}

function checkSize(where: string, size: MetaSize): { width: number; height: number } {
  const width = size.width ?? 64;
  const height = size.height ?? 48;
  requireInteger(where, 'width', width, 1, 65535);
  requireInteger(where, 'height', height, 1, 65535);
  return { width, height };
}

const cameraId = fc.oneof(
  fc.constantFrom('cam-0', 'cam-1', 'line3/station2'),
  fc.string({ minLength: 1, maxLength: 24 }),
);
/* Milliseconds from 2000-01-01 to 2100-01-01: an integer inside any sane time window check. */
const timestampMs = fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 });

/** A complete, valid meta for a frame of the given size; color_space is absent, RGB or BGR. */
export function validMeta(size: MetaSize = {}): fc.Arbitrary<ValidMeta> {
  const { width, height } = checkSize('validMeta', size);
  return fc.record(
    {
      width: fc.constant(width),
      height: fc.constant(height),
      timestamp_ms: timestampMs,
      camera_id: cameraId,
      color_space: fc.constantFrom<'RGB' | 'BGR'>('RGB', 'BGR'),
    },
    { requiredKeys: ['width', 'height', 'timestamp_ms', 'camera_id'], ...PLAIN },
  );
}

export const META_GROUPS = ['valid', 'invalid', 'coercible', 'huge'] as const;
export type MetaGroup = (typeof META_GROUPS)[number];

type Field = 'width' | 'height';

export const INVALID_META_KINDS = [
  'missing-width', 'missing-height',
  'zero-width', 'zero-height',
  'negative-width', 'negative-height',
  'fractional-width', 'fractional-height',
  'non-numeric-string-width', 'non-numeric-string-height',
  'null-width', 'null-height',
  'array-width', 'array-height',
  'object-width', 'object-height',
  'meta-null', 'meta-string', 'meta-array', 'meta-empty-object',
] as const;
export const COERCIBLE_META_KINDS = ['numeric-string-width', 'numeric-string-height', 'bool-width', 'bool-height'] as const;
export const HUGE_META_KINDS = ['huge-width', 'huge-height', 'huge-both'] as const;
export const VALID_META_KINDS = ['valid', 'valid-with-extras'] as const;

export type MetaKind =
  | (typeof INVALID_META_KINDS)[number]
  | (typeof COERCIBLE_META_KINDS)[number]
  | (typeof HUGE_META_KINDS)[number]
  | (typeof VALID_META_KINDS)[number];

export const META_KINDS_BY_GROUP: Readonly<Record<MetaGroup, readonly MetaKind[]>> = {
  valid: VALID_META_KINDS,
  invalid: INVALID_META_KINDS,
  coercible: COERCIBLE_META_KINDS,
  huge: HUGE_META_KINDS,
};

export interface MetaRecipe {
  kind: MetaKind;
  group: MetaGroup;
  /** The JSON value to pass as image_meta. */
  meta: unknown;
}

/** A field replacement; `undefined` means the key is removed. */
type Damage = (size: number) => fc.Arbitrary<unknown>;

const FIELD_DAMAGE: Record<string, Damage> = {
  'missing': () => fc.constant(undefined),
  'zero': () => fc.constant(0),
  'negative': (n) => fc.constantFrom(-1, -n),
  'fractional': (n) => fc.constantFrom(n + 0.5, 0.5, n - 0.25),
  'non-numeric-string': () => fc.constantFrom('abc', '', '640px', 'wide'),
  'null': () => fc.constant(null),
  'array': (n) => fc.constant([n]),
  'object': (n) => fc.constant({ value: n }),
  'numeric-string': (n) => fc.constant(String(n)),
  'bool': () => fc.constant(true),
  'huge': () => fc.constantFrom(2 ** 31, 1e12),
};

function damagedField(base: ValidMeta, field: Field, damage: string): fc.Arbitrary<unknown> {
  return FIELD_DAMAGE[damage](base[field]).map((value) => {
    const meta: Record<string, unknown> = { ...base };
    if (value === undefined) delete meta[field];
    else meta[field] = value;
    return meta;
  });
}

/* Unknown keys a reader must ignore; WIDTH tempts a case-insensitive lookup. */
const EXTRA_KEYS = fc.subarray(
  [
    ['format', 'jpeg'],
    ['channels', 3],
    ['WIDTH', 99999],
    ['nested', { a: [1, 2, 3] }],
    ['', 'empty key'],
    ['dtype', 'uint8'],
  ] as [string, unknown][],
  { minLength: 1 },
);

function metaOfKind(kind: MetaKind, base: ValidMeta): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'valid': return fc.constant(base);
    case 'valid-with-extras': return EXTRA_KEYS.map((extras) => ({ ...Object.fromEntries(extras), ...base }));
    case 'meta-null': return fc.constant(null);
    case 'meta-string': return fc.constant(`${base.width}x${base.height}`);
    case 'meta-array': return fc.constant([base.width, base.height]);
    case 'meta-empty-object': return fc.constant({});
    case 'huge-both': return FIELD_DAMAGE.huge(0).map((h) => ({ ...base, width: h, height: h }));
  }
  const field = kind.endsWith('-width') ? 'width' : 'height';
  return damagedField(base, field, kind.slice(0, -field.length - 1));
}

export const GROUP_OF_KIND: Readonly<Record<MetaKind, MetaGroup>> = Object.fromEntries(
  META_GROUPS.flatMap((group) => META_KINDS_BY_GROUP[group].map((kind) => [kind, group])),
) as Record<MetaKind, MetaGroup>;

export interface MetaRecipeConstraints extends MetaSize {
  /** Default: ['invalid']. */
  groups?: readonly MetaGroup[];
}

/**
 * A labelled meta for a frame of the given size: one defect on an otherwise valid meta (or a
 * valid one, with or without extra keys, when the `valid` group is asked for).
 */
export function metaRecipe(constraints: MetaRecipeConstraints = {}): fc.Arbitrary<MetaRecipe> {
  const groups = constraints.groups ?? ['invalid'];
  requireNonEmptySubset('metaRecipe', 'groups', groups, META_GROUPS);
  const kinds = groups.flatMap((g) => META_KINDS_BY_GROUP[g]);
  return fc
    .tuple(validMeta(constraints), fc.constantFrom(...kinds))
    .chain(([base, kind]) => metaOfKind(kind, base).map((meta) => ({ kind, group: GROUP_OF_KIND[kind], meta })));
}

/** One line for humans, e.g. 'invalid meta (fractional-width): {"width":640.5,...}'. */
export function describeMeta(recipe: MetaRecipe): string {
  return `${recipe.group} meta (${recipe.kind}): ${JSON.stringify(recipe.meta)}`;
}

export interface ColorSpaceVariant {
  label: string;
  /** undefined means the key is absent. */
  value: unknown;
  /** The channel order under the default reading: only the exact string "BGR" means BGR. */
  defaultOrder: 'RGB' | 'BGR';
  /** True where the sources leave the outcome to a profile (case, unknown names, odd types). */
  profilePoint: boolean;
}

export const COLOR_SPACE_VARIANTS: readonly ColorSpaceVariant[] = [
  { label: 'RGB', value: 'RGB', defaultOrder: 'RGB', profilePoint: false },
  { label: 'BGR', value: 'BGR', defaultOrder: 'BGR', profilePoint: false },
  { label: 'absent', value: undefined, defaultOrder: 'RGB', profilePoint: false },
  { label: 'bgr', value: 'bgr', defaultOrder: 'RGB', profilePoint: true },
  { label: 'Bgr', value: 'Bgr', defaultOrder: 'RGB', profilePoint: true },
  { label: 'rgb', value: 'rgb', defaultOrder: 'RGB', profilePoint: true },
  { label: 'sRGB', value: 'sRGB', defaultOrder: 'RGB', profilePoint: true },
  { label: 'YUV', value: 'YUV', defaultOrder: 'RGB', profilePoint: true },
  { label: 'empty', value: '', defaultOrder: 'RGB', profilePoint: true },
  { label: 'null', value: null, defaultOrder: 'RGB', profilePoint: true },
  { label: 'number', value: 3, defaultOrder: 'RGB', profilePoint: true },
];
export const COLOR_SPACE_LABELS = COLOR_SPACE_VARIANTS.map((v) => v.label);

export interface ColorSpaceMetaRecipe {
  variant: ColorSpaceVariant;
  meta: Record<string, unknown>;
}

export interface ColorSpaceMetaConstraints extends MetaSize {
  /** Default: every label in {@link COLOR_SPACE_LABELS}. */
  labels?: readonly string[];
}

/** A valid meta whose color_space is one of the variants (rule 4). */
export function colorSpaceMetaRecipe(constraints: ColorSpaceMetaConstraints = {}): fc.Arbitrary<ColorSpaceMetaRecipe> {
  const labels = constraints.labels ?? COLOR_SPACE_LABELS;
  requireNonEmptySubset('colorSpaceMetaRecipe', 'labels', labels, COLOR_SPACE_LABELS);
  const variants = COLOR_SPACE_VARIANTS.filter((v) => labels.includes(v.label));
  return fc.tuple(validMeta(constraints), fc.constantFrom(...variants)).map(([base, variant]) => {
    const meta: Record<string, unknown> = { ...base };
    delete meta.color_space;
    if (variant.value !== undefined) meta.color_space = variant.value;
    return { variant, meta };
  });
}

export function describeColorSpaceMeta(recipe: ColorSpaceMetaRecipe): string {
  const point = recipe.variant.profilePoint ? ', a profile point' : '';
  return `meta with color_space ${recipe.variant.label} (default reading ${recipe.variant.defaultOrder}${point}): ${JSON.stringify(recipe.meta)}`;
}
