/**
 * The clause catalog: the single source of clause ids, levels, sources and readings.
 * It is the union of catalog/*.json, each file validated against schemas/catalog.schema.json,
 * then cross-checked (unique ids, every ambiguous clause read by every profile).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { compileSchema, errorsText } from './schemas.ts';
import { kitRoot } from './paths.ts';

export type Side = 'reader' | 'writer';
export type Level = 'MUST' | 'SHOULD' | 'MAY';
export type Clarity = 'clear' | 'ambiguous' | 'conflict';

export interface Source { file: string; section: string; says?: string }
export interface Reading {
  id: string;
  description: string;
  /** A wider reading: the clause's other readings it accepts too. */
  includes?: string[];
  /** The normative documents that state this reading. */
  statedBy?: string[];
}
export interface Clause {
  id: string;
  side: Side;
  family: string;
  level: Level;
  title: string;
  rule: string;
  sources: Source[];
  clarity: Clarity;
  note?: string;
  readings?: Reading[];
  profileReadings?: Record<string, string>;
}
export interface Profile { id: string; description: string }
export interface Catalog {
  profiles: Profile[];
  clauses: Clause[];
  byId: Map<string, Clause>;
  /** SHA-256 over the catalog files, in name order: pins what a certificate was issued against. */
  hash: string;
}

export class CatalogError extends Error {}

export const CLAUSE_TAG = /^@((?:RD|WR)-[A-Z]+-[0-9]{2})$/;

export function loadCatalog(dir = join(kitRoot, 'catalog')): Catalog {
  const validate = compileSchema('catalog.schema.json');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const profiles: Profile[] = [];
  const clauses: Clause[] = [];
  const hash = createHash('sha256');
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    hash.update(file).update('\0').update(text).update('\0');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new CatalogError(`catalog/${file}: not JSON: ${(e as Error).message}`);
    }
    if (!validate(doc)) {
      throw new CatalogError(`catalog/${file}: ${errorsText(validate)}`);
    }
    const d = doc as { profiles?: Profile[]; clauses?: Clause[] };
    profiles.push(...(d.profiles ?? []));
    clauses.push(...(d.clauses ?? []));
  }
  const byId = new Map<string, Clause>();
  const problems: string[] = [];
  for (const c of clauses) {
    if (byId.has(c.id)) problems.push(`duplicate clause id ${c.id}`);
    byId.set(c.id, c);
  }
  const profileIds = new Set(profiles.map((p) => p.id));
  if (!profileIds.has('default')) problems.push('no "default" profile');
  for (const c of clauses) {
    if (!c.readings || !c.profileReadings) continue;
    const readingIds = new Set(c.readings.map((r) => r.id));
    for (const p of profileIds) {
      const r = c.profileReadings[p];
      if (!r) problems.push(`${c.id}: profile "${p}" selects no reading`);
      else if (!readingIds.has(r)) problems.push(`${c.id}: profile "${p}" selects unknown reading "${r}"`);
    }
    for (const r of c.readings) {
      for (const inc of r.includes ?? []) {
        if (!readingIds.has(inc) || inc === r.id) problems.push(`${c.id}: reading "${r.id}" includes unknown reading "${inc}"`);
      }
      for (const doc of r.statedBy ?? []) {
        if (!c.sources.some((s) => s.file === doc)) problems.push(`${c.id}: reading "${r.id}" is stated by ${doc}, which the clause does not cite`);
      }
    }
    for (const p of Object.keys(c.profileReadings)) {
      if (!profileIds.has(p)) problems.push(`${c.id}: unknown profile "${p}"`);
    }
  }
  if (problems.length) throw new CatalogError(problems.join('\n'));
  return { profiles, clauses, byId, hash: hash.digest('hex') };
}

/** The reading a profile selects for each ambiguous clause, with per-run overrides applied. */
export function resolveReadings(
  catalog: Catalog,
  profile: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  if (!catalog.profiles.some((p) => p.id === profile)) {
    throw new CatalogError(
      `unknown profile "${profile}"; known: ${catalog.profiles.map((p) => p.id).join(', ')}`,
    );
  }
  const out: Record<string, string> = {};
  for (const c of catalog.clauses) {
    if (c.profileReadings) out[c.id] = c.profileReadings[profile]!;
  }
  for (const [id, reading] of Object.entries(overrides)) {
    const c = catalog.byId.get(id);
    if (!c?.readings) throw new CatalogError(`--reading ${id}=${reading}: ${id} is not an ambiguous clause`);
    if (!c.readings.some((r) => r.id === reading)) {
      throw new CatalogError(
        `--reading ${id}=${reading}: known readings are ${c.readings.map((r) => r.id).join(', ')}`,
      );
    }
    out[id] = reading;
  }
  return out;
}

/** Whether the reading a profile selects for a clause accepts `reading` (itself, or a wider reading that includes it). */
export function profileAccepts(catalog: Catalog, clauseId: string, profile: string, reading: string): boolean {
  const c = catalog.byId.get(clauseId);
  const selected = c?.profileReadings?.[profile];
  if (!c || !selected) return false;
  if (selected === reading) return true;
  return c.readings?.find((r) => r.id === selected)?.includes?.includes(reading) ?? false;
}
