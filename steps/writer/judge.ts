/** Turns a check's problems into the failure every report is derived from. */
import { ConformanceFailure, type FailureDetail } from '../support/failure.ts';
import type { StepRecord } from './session.ts';
import { describeStep } from './checks.ts';

/** Where the support code's After hook looks for the detail to attach (PvWorld.failure). */
export function remember(world: object, detail: FailureDetail): void {
  (world as { failure?: FailureDetail }).failure = detail;
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
    ...extra,
  };
  remember(world, detail);
  throw new ConformanceFailure(detail);
}
