/**
 * How far two correct JPEG decoders may disagree on the kit's generated content.
 * Derivation and measurements: docs/tolerances.md. A BGR/RGB swap or a zero fallback is far
 * outside these bounds because the generated content keeps channels and levels apart.
 */
export const JPEG_TOLERANCE = {
  /** Largest per-sample difference allowed against the kit's own decode. */
  maxAbs: 16,
  /** Largest mean per-sample difference allowed against the kit's own decode. */
  meanAbs: 2,
} as const;

/** A read that takes longer than this on one frame counts as a hang (rule 15). */
export const READ_DEADLINE_MS = 10_000;
