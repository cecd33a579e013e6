/** The call frame of each generation and, for v1, of each of its two documented shapes. */
import type { SpecGeneration } from '../../adapter/types.ts';
import type { FrameRole, V1CallShape } from '../../adapter/runner/types.ts';

export interface CallImage { role: FrameRole; id: string; meta: Record<string, unknown> }
export interface CallInput {
  generation: SpecGeneration;
  v1Shape: V1CallShape;
  requestId: string;
  stepIndex: number;
  sessionId: string;
  images: CallImage[];
}

export type CallBuilder = (input: CallInput) => Record<string, unknown>;

export const buildCall: CallBuilder = ({ generation, v1Shape, requestId, stepIndex, sessionId, images }) => {
  const image = (role: FrameRole) => {
    const found = images.find((i) => i.role === role);
    if (!found) throw new Error(`a ${generation} call needs an image with role "${role}"`);
    return found;
  };
  if (generation === 'v2') {
    const cur = image('cur');
    const guide = image('guide');
    return {
      type: 'call',
      request_id: requestId,
      data: {
        step_index: stepIndex,
        step_desc: 'pv-conform step',
        guide_info: [],
        cur_image_shm_id: cur.id,
        cur_image_meta: cur.meta,
        guide_image_shm_id: guide.id,
        guide_image_meta: guide.meta,
      },
    };
  }
  const one = image('image');
  const session = { id: sessionId, context: {} };
  if (v1Shape === 'payload') {
    return {
      type: 'call',
      request_id: requestId,
      method: 'execute',
      timestamp_ms: Date.now(),
      payload: { step_index: stepIndex, session, user_params: {}, shared_mem_id: one.id, image_meta: one.meta },
    };
  }
  return {
    type: 'call',
    request_id: requestId,
    step_index: stepIndex,
    pid: 'PV-CONFORM',
    session,
    user_params: {},
    shared_mem_id: one.id,
    image_meta: one.meta,
    phase: 'execute',
  };
};
