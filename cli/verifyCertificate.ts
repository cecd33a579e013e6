/** `pv-conform verify-certificate <dir or file>`: schema, file hashes, claims against results.json, catalog. */
import { loadCatalog } from '../kit/catalog.ts';
import { verifyCertificate } from '../reports/certificate.ts';
import { parse, UsageError } from './args.ts';

const HELP = `usage: pv-conform verify-certificate <report dir | certificate.json>

Checks the certificate against its schema, re-hashes every report file it lists (each must be a
regular file directly in the report directory: a path, a link or a FIFO is a mismatch), derives the
verdict, scope and clause results again from the scenarios in results.json (and checks those
against messages.ndjson), refuses claims beyond what was judged, and compares its catalog hash
with this kit's catalog (a difference is a warning).
Exit 0 for a valid certificate of a conformant run; 1 on any mismatch (each one names the file),
or when the certificate is valid but not a conformance certificate (verdict incomplete or
non-conformant); 2 on bad usage.`;

export async function verifyCertificateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', default: false } }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('wants exactly one report directory or certificate.json');
  const v = verifyCertificate(positionals[0]!, loadCatalog());
  for (const w of v.warnings) console.log(`warning: ${w}`);
  for (const p of v.problems) console.error(`MISMATCH ${p}`);
  const c = v.certificate;
  if (v.problems.length) {
    console.error(`INVALID: ${v.file}: ${v.problems.length} mismatch${v.problems.length === 1 ? '' : 'es'}`);
    return 1;
  }
  const impl = c!.implementation as { name?: string; version?: string } | null;
  console.log(`VALID: ${v.file}: ${c!.files.length} files match; ${c!.side} side, ${impl?.name ?? c!.target} ${impl?.version ?? ''}`.trimEnd() +
    ` — verdict ${c!.verdict.toUpperCase()} under profile ${c!.profile}` +
    (c!.run.selection && !c!.run.selection.full ? ' (partial run: only part of the suite)' : ''));
  const scope = c!.scope;
  console.log(`scope: ${scope.inScope} clause${scope.inScope === 1 ? '' : 's'} in scope` +
    (scope.outOfScope.length ? `; out of scope: ${scope.outOfScope.map((o) => `${o.clause} (${o.reason})`).join(', ')}` : ''));
  if (c!.verdict !== 'conformant') {
    const failed = c!.clauses.filter((x) => x.verdict === 'failed').map((x) => x.id);
    console.log(`not a conformance certificate: verdict ${c!.verdict}` +
      (scope.unjudged.length ? `, unjudged: ${scope.unjudged.join(', ')}` : '') +
      (failed.length ? `, failed: ${failed.join(', ')}` : '') +
      ' (the files are intact; the run does not show conformance)');
    return 1;
  }
  return 0;
}
