/**
 * Failures grouped into defects: one broken behaviour met by many scenarios is one defect, so a
 * run whose 45 failures come from 10 defects says 10, and shows each once.
 *
 * Two failures are one defect when they blame the same clause and have the same signature: the
 * structured one reader checks record (which comparison failed, and the class of the result:
 * none, the exception's type, or dtype, ndim and last dim, never the exact size), or else one
 * derived from the failure's summary with numbers and quoted ids normalised away.
 */
import type { Catalog } from '../kit/catalog.ts';
import type { FailureDetail } from '../steps/support/failure.ts';

export interface Defect {
  /** "D1", "D2", ... in clause order (the catalog's), then by where the defect is first met. */
  id: string;
  clause: string;
  /** The clause's level, when the catalog knows it. */
  level?: string;
  signature: string;
  /** The representative failure's summary. */
  summary: string;
  /** Locations of the failed scenarios, the representative first. */
  scenarios: string[];
}

/** Numbers, sizes and quoted strings name the case, not the defect. */
export function normaliseSummary(summary: string): string {
  return summary
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/(?<!\w)'[^'\n]*'(?!\w)/g, "'…'")
    .replace(/\b\d+x\d+\b/g, 'NxN')
    .replace(/(?<![A-Za-z_])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The signature a failure is grouped by, its clause first. */
export function signatureOf(f: FailureDetail): string {
  if (f.signature) return `${f.clause} | ${f.signature.comparison} | ${f.signature.result}`;
  return `${f.clause} | ${normaliseSummary(f.summary)}`;
}

/** What defects are made of: the failed scenarios, in report order. Pure: same scenarios, same defects. */
export function defectsOf(
  scenarios: ReadonlyArray<{ location: string; verdict: string; failure?: FailureDetail }>,
  catalog?: Pick<Catalog, 'clauses'>,
): Defect[] {
  const groups = new Map<string, { clause: string; summary: string; scenarios: string[] }>();
  for (const s of scenarios) {
    if (s.verdict !== 'failed' || !s.failure) continue;
    const key = signatureOf(s.failure);
    const g = groups.get(key);
    if (g) g.scenarios.push(s.location);
    else groups.set(key, { clause: s.failure.clause, summary: s.failure.summary, scenarios: [s.location] });
  }
  const clauses = catalog?.clauses ?? [];
  const index = new Map(clauses.map((c, i) => [c.id, i]));
  const order = (id: string) => index.get(id) ?? Number.MAX_SAFE_INTEGER;
  // Map order is first appearance; a stable sort keeps it within a clause.
  return [...groups].sort(([, a], [, b]) => order(a.clause) - order(b.clause)).map(([signature, g], i) => {
    const level = clauses.find((c) => c.id === g.clause)?.level;
    return { id: `D${i + 1}`, clause: g.clause, ...(level ? { level } : {}), signature, summary: g.summary, scenarios: g.scenarios };
  });
}
