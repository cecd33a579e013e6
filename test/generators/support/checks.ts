import assert from 'node:assert/strict';

/** Recipes must survive JSON unchanged, or a shrunk counterexample would print misleadingly. */
export function assertJsonPrintable(value: unknown): void {
  assert.deepEqual(JSON.parse(JSON.stringify(value)), value);
}

export function maxAbsDiff(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length, 'pixel buffers differ in length');
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length, 'pixel buffers differ in length');
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
