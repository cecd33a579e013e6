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
  /** Readings that held on every observation of the clause that could judge them. */
  satisfied: string[];
  /** Readings some observation broke. A reading in neither list was never judged. */
  broken?: string[];
  observations: number;
}

interface Tally { held: Set<string>; broken: Set<string>; observations: number }

const tallies = new WeakMap<object, Map<string, Tally>>();

/**
 * Records one observation: `held` says, per reading id, whether that reading accepts it; a
 * reading missing from it could not be judged on this observation and keeps its standing.
 */
export function observeReadings(world: object, clause: string, held: Record<string, boolean>): void {
  let byClause = tallies.get(world);
  if (!byClause) tallies.set(world, (byClause = new Map()));
  let t = byClause.get(clause);
  if (!t) byClause.set(clause, (t = { held: new Set(), broken: new Set(), observations: 0 }));
  for (const [reading, ok] of Object.entries(held)) (ok ? t.held : t.broken).add(reading);
  t.observations += 1;
}

export function readingTallies(world: object): Record<string, ReadingTally> {
  const out: Record<string, ReadingTally> = {};
  for (const [clause, t] of tallies.get(world) ?? []) {
    out[clause] = { satisfied: [...t.held].filter((r) => !t.broken.has(r)).sort(), broken: [...t.broken].sort(), observations: t.observations };
  }
  return out;
}

export async function attachReadingTallies(world: World): Promise<void> {
  const t = readingTallies(world);
  if (Object.keys(t).length) await world.attach(JSON.stringify(t), READINGS_MEDIA_TYPE);
}

/** Per clause over many scenarios: the readings some observation judged and none broke. */
export function combineTallies(tallies: Iterable<ReadingTally>): ReadingTally | undefined {
  const held = new Set<string>();
  const broken = new Set<string>();
  let observations = 0;
  for (const t of tallies) {
    observations += t.observations;
    for (const r of t.satisfied) held.add(r);
    for (const r of t.broken ?? []) broken.add(r);
  }
  if (!observations) return undefined;
  return { satisfied: [...held].filter((r) => !broken.has(r)).sort(), broken: [...broken].sort(), observations };
}
