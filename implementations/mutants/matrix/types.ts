/** The data the kill matrix passes between planning, running, judging and rendering. */

export type Side = 'reader' | 'writer';

/** What the matrix knows about a clause (from the catalog). */
export interface ClauseInfo {
  id: string;
  side: Side;
  family: string;
  level: 'MUST' | 'SHOULD' | 'MAY';
  title: string;
}

/** A mutant as declared by its catalog (readerMutants.ts or writerMutants.ts). */
export interface MutantInfo {
  side: Side;
  name: string;
  breaks: string[];
  /** Clause id -> why its scenarios may fail too. */
  mayAlsoBlame: Record<string, string>;
  description: string;
  /** The pv-conform run arguments that select it. */
  targetArgs: string[];
  /** Writer: the "(generation, transport)" pair its defect shows in, when the matrix's default cannot. */
  writerVariant?: string;
}

/** One scenario of one run, reduced to what the judge needs (from results.json). */
export interface ScenarioOutcome {
  location: string;
  name: string;
  verdict: 'passed' | 'failed' | 'skipped' | 'errored';
  /** The scenario's clause tags. */
  clauses: string[];
  /** failure.clause of a failed scenario: the clause the kit blamed. */
  blamed?: string;
  summary?: string;
}

/** One pv-conform run the matrix made. */
export interface RunRecord {
  side: Side;
  /** null for the reference. */
  mutant: string | null;
  /** Which scenarios the run covered, as a person would say it. */
  scope: string;
  /** Clause ids the scope selected; empty for the full suite. */
  scopeClauses: string[];
  exitCode: number | null;
  durationMs: number;
  /** Set when no results.json came out of the run. */
  brokenRun?: string;
  /** Taken from the matrix's cache (runCache.ts): the same run of the same kit, done before. */
  cached?: boolean;
  scenarios: ScenarioOutcome[];
}
