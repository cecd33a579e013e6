/**
 * Array layouts (docs/adapter-protocol.md, "Array layouts"): the memory camera code may hand an
 * SDK's array write, built for SDKs without numpy the way adapters/python/pv_conform_shim.py
 * builds it with numpy, so that both hold the same bytes. The values are always those of the
 * C-ordered little-endian array the kit sends; only where and how they sit in memory changes.
 */
import type { ArrayLayout, ArrayView, Dtype, HeldArray, NdArray } from '../adapter/types.ts';
import { ARRAY_VIEWS } from '../adapter/types.ts';

const ITEMSIZE: Readonly<Record<Dtype, number>> = {
  uint8: 1, int8: 1, bool: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8,
};

const count = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** Byte strides of a dense array of this shape in C (last axis fastest) or F (first axis fastest) order. */
export function denseStrides(shape: readonly number[], itemsize: number, order: 'C' | 'F'): number[] {
  const strides = new Array<number>(shape.length);
  let step = itemsize;
  const axes = shape.map((_, i) => i);
  if (order === 'C') axes.reverse();
  for (const axis of axes) {
    strides[axis] = step;
    step *= Math.max(shape[axis]!, 1);
  }
  return strides;
}

/**
 * Why `layout` cannot hold `a`, or null when it can: a strided crop and a transpose need two
 * axes, a flip and a broadcast one, and a broadcast needs values constant along the last axis.
 */
export function layoutProblem(a: NdArray, layout: ArrayLayout): string | null {
  const { view } = layout;
  if (layout.order !== undefined && layout.order !== 'C' && layout.order !== 'F') return `unknown order ${String(layout.order)}`;
  if (layout.byteOrder !== undefined && layout.byteOrder !== 'little' && layout.byteOrder !== 'big') return `unknown byte order ${String(layout.byteOrder)}`;
  if (view === undefined) return null;
  if (!(ARRAY_VIEWS as readonly string[]).includes(view)) return `unknown view ${String(view)}`;
  const ndim = a.shape.length;
  if ((view === 'strided-crop' || view === 'transpose') && ndim < 2) return `a ${view} needs at least two axes, the array has ${ndim}`;
  if ((view === 'flip-channels' || view === 'broadcast') && ndim < 1) return `a ${view} needs at least one axis`;
  if (view === 'broadcast' && !constantAlongLastAxis(a)) return 'a broadcast needs values constant along the last axis';
  return null;
}

function constantAlongLastAxis(a: NdArray): boolean {
  const size = ITEMSIZE[a.dtype];
  const last = a.shape.at(-1) ?? 1;
  const rowBytes = last * size;
  for (let row = 0; row + rowBytes <= a.data.length && rowBytes > 0; row += rowBytes) {
    for (let i = size; i < rowBytes; i++) if (a.data[row + i] !== a.data[row + (i % size)]) return false;
  }
  return true;
}

/** `a` with every element set to the first of its last axis, so that a broadcast can hold it. */
export function makeBroadcastable(a: NdArray): NdArray {
  const size = ITEMSIZE[a.dtype];
  const rowBytes = (a.shape.at(-1) ?? 1) * size;
  const data = new Uint8Array(a.data);
  for (let row = 0; row + rowBytes <= data.length && rowBytes > 0; row += rowBytes) {
    for (let i = size; i < rowBytes; i++) data[row + i] = data[row + (i % size)]!;
  }
  return { dtype: a.dtype, shape: [...a.shape], data };
}

/**
 * `a` held as `layout` says, as numpy holds `hold(a, layout)` in the Python shim. Throws on a
 * layout that cannot hold `a` ({@link layoutProblem}).
 */
export function holdArray(a: NdArray, layout: ArrayLayout): HeldArray {
  const problem = layoutProblem(a, layout);
  if (problem) throw new RangeError(`holdArray: ${problem}`);
  const size = ITEMSIZE[a.dtype];
  const order = layout.order ?? 'C';
  const byteOrder = layout.byteOrder ?? 'little';
  const src = denseStrides(a.shape, size, 'C');
  // Copies element `from` of `a` (by index) into `out` at byte position `at`, in the requested byte order.
  const put = (out: Uint8Array, at: number, index: readonly number[], invert = false) => {
    let from = 0;
    for (let i = 0; i < index.length; i++) from += index[i]! * src[i]!;
    for (let b = 0; b < size; b++) {
      const v = a.data[from + (byteOrder === 'big' ? size - 1 - b : b)]!;
      out[at + b] = invert ? 255 - v : v;
    }
  };
  const shape = [...a.shape];
  const view: ArrayView | undefined = layout.view;
  switch (view) {
    case 'flip-channels': {
      // The base holds the channels reversed; the view reverses them back with a negative stride.
      const last = shape.length - 1;
      const { data, strides } = dense(shape, size, order, (out, at, idx) => put(out, at, flipLast(idx, shape[last]!)));
      const viewStrides = [...strides];
      viewStrides[last] = -strides[last]!;
      return held(a, data, viewStrides, Math.max(shape[last]! - 1, 0) * strides[last]!, byteOrder, false);
    }
    case 'transpose': {
      const baseShape = [shape[1]!, shape[0]!, ...shape.slice(2)];
      const { data, strides } = dense(baseShape, size, order, (out, at, idx) => put(out, at, [idx[1]!, idx[0]!, ...idx.slice(2)]));
      return held(a, data, [strides[1]!, strides[0]!, ...strides.slice(2)], 0, byteOrder, false);
    }
    case 'strided-crop': {
      // base[::2, 1::2] is the array; every other element is the complement of the one it sits beside.
      const baseShape = [shape[0]! * 2, shape[1]! * 2, ...shape.slice(2)];
      const { data, strides } = dense(baseShape, size, order, (out, at, idx) => {
        const kept = idx[0]! % 2 === 0 && idx[1]! % 2 === 1;
        put(out, at, [idx[0]! >> 1, idx[1]! >> 1, ...idx.slice(2)], !kept);
      });
      return held(a, data, [strides[0]! * 2, strides[1]! * 2, ...strides.slice(2)], strides[1]!, byteOrder, false);
    }
    case 'broadcast': {
      const baseShape = [...shape.slice(0, -1), Math.min(shape.at(-1)!, 1)];
      const { data, strides } = dense(baseShape, size, order, (out, at, idx) => put(out, at, idx));
      return held(a, data, [...strides.slice(0, -1), 0], 0, byteOrder, true);
    }
    default: {
      const { data, strides } = dense(shape, size, order, (out, at, idx) => put(out, at, idx));
      return held(a, data, strides, 0, byteOrder, view === 'read-only');
    }
  }
}

function flipLast(idx: readonly number[], n: number): number[] {
  const out = [...idx];
  out[out.length - 1] = n - 1 - out[out.length - 1]!;
  return out;
}

function held(a: NdArray, data: Uint8Array, strides: number[], offset: number, byteOrder: 'little' | 'big', readOnly: boolean): HeldArray {
  return { dtype: a.dtype, shape: [...a.shape], data, strides, offset, byteOrder, readOnly };
}

/** A dense buffer of `shape` in `order`, each element written by `fill(out, byteAt, index)`. */
function dense(
  shape: readonly number[], size: number, order: 'C' | 'F',
  fill: (out: Uint8Array, at: number, index: readonly number[]) => void,
): { data: Uint8Array; strides: number[] } {
  const strides = denseStrides(shape, size, order);
  const data = new Uint8Array(count(shape) * size);
  forEachIndex(shape, (idx) => {
    let at = 0;
    for (let i = 0; i < idx.length; i++) at += idx[i]! * strides[i]!;
    fill(data, at, idx);
  });
  return { data, strides };
}

/** Calls `visit` with every index of `shape` in C order (the same array, reused). */
export function forEachIndex(shape: readonly number[], visit: (index: readonly number[]) => void): void {
  if (shape.some((d) => d === 0)) return;
  const idx = new Array<number>(shape.length).fill(0);
  for (;;) {
    visit(idx);
    let axis = shape.length - 1;
    while (axis >= 0) {
      idx[axis]! += 1;
      if (idx[axis]! < shape[axis]!) break;
      idx[axis] = 0;
      axis -= 1;
    }
    if (axis < 0) return;
  }
}

/** The layout's words as features and reports write them, e.g. "F+big+flip-channels"; "C" for none. */
export function layoutName(layout: ArrayLayout): string {
  const words = [
    ...(layout.order === 'F' ? ['F'] : []),
    ...(layout.byteOrder === 'big' ? ['big'] : []),
    ...(layout.view ? [layout.view] : []),
  ];
  return words.length ? words.join('+') : 'C';
}

/** Inverse of {@link layoutName}: "C", "F", "little", "big" and the view names, joined by "+". */
export function parseLayout(name: string): ArrayLayout {
  const layout: ArrayLayout = {};
  for (const word of name.split('+').map((w) => w.trim())) {
    if (word === 'C' || word === 'F') layout.order = word;
    else if (word === 'little' || word === 'big') layout.byteOrder = word;
    else if ((ARRAY_VIEWS as readonly string[]).includes(word) && !layout.view) layout.view = word as ArrayView;
    else throw new RangeError(`unknown array layout word "${word}" in "${name}"; known: C, F, little, big, ${ARRAY_VIEWS.join(', ')} (one view at most)`);
  }
  return layout;
}
