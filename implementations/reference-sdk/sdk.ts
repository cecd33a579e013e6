/**
 * The reference SDK: `read_image_from_shared_memory` and its dev-time writers, in TypeScript.
 *
 * `read` is only orchestration; every rule lives in one replaceable part (`SdkParts`), so a
 * deliberately broken variant (a mutant) is `createSdk({ onePart: broken })`. For the same
 * reason `read` has no catch-all: each default part is total on its own, and an exception a
 * replaced part throws must reach the adapter, which reports it.
 */
import type { NdArray } from '../../adapter/types.ts';
import { applyColorSpace, colorSpaceApplier, type PixelSource } from './parts/applyColorSpace.ts';
import { decodeJpeg } from './parts/decodeJpeg.ts';
import { fitToMeta } from './parts/fitToMeta.ts';
import { lookupSegment } from './parts/lookupSegment.ts';
import { normalizeArray } from './parts/normalizeArray.ts';
import { toContiguous } from './parts/toContiguous.ts';
import { DEFAULT_MAX_PIXELS, metaValidator, validateMeta, type MetaSize } from './parts/validateMeta.ts';
import { zeros } from './parts/zeros.ts';
import { createSegmentStore, resolveShmDir, type SegmentStore } from './segmentStore.ts';
import type { SdkTransport, StoredSegment } from './storedSegment.ts';
import type { StoredArray } from './heldArray.ts';

export interface SdkParts {
  /** RD-META-01..03: the requested size, or null for "none". */
  validateMeta(meta: unknown): MetaSize | null;
  /** RD-ISO-01, RD-CLEAN-01/02, RD-XPROC-01: in-process first, then fs. */
  lookup(store: SegmentStore, id: string): StoredSegment | undefined;
  /**
   * RD-DEC-01..03, RD-FALL-02/03, RD-ENC-01: JPEG only, 8-bit RGB H x W x 3, null on failure. `maxPixels` is the most
   * the caller will accept (meta's W x H under the strict size rule); a variant that wants
   * other sizes wraps this part and passes its own bound.
   */
  decode(bytes: Uint8Array, maxPixels: number): Promise<NdArray | null>;
  /**
   * RD-ARR-01..04 for arrays held in other layouts (views, Fortran order, big-endian): the
   * array the caller meant, C-ordered and little-endian; null when its strides are malformed.
   */
  toContiguous(a: StoredArray): NdArray | null;
  /**
   * RD-ARR-02, RD-ARR-03/04 and RD-OWN-01/02: grey to three channels, non-uint8 cast, unsupported
   * shapes to null, always a fresh array.
   * `owned`: `a` is the read's own (decoded from bytes), so it need not be copied.
   */
  normalizeArray(a: NdArray, owned?: boolean): NdArray | null;
  /** RD-CS-01..04: BGR to RGB. */
  applyColorSpace(a: NdArray, meta: Record<string, unknown>, source: PixelSource): NdArray;
  /** RD-SHAPE-01/02 (reading strict): the size must equal meta's. */
  fitToMeta(a: NdArray, width: number, height: number): NdArray | null;
  /** RD-FALL-01..03: the fallback. */
  zeros(width: number, height: number): NdArray;
}

export const defaultParts: Readonly<SdkParts> = Object.freeze({
  validateMeta,
  lookup: lookupSegment,
  decode: decodeJpeg,
  toContiguous,
  normalizeArray,
  applyColorSpace,
  fitToMeta,
  zeros,
});

export interface SdkOptions {
  /** The fs transport's directory; defaults to env PROC_SHM_DIR, then `<tmpdir>/procvision_dev_shm`. */
  shmDir?: string;
  /** Profile point (see parts/applyColorSpace.ts); used only when `applyColorSpace` is not replaced. */
  bgrAppliesToBytes?: boolean;
  /** Largest meta W x H honoured; used only when `validateMeta` is not replaced. */
  maxPixels?: number;
}

/** Mirrors the Python module `procvision_algorithm_sdk.shared_memory`. */
export interface Sdk {
  readonly shmDir: string;
  /** `read_image_from_shared_memory`: null is Python's None. */
  read(id: string, meta: unknown): Promise<NdArray | null>;
  /** `dev_write_image_to_shared_memory`. */
  devWriteBytes(id: string, bytes: Uint8Array, transport?: SdkTransport): void;
  /** `write_image_array_to_shared_memory`: a plain array, or one held as a view or in another layout. */
  writeArray(id: string, array: StoredArray, transport?: SdkTransport): void;
  /** `dev_clear_shared_memory`: removes the id from every layer. */
  clear(id: string): void;
}

export function createSdk(parts: Partial<SdkParts> = {}, options: SdkOptions = {}): Sdk {
  const p: SdkParts = {
    ...defaultParts,
    // coverage exception: an option for users of the SDK, which no target of the kit sets (no clause's reading is a pixel limit)
    ...(options.maxPixels !== undefined ? { validateMeta: metaValidator(options.maxPixels) } : {}),
    ...(options.bgrAppliesToBytes !== undefined ? { applyColorSpace: colorSpaceApplier(options) } : {}),
    ...withoutUndefined(parts),
  };
  const shmDir = resolveShmDir(options.shmDir);
  const store = createSegmentStore(shmDir);

  async function read(id: string, meta: unknown): Promise<NdArray | null> {
    const size = p.validateMeta(meta);
    if (size === null) return null;
    const { width, height } = size;
    const segment = p.lookup(store, id);
    if (segment === undefined) return p.zeros(width, height);

    const source: PixelSource = segment.kind === 'array' ? 'array' : 'bytes';
    const pixels = segment.kind === 'array' ? p.toContiguous(segment.array) : await p.decode(segment.bytes, width * height);
    const normalized = pixels === null ? null : p.normalizeArray(pixels, source === 'bytes');
    // Fit before converting: a wrong-sized image is dropped before any pixel work.
    const fitted = normalized === null ? null : p.fitToMeta(normalized, width, height);
    if (fitted === null) return p.zeros(width, height);
    return p.applyColorSpace(fitted, meta as Record<string, unknown>, source);
  }

  return {
    shmDir,
    read,
    devWriteBytes: (id, bytes, transport = 'inproc') => store.put(id, { kind: 'bytes', bytes }, transport),
    writeArray: (id, array, transport = 'inproc') => store.put(id, { kind: 'array', array }, transport),
    clear: (id) => store.clear(id),
  };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export { DEFAULT_MAX_PIXELS };
export type { MetaSize, PixelSource, SdkTransport, SegmentStore, StoredArray, StoredSegment };
