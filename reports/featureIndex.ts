/**
 * Which scenarios each clause tag appears on, read from the feature files without running them.
 * Tags are inherited from the Feature and Rule lines and include those of Examples blocks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLAUSE_TAG } from '../kit/catalog.ts';
import { kitRoot } from '../kit/paths.ts';

export interface IndexedScenario { location: string; name: string; clauses: string[] }

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? featureFiles(join(dir, d.name)) : d.name.endsWith('.feature') ? [join(dir, d.name)] : []);
}

export function scanFeature(text: string, uri: string): IndexedScenario[] {
  const out: Array<{ location: string; name: string; tags: string[] }> = [];
  let pending: string[] = [];
  let featureTags: string[] = [];
  let ruleTags: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('@')) { pending.push(...line.split(/\s+/).filter((t) => t.startsWith('@'))); return; }
    const keyword = /^(Feature|Rule|Background|Scenario Outline|Scenario Template|Scenario|Example|Examples|Scenarios):\s*(.*)$/.exec(line);
    if (!keyword) { if (line && !line.startsWith('#')) pending = []; return; }
    const [, kw, name] = keyword;
    if (kw === 'Feature') featureTags = pending;
    else if (kw === 'Rule') ruleTags = pending;
    else if (kw === 'Examples' || kw === 'Scenarios') out.at(-1)?.tags.push(...pending);
    else if (kw !== 'Background') out.push({ location: `${uri}:${i + 1}`, name: name ?? '', tags: [...featureTags, ...ruleTags, ...pending] });
    pending = [];
  });
  return out.map((s) => ({ location: s.location, name: s.name, clauses: [...new Set(s.tags.filter((t) => CLAUSE_TAG.test(t)).map((t) => t.slice(1)))] }));
}

export function indexFeatures(root = join(kitRoot, 'features')): IndexedScenario[] {
  return featureFiles(root).sort().flatMap((f) => scanFeature(readFileSync(f, 'utf8'), relative(kitRoot, f).split('\\').join('/')));
}

export function scenariosByClause(scenarios: IndexedScenario[]): Map<string, IndexedScenario[]> {
  const m = new Map<string, IndexedScenario[]>();
  for (const s of scenarios) for (const c of s.clauses) m.set(c, [...(m.get(c) ?? []), s]);
  return m;
}
