/**
 * One text per skip, the same in every view (console, report.html, junit.xml): what the target
 * lacked and whether that narrows the scope or leaves clauses unjudged (kit/skipCause.ts), then
 * the target's own words. results.json keeps the two apart (`skipCause`, `skipReason`).
 */
import { describeSkipCause } from '../kit/skipCause.ts';
import { normaliseSummary } from './defects.ts';
import type { ScenarioResult } from './scenarioResults.ts';

type Skip = Pick<ScenarioResult, 'skipReason' | 'skipCause'>;

/** "optional" or "required", as the scope rules read the cause. */
export function skipWeight(s: Skip): string {
  return s.skipCause?.optional ? 'optional: narrows the scope' : 'required: its clauses stay unjudged';
}

export function describeSkip(s: Skip): string {
  const what = s.skipCause ? describeSkipCause(s.skipCause) : 'no cause recorded';
  return `${what} (${skipWeight(s)})${s.skipReason ? `: ${s.skipReason}` : ''}`;
}

/**
 * Skipped scenarios grouped by cause and by their reason with ids and numbers normalised away (a
 * reader names each segment it refused to write), largest group first, for the console. A
 * group's text is its first scenario's.
 */
export function skipGroups(scenarios: ScenarioResult[]): { text: string; locations: string[] }[] {
  const groups = new Map<string, { text: string; locations: string[] }>();
  for (const s of scenarios) {
    if (s.verdict !== 'skipped') continue;
    const key = describeSkip({ ...s, ...(s.skipReason ? { skipReason: normaliseSummary(s.skipReason) } : {}) });
    const g = groups.get(key) ?? { text: describeSkip(s), locations: [] };
    g.locations.push(s.location);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.locations.length - a.locations.length || a.text.localeCompare(b.text));
}

const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  // Control characters are not allowed in XML 1.0; newlines in an attribute would be normalised away.
  // eslint-disable-next-line no-control-regex
  .replace(/[\u0000-\u001f]/g, ' ');

/**
 * cucumber's JUnit formatter writes a bare `<skipped/>`: a step that returns "skipped" carries no
 * message. Each such element gets `message="<describeSkip>"`, so CI shows why.
 *
 * The formatter lists test cases in the order the results are in (by uri, then line); a test case
 * is matched to its result by that position and only when its name contains the scenario's name,
 * so a file from another run or a partial one is left as it is rather than mislabelled.
 */
export function junitWithSkipReasons(xml: string, scenarios: ScenarioResult[]): string {
  const cases = [...xml.matchAll(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g)];
  if (cases.length !== scenarios.length) return xml;
  const nameOf = (tc: string) => unescapeXml(/\bname="([^"]*)"/.exec(tc)?.[1] ?? '');
  if (!cases.every((m, i) => nameOf(m[0]).includes(scenarios[i]!.name))) return xml;
  let i = 0;
  return xml.replace(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g, (tc) => {
    const s = scenarios[i++]!;
    if (s.verdict !== 'skipped') return tc;
    return tc.replace(/<skipped(\s*\/?>)/, (_m, end: string) => `<skipped message="${xmlAttr(describeSkip(s))}"${end}`);
  });
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#x?[0-9a-fA-F]+);/g, (_m, e: string) => {
    switch (e) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      case 'amp': return '&';
      default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}
