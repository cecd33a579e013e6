/**
 * The cucumber World: run parameters, the reader target (one per worker, opened lazily and
 * closed after the run) and the failure detail of the current scenario.
 */
import { After, AfterAll, Before, BeforeAll, setDefaultTimeout, setWorldConstructor, Status, World, type IWorldOptions } from '@cucumber/cucumber';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ReaderAdapter, Hello, NdArray } from '../../adapter/types.ts';
import { CLAUSE_TAG } from '../../kit/catalog.ts';
import { failureImages } from './failureImages.ts';
import { resolveReaderTarget } from '../../adapter/resolveReaderTarget.ts';
import type { RunParams } from '../../kit/run-params.ts';
import { encodeNpy } from '../../kit/npy.ts';
import { AdapterError, attachFailure, ConformanceFailure, encodedInputFile, FAILURE_INPUT_MEDIA_TYPE, MAX_FAILURE_INPUT_BYTES, type FailureDetail, type FailureInputFile } from './failure.ts';
import { attachReadingTallies } from './readingsObserved.ts';
import { MAX_REPORT_INPUT_BYTES } from '../../reports/failureInputs.ts';

// Generous: a property scenario runs many reads; hangs are caught per read by the adapter.
setDefaultTimeout(5 * 60_000);

export interface Observed {
  input?: NdArray; expected?: NdArray; actual?: NdArray;
  /** What was stored, exactly: the encoded bytes, or the array; saved as the failure's input file. */
  stored?: { bytes?: Uint8Array; array?: NdArray };
}

/** The stored input as a file: the bytes as they were written (named by their format), or the array as .npy. */
function inputFileOf(stored: Observed['stored']): FailureInputFile | undefined {
  if (stored?.bytes) return encodedInputFile(stored.bytes, 'input');
  if (stored?.array) return { data: Buffer.from(encodeNpy(stored.array)), fileName: 'input.npy' };
  return undefined;
}

/** Input bytes this process (one cucumber worker) attached so far in this run. */
let inputBytesAttached = 0;
// Per run: one cucumber process may serve several runs (cli/cucumberChild.ts).
BeforeAll(function () {
  inputBytesAttached = 0;
});

interface OpenTarget { adapter: ReaderAdapter; hello: Hello }
let readerTarget: Promise<OpenTarget> | undefined;

export class PvWorld extends World<RunParams> {
  /** Set by `fail()` so the After hook can attach it to the message stream. */
  failure?: FailureDetail;
  /** The bytes behind a writer failure: the Runner's segment (steps/writer/segmentInput.ts). */
  failureInput?: FailureInputFile;
  /** The clause tags of the running scenario, to blame the right clause. */
  clauses: string[] = [];
  /** uri:line of the running scenario or example row: what a replay command names. */
  location = '';

  constructor(options: IWorldOptions<RunParams>) {
    super(options);
  }

  get params(): RunParams {
    return this.parameters;
  }

  /** The directory the target was given as PROC_SHM_DIR. */
  get shmDir(): string {
    return join(this.parameters.scratchDir, 'shm');
  }

  async reader(): Promise<OpenTarget> {
    if (!readerTarget) {
      const p = this.parameters;
      const shmDir = join(p.scratchDir, 'shm');
      const scratch = join(p.scratchDir, 'payload');
      mkdirSync(shmDir, { recursive: true });
      mkdirSync(scratch, { recursive: true });
      readerTarget = (async () => {
        const factory = await resolveReaderTarget(p.target, { cwd: p.cwd, python: p.python });
        const adapter = await factory({
          shmDir, scratchDir: scratch, requestTimeoutMs: p.requestTimeoutMs,
          ...(p.memoryLimitMb !== undefined ? { memoryLimitMb: p.memoryLimitMb } : {}),
          ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
        });
        let hello: Hello;
        try {
          hello = await adapter.hello();
        } catch (e) {
          await adapter.close().catch(() => undefined);
          throw new AdapterError(`target "${p.target}" did not complete its hello: ${(e as Error).message}`);
        }
        return { adapter, hello };
      })();
    }
    return readerTarget;
  }

  /** The clause a failure is blamed on: the scenario's first clause tag unless named. */
  clause(preferred?: string): string {
    if (preferred && this.clauses.includes(preferred)) return preferred;
    return this.clauses[0] ?? 'UNTAGGED';
  }

  /** Pixels behind the current failure, turned into pictures when it is attached. */
  observed?: Observed;

  fail(detail: Omit<FailureDetail, 'clause'> & { clause?: string; observed?: Observed }): never {
    const { observed, ...rest } = detail;
    const full: FailureDetail = { ...rest, clause: this.clause(detail.clause) };
    this.failure = full;
    this.observed = observed;
    throw new ConformanceFailure(full);
  }
}

setWorldConstructor(PvWorld);

Before(function (this: PvWorld, { pickle }) {
  this.location = `${pickle.uri}:${pickle.location?.line ?? 0}`;
  this.clauses = pickle.tags.map((t) => t.name).filter((n) => CLAUSE_TAG.test(n)).map((n) => n.slice(1));
});

After(async function (this: PvWorld) {
  await attachReadingTallies(this);
});

After(async function (this: PvWorld, { result }) {
  if (result?.status !== Status.FAILED || !this.failure) return;
  if (this.observed) this.failure.images = await failureImages(this.observed).catch(() => undefined);
  const file = this.failureInput ?? inputFileOf(this.observed?.stored);
  // messages.ndjson keeps every attachment: past the report's cap on inputs, more would only bloat it.
  if (file && file.data.length <= MAX_FAILURE_INPUT_BYTES && inputBytesAttached + file.data.length <= MAX_REPORT_INPUT_BYTES) {
    inputBytesAttached += file.data.length;
    await this.attach(file.data, { mediaType: FAILURE_INPUT_MEDIA_TYPE, fileName: file.fileName });
  }
  await attachFailure(this, this.failure);
});

AfterAll(async function () {
  if (!readerTarget) return;
  const t = await readerTarget.catch(() => undefined);
  readerTarget = undefined;
  await t?.adapter.close();
});
