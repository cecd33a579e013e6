/** The frames the probe sends, in the shape of the generation it plays. */
import type { SpecGeneration } from '../adapter/types.ts';
import type { Reply } from './script.ts';

export function helloFrame(generation: SpecGeneration): Record<string, unknown> {
  return generation === 'v1'
    ? { type: 'hello', sdk_version: '1.0' }
    : { type: 'hello', sdk_version: '0.3.0', timestamp_ms: Date.now(), capabilities: ['ping', 'call', 'shutdown', 'shared_memory:v1', 'execute'] };
}

export function pongFrame(ping: Record<string, unknown>): Record<string, unknown> {
  return { type: 'pong', request_id: ping.request_id, timestamp_ms: Date.now(), status: 'OK' };
}

export function shutdownFrame(): Record<string, unknown> {
  return { type: 'shutdown', timestamp_ms: Date.now(), status: 'OK' };
}

/** The answer to a call for the replies that are frames; undefined for the others. */
export function answerFrame(
  reply: Reply,
  generation: SpecGeneration,
  call: Record<string, unknown>,
  stepIndex: unknown,
): Record<string, unknown> | undefined {
  const base: Record<string, unknown> = { request_id: call.request_id, timestamp_ms: Date.now() };
  if (generation === 'v1') base.phase = 'execute';
  switch (reply) {
    case 'ok':
      return { type: 'result', ...base, status: 'OK', message: '', data: { step_index: stepIndex, result_status: 'OK', defect_rects: [] } };
    case 'ng':
      return {
        type: 'result', ...base, status: 'OK', message: '',
        data: { step_index: stepIndex, result_status: 'NG', ng_reason: 'probe: scripted NG', defect_rects: [{ x: 0, y: 0, width: 1, height: 1, label: 'probe' }] },
      };
    case 'error-result':
      return { type: 'result', ...base, status: 'ERROR', message: 'probe: scripted ERROR result', error_code: '9999' };
    case 'error-frame':
      return { type: 'error', ...base, status: 'ERROR', message: 'probe: scripted error frame', error_code: '1000' };
    default:
      return undefined;
  }
}

/** Bytes whose first four read as a length far past any frame limit, so framing breaks at once. */
export const JUNK = Buffer.from('this is not a frame: the probe broke stdout purity on purpose\n', 'utf8');
