/** `pv-conform verify-certificate <dir or file>`: schema, file hashes, claims against results.json, catalog. */
import { loadCatalog } from '../kit/catalog.ts';
import { verifyCertificate } from '../reports/certificate.ts';
import { parse, UsageError } from './args.ts';

const HELP = `usage: pv-conform verify-certificate <report dir | certificate.json>

Checks the certificate against its schema, re-hashes every report file it lists, re-derives
its claims from results.json, and compares its catalog hash with this kit's catalog (a
difference is a warning). Exit 0 when everything matches, 1 on any mismatch (each one names
the file), 2 on bad usage.`;

export async function verifyCertificateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { help: { type: 'boolean', default: false } }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('wants exactly one report directory or certificate.json');
  const v = verifyCertificate(positionals[0]!, loadCatalog().hash);
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
  return 0;
}
