/** The probe's command line: everything it needs to know comes from the kit, never from the Runner. */
import type { SpecGeneration } from '../adapter/types.ts';
import type { SegmentTransport } from '../adapter/runner/types.ts';
import { defaultShmDir } from '../kit/transports/segment-inspector.ts';

export interface ProbeArgs {
  script: string;
  /** A file path, or `fd:<n>` for a descriptor the Runner let the probe inherit. */
  observations: string;
  generation: SpecGeneration;
  transport: SegmentTransport;
  shmDir: string;
  /** Where the bytes of every segment a call names are kept for the kit to decode; none when absent. */
  dumpDir?: string;
  /** A hung probe exits after this long anyway, so no test can leave it behind. */
  hangLimitMs: number;
}

export function parseProbeArgs(argv: string[]): ProbeArgs {
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i]!;
    const v = argv[i + 1];
    if (!k.startsWith('--') || v === undefined) throw new Error(`probe: expected --name value pairs, got "${k}"`);
    opts.set(k.slice(2), v);
  }
  const need = (k: string) => {
    const v = opts.get(k);
    if (!v) throw new Error(`probe: --${k} is required`);
    return v;
  };
  const generation = opts.get('generation') ?? 'v2';
  const transport = opts.get('transport') ?? 'fs';
  if (generation !== 'v1' && generation !== 'v2') throw new Error(`probe: --generation must be v1 or v2, got ${generation}`);
  if (transport !== 'fs' && transport !== 'posix') throw new Error(`probe: --transport must be fs or posix, got ${transport}`);
  return {
    script: need('script'),
    observations: need('observations'),
    generation,
    transport,
    shmDir: opts.get('shm-dir') ?? defaultShmDir(),
    dumpDir: opts.get('dump-dir'),
    hangLimitMs: Number(opts.get('hang-limit-ms') ?? 120_000),
  };
}
