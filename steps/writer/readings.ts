/**
 * Writer checks of ambiguous clauses are pure functions of the readings, so each is run once per
 * reading of the clause: the selected reading's problems decide, and which readings held is
 * recorded for readingsSatisfied (steps/support/readingsObserved.ts).
 */
import { loadCatalog, type Catalog } from '../../kit/catalog.ts';
import { observeReadings } from '../support/readingsObserved.ts';
import { writerState } from './state.ts';

type Readings = Record<string, string>;
let catalog: Catalog | undefined;

export function underEachReading(world: { parameters: unknown }, clause: string, check: (readings: Readings) => string[]): string[] {
  const selected = writerState(world).readings;
  catalog ??= loadCatalog();
  const readings = catalog.byId.get(clause)?.readings;
  if (!readings) throw new Error(`kit error: ${clause} has no readings`);
  let chosen: string[] | undefined;
  const held: Record<string, boolean> = {};
  for (const r of readings) {
    const problems = check({ ...selected, [clause]: r.id });
    held[r.id] = problems.length === 0;
    if (r.id === selected[clause]) chosen = problems;
  }
  observeReadings(world, clause, held);
  return chosen ?? check(selected);
}
