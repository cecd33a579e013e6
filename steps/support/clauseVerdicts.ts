/**
 * What a scenario found per clause it checked: passed, failed, or not judged (its precondition
 * failed under another clause, e.g. no segment to compare meta with). A scenario tagged with one
 * clause may check others on the way, and a property checks three; each gets its own credit, so
 * a later failure does not hide an earlier pass and a missing segment does not pass a clause
 * vacuously. Attached to the message stream (reports/scenarioResults.ts reads it back).
 */
import type { World } from '@cucumber/cucumber';

export const CLAUSE_VERDICTS_MEDIA_TYPE = 'application/vnd.pv-conform.clause-verdicts+json';

export type ClauseJudgement = 'passed' | 'failed' | 'not judged';

export interface ClauseVerdict {
  verdict: ClauseJudgement;
  /** For `not judged`: which precondition failed, and how. */
  reason?: string;
}

/** Over several checks of one clause in a scenario: a failure stands, and one unjudged check leaves the clause unjudged. */
const RANK: Record<ClauseJudgement, number> = { passed: 0, 'not judged': 1, failed: 2 };

const verdicts = new WeakMap<object, Map<string, ClauseVerdict>>();

export function recordClauseVerdict(world: object, clause: string, verdict: ClauseJudgement, reason?: string): void {
  let byClause = verdicts.get(world);
  if (!byClause) verdicts.set(world, (byClause = new Map()));
  const prev = byClause.get(clause);
  if (prev && RANK[prev.verdict] >= RANK[verdict]) return;
  byClause.set(clause, { verdict, ...(reason ? { reason } : {}) });
}

/**
 * The scenario stopped before its remaining steps ran (the target skipped one): a clause passed so
 * far may have had more checks to come, so its pass is withdrawn and the scenario's skip speaks for
 * it. Failures and not-judged records stand. (A failure stops a scenario too, but its passes stand:
 * no scenario checks a clause again after checking another.)
 */
export function withdrawPasses(world: object): void {
  const byClause = verdicts.get(world);
  for (const [clause, v] of byClause ?? []) if (v.verdict === 'passed') byClause!.delete(clause);
}

export function clauseVerdictsOf(world: object): Record<string, ClauseVerdict> {
  return Object.fromEntries(verdicts.get(world) ?? []);
}

/** The clauses of this scenario that could not be judged, with why; empty when all were. */
export function notJudged(world: object): Array<{ clause: string; reason: string }> {
  return [...(verdicts.get(world) ?? [])].filter(([, v]) => v.verdict === 'not judged').map(([clause, v]) => ({ clause, reason: v.reason ?? '' }));
}

/** Called by an After hook (clauseVerdictsHook.ts); this module registers none, so reports can import it. */
export async function attachClauseVerdicts(world: World): Promise<void> {
  const v = clauseVerdictsOf(world);
  if (Object.keys(v).length) await world.attach(JSON.stringify(v), CLAUSE_VERDICTS_MEDIA_TYPE);
}
