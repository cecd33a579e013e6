/**
 * Finds the image references in a call, whichever shape it has: v1 per runner_spec.md (top
 * level), v1 per spec.md 3.6 (`payload`), or v2 (`data`, cur + guide).
 */
import type { SpecGeneration } from '../adapter/types.ts';
import type { FrameRole } from '../adapter/runner/types.ts';

export type CallShape = 'v1-flat' | 'v1-payload' | 'v2' | 'unknown';

export interface ImageRef { role: FrameRole; id: string | null; meta: unknown }

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const asId = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function callShape(call: Record<string, unknown>, generation: SpecGeneration): CallShape {
  if (generation === 'v2') return asObject(call.data) ? 'v2' : 'unknown';
  if (asObject(call.payload)) return 'v1-payload';
  if ('shared_mem_id' in call || 'image_meta' in call) return 'v1-flat';
  return 'unknown';
}

export function callImages(call: Record<string, unknown>, shape: CallShape): ImageRef[] {
  switch (shape) {
    case 'v1-flat':
      return [{ role: 'image', id: asId(call.shared_mem_id), meta: call.image_meta ?? null }];
    case 'v1-payload': {
      const p = asObject(call.payload)!;
      return [{ role: 'image', id: asId(p.shared_mem_id), meta: p.image_meta ?? null }];
    }
    case 'v2': {
      const d = asObject(call.data)!;
      return [
        { role: 'cur', id: asId(d.cur_image_shm_id), meta: d.cur_image_meta ?? null },
        { role: 'guide', id: asId(d.guide_image_shm_id), meta: d.guide_image_meta ?? null },
      ];
    }
    default:
      return [];
  }
}

export const SCHEMAS_FOR: Record<SpecGeneration, Record<string, string>> = {
  v1: { 'v1-flat': 'frames/call-v1-flat.schema.json', 'v1-payload': 'frames/call-v1-payload.schema.json' },
  v2: { v2: 'frames/call-v2.schema.json' },
};
