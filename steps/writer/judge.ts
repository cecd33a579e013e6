/** Turns a check's problems into the failure every report is derived from. */
import { ConformanceFailure, type FailureDetail, type FailureSignature } from '../support/failure.ts';
import type { StepRecord } from './session.ts';
import { describeStep } from './checks.ts';

/** Where the support code's After hook looks for the detail to attach (PvWorld.failure). */
export function remember(world: object, detail: FailureDetail): void {
  (world as { failure?: FailureDetail }).failure = detail;
}

/**
 * What a writer failure is grouped by (reports/defects.ts): the first problem without its step,
 * role and id, numbers and hex runs folded, so one defect met by a step scenario and by a
 * property is counted once.
 */
export function writerSignature(problems: string[]): FailureSignature {
  const first = (problems[0] ?? '').replace(/^step \d+(?: \w+ "(?:[^"\\]|\\.)*")?: /, '');
  const folded = first.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\b[0-9a-f]{6,}\b/g, 'HEX').replace(/\d+(?:\.\d+)?/g, 'N');
  return { comparison: folded, result: 'segment' };
}

export function judge(world: object, clause: string, summary: string, expected: string, problems: string[], records: StepRecord[] | StepRecord, extra: Partial<FailureDetail> = {}): void {
  if (!problems.length) return;
  const list = Array.isArray(records) ? records : [records];
  const metas = list.flatMap((r) => r.calls.flatMap((c) => c.images.map((i) => ({ role: i.role, id: i.id, meta: i.meta }))));
  const detail: FailureDetail = {
    clause,
    summary,
    input: list.map(describeStep).join('\n            '),
    ...(metas.length ? { meta: metas.length === 1 ? metas[0] : metas } : {}),
    expected,
    actual: problems.slice(0, 8).join('; ') + (problems.length > 8 ? `; and ${problems.length - 8} more` : ''),
    signature: writerSignature(problems),
    ...extra,
  };
  remember(world, detail);
  throw new ConformanceFailure(detail);
}
