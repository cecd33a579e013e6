/**
 * What an implementation did on ambiguous clauses, judged once against every candidate reading.
 *
 * A reading's check is a pure function of what was read, so the kit evaluates all of a clause's
 * readings on each observation, whatever the profile selected, and keeps per scenario the
 * readings that held on every observation. The tally is attached to the message stream, so
 * results.json (readingsSatisfied per clause) is derived from the stream like every other view.
 */
import type { World } from '@cucumber/cucumber';

export const READINGS_MEDIA_TYPE = 'application/vnd.pv-conform.readings+json';

export interface ReadingTally {
  /** Readings that held on every observation of the clause in this scenario. */
  satisfied: string[];
  observations: number;
}

interface Tally { satisfied: Set<string>; observations: number }

const tallies = new WeakMap<object, Map<string, Tally>>();

/**
 * Records one observation: `held` says, per reading id, whether that reading accepts it; a
 * reading missing from it could not be judged on this observation and keeps its standing.
 */
export function observeReadings(world: object, clause: string, held: Record<string, boolean>): void {
  let byClause = tallies.get(world);
  if (!byClause) tallies.set(world, (byClause = new Map()));
  const ok = Object.keys(held).filter((r) => held[r]);
  const t = byClause.get(clause);
  if (!t) byClause.set(clause, { satisfied: new Set(ok), observations: 1 });
  else {
    for (const r of [...t.satisfied]) if (held[r] === false) t.satisfied.delete(r);
    t.observations += 1;
  }
}

export function readingTallies(world: object): Record<string, ReadingTally> {
  const out: Record<string, ReadingTally> = {};
  for (const [clause, t] of tallies.get(world) ?? []) {
    out[clause] = { satisfied: [...t.satisfied].sort(), observations: t.observations };
  }
  return out;
}

export async function attachReadingTallies(world: World): Promise<void> {
  const t = readingTallies(world);
  if (Object.keys(t).length) await world.attach(JSON.stringify(t), READINGS_MEDIA_TYPE);
}

/** Per clause over many scenarios: the readings every observation satisfied. */
export function combineTallies(tallies: Iterable<ReadingTally>): ReadingTally | undefined {
  let satisfied: Set<string> | undefined;
  let observations = 0;
  for (const t of tallies) {
    if (!t.observations) continue;
    observations += t.observations;
    satisfied = satisfied ? new Set(t.satisfied.filter((r) => satisfied!.has(r))) : new Set(t.satisfied);
  }
  return satisfied ? { satisfied: [...satisfied].sort(), observations } : undefined;
}
