/**
 * Writes docs/clauses.md: every clause of the catalog with its level, rule, sources and their
 * paraphrases, readings and which profile selects or accepts each, the scenarios tagged with it
 * and the mutants that break it. The catalog, the feature files and the mutant catalogs are the
 * single sources of all of that; this page only lays them side by side, so it is generated, and
 * test/kit/clauses-doc.test.ts fails when the committed page is not what this script writes.
 *
 *   npm run docs:clauses            # rewrite docs/clauses.md
 *   npm run docs:clauses -- --check # exit 1 when docs/clauses.md is out of date
 *
 * It lives outside the kit's run inputs (the folders the kill matrix hashes and whose imports it
 * keeps to one side): it imports both sides' mutant catalogs, which no run may do.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCatalog, profileAccepts, type Catalog, type Clause } from '../kit/catalog.ts';
import { kitRoot } from '../kit/paths.ts';
import { indexFeatures, scenariosByClause, type IndexedScenario } from '../reports/featureIndex.ts';
import { brokenClauses, readerMutantCatalog } from '../implementations/mutants/readerMutants.ts';
import { writerMutantCatalog } from '../implementations/mutants/writerMutants.ts';

export const CLAUSES_DOC = join(kitRoot, 'docs', 'clauses.md');

/** What the page needs to know about a mutant, whichever side it is on. */
export interface MutantInfo {
  name: string;
  breaks: string[];
  mayAlsoBlame: Record<string, string>;
  description: string;
  killedUnder: Record<string, string>;
}

export interface ClausesDocInputs {
  catalog: Catalog;
  scenarios: IndexedScenario[];
  mutants: MutantInfo[];
}

export function kitInputs(catalogDir?: string): ClausesDocInputs {
  const mutants: MutantInfo[] = [...Object.entries(readerMutantCatalog), ...Object.entries(writerMutantCatalog)].map(([name, m]) => ({
    name,
    breaks: brokenClauses(m),
    mayAlsoBlame: m.mayAlsoBlame ?? {},
    description: m.description,
    killedUnder: m.killedUnder ?? {},
  }));
  return { catalog: loadCatalog(catalogDir), scenarios: indexFeatures(), mutants };
}

/** The documents' short names, as docs/sources.md ranks them. */
function documentName(file: string): string {
  if (file.startsWith('seed/')) return 'the seed';
  const m = /^spec\/(v[12])\/(.+)$/.exec(file);
  return m ? `${m[1]} ${m[2]}` : file;
}

/**
 * The catalog's and the features' text as Markdown shows it: "<id>.npy" or "(<generation>,
 * <transport>)" would otherwise be read as HTML tags and vanish, a "*" would start emphasis.
 */
export function prose(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '\\*');
}

/** Table cells hold no pipes or line breaks. */
function cell(text: string): string {
  return prose(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(text: string): string {
  return `\`${text}\``;
}

function anchor(id: string): string {
  return id.toLowerCase();
}

function renderClause(c: Clause, inputs: ClausesDocInputs, byClause: Map<string, IndexedScenario[]>): string[] {
  const { catalog } = inputs;
  const profiles = catalog.profiles.map((p) => p.id);
  const out: string[] = [];
  out.push(`### ${c.id}`, '');
  out.push(`**${c.level}** · ${c.clarity} · ${c.side}, family ${code(c.family)}: ${prose(c.title)}`, '');
  out.push(`**Rule.** ${prose(c.rule)}`, '');
  out.push('**Sources** (the document, its section heading, the kit\'s paraphrase):', '');
  for (const s of c.sources) out.push(`- ${documentName(s.file)}, ${code(s.section)}: ${prose(s.says ?? '(no paraphrase)')}`);
  out.push('');
  if (c.note) out.push(`**Why.** ${prose(c.note)}`, '');
  if (c.readings && c.profileReadings) {
    out.push(`**Readings.** A profile selects one reading and accepts what it, or a reading it includes, allows; \`--reading ${c.id}=<reading>\` selects another for a run.`, '');
    out.push('| reading | what it requires | stated by | selected by | accepted by |', '| --- | --- | --- | --- | --- |');
    for (const r of c.readings) {
      const selectedBy = profiles.filter((p) => c.profileReadings![p] === r.id);
      const acceptedBy = profiles.filter((p) => profileAccepts(catalog, c.id, p, r.id));
      const includes = r.includes?.length ? ` (includes ${r.includes.map(code).join(', ')})` : '';
      const statedBy = r.statedBy?.length ? r.statedBy.map(documentName).join(', ') : 'no document';
      out.push(`| ${code(r.id)} | ${cell(r.description)}${includes} | ${statedBy} | ${selectedBy.join(', ') || '—'} | ${acceptedBy.join(', ') || '—'} |`);
    }
    out.push('');
  }
  const scenarios = byClause.get(c.id) ?? [];
  if (scenarios.length) {
    out.push(`**Scenarios** (${scenarios.length}; an outline counts once):`, '');
    for (const s of scenarios) {
      const [file] = s.location.split(':');
      out.push(`- [${file}](../${file}): ${prose(s.name)}`);
    }
  } else {
    out.push('**Scenarios:** none: a run cannot judge this clause.');
  }
  out.push('');
  const killers = inputs.mutants.filter((m) => m.breaks.includes(c.id));
  const alsoBlamed = inputs.mutants.filter((m) => c.id in m.mayAlsoBlame);
  if (killers.length) {
    out.push('**Mutants that break it** ([mutants.md](mutants.md)):', '');
    for (const m of killers) {
      const under = Object.entries(m.killedUnder).map(([k, v]) => code(`--reading ${k}=${v}`));
      out.push(`- ${code(m.name)}: ${prose(m.description)}${under.length ? ` (judged under ${under.join(', ')})` : ''}`);
    }
  } else {
    out.push('**Mutants that break it:** none.');
  }
  if (alsoBlamed.length) {
    out.push('', '**Also blamed on it by** (mutants of other clauses whose defect its scenarios meet too):', '');
    for (const m of alsoBlamed) out.push(`- ${code(m.name)} (breaks ${m.breaks.join(', ')}): ${prose(m.mayAlsoBlame[c.id]!)}`);
  }
  out.push('');
  return out;
}

export function renderClausesDoc(inputs: ClausesDocInputs): string {
  const { catalog } = inputs;
  const profiles = catalog.profiles.map((p) => p.id);
  const byClause = scenariosByClause(inputs.scenarios);
  const out: string[] = [
    '# Clauses',
    '',
    '<!-- Generated by `npm run docs:clauses` (scripts/clausesDoc.ts) from catalog/*.json, features/ and',
    '     implementations/mutants/*Mutants.ts. Do not edit by hand: test/kit/clauses-doc.test.ts fails',
    '     when this page is not what the script writes. -->',
    '',
    'Every rule the kit judges, one entry per clause of the catalog (`catalog/reader.json`,',
    '`catalog/writer.json`): its level, the rule, the documents it rests on with the kit\'s',
    'paraphrase of each (the documents and their rank: [sources.md](sources.md)), for an ambiguous or',
    'conflicting clause its readings, what each requires and which profile selects or accepts it,',
    'the scenarios tagged with it (`grep -rn @<clause id> features` finds them with line numbers),',
    'and the mutants that break it. An SDK\'s API is in [sdk-guide.md](sdk-guide.md).',
    '',
    '- **Level**: a failed scenario of any level makes a run NON-CONFORMANT; a MUST clause that no',
    '  scenario judged makes it INCOMPLETE ([reports.md](reports.md#verdicts-scope-and-exit-codes)).',
    '- **Clarity**: `clear` (one rule), `ambiguous` (the documents leave it open) or `conflict`',
    '  (they disagree); the last two have readings.',
    '',
    '## Profiles',
    '',
    '| profile | what it selects |',
    '| --- | --- |',
    ...catalog.profiles.map((p) => `| ${code(p.id)} | ${cell(p.description)} |`),
    '',
    'The reading each profile selects, per clause (clear clauses have none):',
    '',
    `| clause | level | clarity | title | ${profiles.join(' | ')} |`,
    `| --- | --- | --- | --- | ${profiles.map(() => '---').join(' | ')} |`,
    ...catalog.clauses.map((c) =>
      `| [${c.id}](#${anchor(c.id)}) | ${c.level} | ${c.clarity} | ${cell(c.title)} | ${profiles.map((p) => (c.profileReadings?.[p] ? code(c.profileReadings[p]!) : '—')).join(' | ')} |`),
    '',
  ];
  for (const side of ['reader', 'writer'] as const) {
    const clauses = catalog.clauses.filter((c) => c.side === side);
    if (!clauses.length) continue;
    out.push(side === 'reader' ? '## Reader clauses (an SDK)' : '## Writer clauses (a Runner)', '');
    for (const c of clauses) out.push(...renderClause(c, inputs, byClause));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const text = renderClausesDoc(kitInputs());
  if (process.argv.includes('--check')) {
    const current = readFileSync(CLAUSES_DOC, 'utf8');
    if (current !== text) {
      process.stderr.write('docs/clauses.md is out of date: run `npm run docs:clauses`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(CLAUSES_DOC, text);
    process.stdout.write(`wrote docs/clauses.md (${text.length} characters)\n`);
  }
}
