/**
 * What the matrix runs: the reference of each side on its full suite, and every mutant on a
 * scope that can matter to it plus a witness, so that blame on unrelated clauses stays visible.
 *
 * Scope. A reader mutant runs the scenarios of every clause in the families of the clauses it
 * breaks or may also be blamed on, plus one witness family. A writer mutant runs the scenarios of the clauses it breaks,
 * plus one witness clause (writer scenarios cost a Runner and an algorithm process each, and a
 * writer family can hold 32 of them). Witnesses rotate over the other families or clauses in
 * mutant order, shifted by `rotation`, so each witness is a different part of the suite and a
 * different rotation checks other pairs; `full` runs every mutant against the whole suite.
 *
 * Writer variants. Every writer outline runs once per (generation, transport) pair with the
 * same steps; the matrix runs one pair (`writerVariant`, default "v2, fs", which every writer
 * outline has) for the writer reference and mutants alike, because each writer scenario costs a
 * Runner and an algorithm process. `writerVariant: null` runs them all.
 */
import { loadCatalog } from '../../../kit/catalog.ts';
import { brokenClauses } from '../readerMutants.ts';
import type { ClauseInfo, MutantInfo, Side } from './types.ts';

export interface PlannedRun {
  side: Side;
  mutant: string | null;
  /** pv-conform run arguments, without report dir, seed, runs or --quiet. */
  args: string[];
  scope: string;
  scopeClauses: string[];
  /** Rough seconds, for longest-first scheduling only. */
  cost: number;
}

export interface PlanOptions {
  sides: Side[];
  full: boolean;
  rotation: number;
  /** Run only these mutants (the references always run). */
  only?: string[];
  /** Split each reference run into this many cucumber shards, so two workers share it. */
  referenceShards: Partial<Record<Side, number>>;
  /** The writer scenarios' "(generation, transport)" pair to run, or null for all of them. */
  writerVariant: string | null;
}

/** Selects the writer outlines' example rows of one variant by their names, "... (v2, fs)". */
function variantArgs(side: Side, o: PlanOptions): string[] {
  if (side !== 'writer' || !o.writerVariant) return [];
  return ['--name', `\\(${o.writerVariant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`];
}

/** A writer mutant whose defect only one generation can show names that variant (e.g. a v1 call shape). */
const ownVariant = (m: MutantInfo, o: PlanOptions): PlanOptions =>
  (m.writerVariant && o.writerVariant ? { ...o, writerVariant: m.writerVariant } : o);

const variantNote = (side: Side, o: PlanOptions) => (side === 'writer' && o.writerVariant ? ` [${o.writerVariant}]` : '');

export function loadClauses(): ClauseInfo[] {
  return loadCatalog().clauses.map((c) => ({ id: c.id, side: c.side, family: c.family, level: c.level, title: c.title }));
}

export async function loadMutants(sides: Side[]): Promise<MutantInfo[]> {
  const out: MutantInfo[] = [];
  if (sides.includes('reader')) {
    const { readerMutantCatalog } = await import('../readerMutants.ts');
    for (const [name, m] of Object.entries(readerMutantCatalog)) {
      out.push({ side: 'reader', name, breaks: brokenClauses(m), mayAlsoBlame: m.mayAlsoBlame ?? {}, description: m.description, targetArgs: ['--target', `mutant:${name}`, ...readingArgs(m.killedUnder)] });
    }
  }
  if (sides.includes('writer')) {
    const { writerMutantCatalog } = await import('../writerMutants.ts');
    for (const [name, m] of Object.entries(writerMutantCatalog)) {
      out.push({
        side: 'writer', name, breaks: brokenClauses(m), mayAlsoBlame: m.mayAlsoBlame ?? {}, description: m.description,
        targetArgs: ['--side', 'writer', '--runner', m.runner, ...readingArgs(m.killedUnder)], ...(m.variant ? { writerVariant: m.variant } : {}),
      });
    }
  }
  return out;
}

/**
 * A variant that takes a reading the default profile accepts is judged under the reading it
 * breaks (the kill matrix kills every clause under the reading where it applies).
 */
const readingArgs = (killedUnder: Record<string, string> | undefined) =>
  Object.entries(killedUnder ?? {}).flatMap(([clause, reading]) => ['--reading', `${clause}=${reading}`]);

const tagsFor = (clauses: string[]) => clauses.map((c) => `@${c}`).join(' or ');

function referenceRuns(side: Side, o: PlanOptions): PlannedRun[] {
  const shards = o.referenceShards[side] ?? 1;
  const args = [...(side === 'reader' ? ['--target', 'reference'] : ['--side', 'writer', '--runner', 'reference']), ...variantArgs(side, o)];
  const cost = side === 'reader' ? 12 : o.writerVariant ? 40 : 150;
  const scope = `full suite${variantNote(side, o)}`;
  if (shards <= 1) return [{ side, mutant: null, args, scope, scopeClauses: [], cost }];
  return Array.from({ length: shards }, (_, i) => ({
    side, mutant: null, args: [...args, '--shard', `${i + 1}/${shards}`], scope: `${scope}, shard ${i + 1}/${shards}`, scopeClauses: [], cost: cost / shards,
  }));
}

function mutantRun(m: MutantInfo, index: number, clauses: ClauseInfo[], o: PlanOptions): PlannedRun {
  if (o.full) {
    return {
      side: m.side, mutant: m.name, args: [...m.targetArgs, ...variantArgs(m.side, ownVariant(m, o))], scope: `full suite${variantNote(m.side, ownVariant(m, o))}`,
      scopeClauses: [], cost: m.side === 'reader' ? 12 : o.writerVariant ? 40 : 150,
    };
  }
  const sideClauses = clauses.filter((c) => c.side === m.side);
  const declared = new Set([...m.breaks, ...Object.keys(m.mayAlsoBlame)]);
  let scopeClauses: string[];
  let scope: string;
  if (m.side === 'reader') {
    const familyOf = new Map(sideClauses.map((c) => [c.id, c.family]));
    // Declared collateral is in scope too: reader families are cheap, and it shows the declaration is real.
    const own = [...new Set([...declared].map((b) => familyOf.get(b)).filter((f): f is string => !!f))].sort();
    const others = [...new Set(sideClauses.map((c) => c.family))].filter((f) => !own.includes(f)).sort();
    const witness = others.length ? others[(index + o.rotation) % others.length] : undefined;
    const families = witness ? [...own, witness] : own;
    scopeClauses = sideClauses.filter((c) => families.includes(c.family)).map((c) => c.id);
    scope = `families ${own.join(', ')}${witness ? ` + witness ${witness}` : ''}`;
  } else {
    const others = sideClauses.map((c) => c.id).filter((id) => !declared.has(id)).sort();
    const witness = others.length ? others[(index + o.rotation) % others.length] : undefined;
    scopeClauses = witness ? [...m.breaks, witness] : [...m.breaks];
    scope = `clauses ${m.breaks.join(', ')}${witness ? ` + witness ${witness}` : ''}${variantNote(m.side, ownVariant(m, o))}`;
  }
  // Rough costs: a reader clause costs a fraction of a second, a writer scenario a second or two.
  const cost = m.side === 'reader' ? 4 + scopeClauses.length * 0.4 : 4 + scopeClauses.length * (o.writerVariant ? 2 : 6);
  return { side: m.side, mutant: m.name, args: [...m.targetArgs, '--tags', tagsFor(scopeClauses), ...variantArgs(m.side, ownVariant(m, o))], scope, scopeClauses, cost };
}

export function planRuns(clauses: ClauseInfo[], mutants: MutantInfo[], o: PlanOptions): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const side of o.sides) {
    runs.push(...referenceRuns(side, o));
    const ofSide = mutants.filter((m) => m.side === side).sort((a, b) => a.name.localeCompare(b.name));
    ofSide.forEach((m, i) => {
      if (!o.only || o.only.includes(m.name)) runs.push(mutantRun(m, i, clauses, o));
    });
  }
  return runs;
}
