/**
 * A failed check carries a structured detail, attached to the cucumber message stream so every
 * report (summary, JSON, HTML, certificate) is derived from the stream and not from run state.
 */
import type { World } from '@cucumber/cucumber';
import { capTail, capText, MAX_IMPLEMENTATION_ERROR } from '../../kit/capText.ts';

export const FAILURE_MEDIA_TYPE = 'application/vnd.pv-conform.failure+json';
/**
 * The exact input behind a failure (the stored bytes, or the stored array as .npy), attached
 * beside the failure so the reports can save it as a file a vendor feeds to their own SDK.
 * The attachment's fileName carries the extension (reports/failureInputs.ts).
 */
export const FAILURE_INPUT_MEDIA_TYPE = 'application/vnd.pv-conform.failure-input';
/**
 * Larger inputs are not attached: every attachment is kept in messages.ndjson too, and a frame
 * this large is rebuilt faster from the replay command than downloaded. docs/reports.md says so.
 */
export const MAX_FAILURE_INPUT_BYTES = 16 * 1024 * 1024;

export interface FailureImage {
  label: 'input' | 'expected' | 'actual' | 'diff';
  /** PNG, base64; small enough to embed (the kit downsizes large frames). */
  pngBase64: string;
  width: number;
  height: number;
}

/**
 * What makes two failures one defect, beside the blamed clause: which comparison failed and the
 * class of what came back (never its exact size), so one defect met by many scenarios is counted once.
 */
export interface FailureSignature {
  /** "kind (want none)", "shape/dtype", "pixels vs the stored array", "not-all-zeros", "any of [...]", ... */
  comparison: string;
  /** "none", "exception ValueError", "image uint8 3-d (last dim 3)". */
  result: string;
  /** Set when the check wanted no image back: the report shows "none", not a picture. */
  expected?: 'none';
}

export interface FailureDetail {
  /** The clause whose check failed (one of the scenario's tags). */
  clause: string;
  /** One line a person can act on. */
  summary: string;
  /** What was thrown at the implementation, as people would describe it. */
  input: string;
  meta?: unknown;
  expected: string;
  actual: string;
  /** The implementation's own error, when it raised one. */
  implementationError?: string;
  seed?: number;
  path?: string;
  counterexample?: unknown;
  replay?: string;
  images?: FailureImage[];
  /**
   * The exact input as a file in the report directory (`inputs/...`), set by the reports when the
   * run attached it and the report's cap on inputs left room for it.
   */
  inputFile?: { path: string; bytes: number; sha256: string };
  /** Reader checks set it; reports derive one for failures without it (reports/defects.ts). */
  signature?: FailureSignature;
}

/** The bytes a failure's report input file holds (reports/failureInputs.ts); the name gives the extension. */
export interface FailureInputFile { data: Buffer; fileName: string }

/** Encoded bytes as an input file named by their format: `<stem>.jpg`, `<stem>.png`, else `<stem>.bin`. */
export function encodedInputFile(bytes: Uint8Array, stem: string): FailureInputFile {
  const [b0, b1, b2, b3] = bytes;
  const ext = b0 === 0xff && b1 === 0xd8 ? 'jpg' : b0 === 0x89 && b1 === 0x50 && b2 === 0x4e && b3 === 0x47 ? 'png' : 'bin';
  return { data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName: `${stem}.${ext}` };
}

/**
 * Thrown by checks; carries the detail so the After hook can attach it. The implementation's own
 * error is capped here whatever path it came by (kit/capText.ts), so no target makes reports huge.
 */
export class ConformanceFailure extends Error {
  public readonly detail: FailureDetail;
  /** The bytes behind it, where the check that threw had them at hand (writer properties). */
  input?: FailureInputFile;

  constructor(given: FailureDetail) {
    const detail = given.implementationError === undefined ? given : { ...given, implementationError: capText(given.implementationError, MAX_IMPLEMENTATION_ERROR) };
    super(`[${detail.clause}] ${detail.summary}\n  input:    ${detail.input}\n  expected: ${detail.expected}\n  actual:   ${detail.actual}` +
      (detail.implementationError ? `\n  raised:   ${detail.implementationError}` : '') +
      (detail.replay ? `\n  replay:   ${detail.replay}` : ''));
    this.detail = detail;
    this.name = 'ConformanceFailure';
  }
}

/** Thrown when the adapter or target broke (crash, hang, protocol error): not a spec failure. */
export class AdapterError extends Error {
  public readonly stderrTail?: string;

  constructor(message: string, stderrTail?: string) {
    const tail = stderrTail === undefined ? undefined : capTail(stderrTail);
    super(message + (tail ? `\n--- adapter stderr (tail) ---\n${tail}` : ''));
    if (tail !== undefined) this.stderrTail = tail;
    this.name = 'AdapterError';
  }
}

export async function attachFailure(world: World, detail: FailureDetail): Promise<void> {
  const capped = detail.implementationError === undefined ? detail : { ...detail, implementationError: capText(detail.implementationError, MAX_IMPLEMENTATION_ERROR) };
  await world.attach(JSON.stringify(capped), FAILURE_MEDIA_TYPE);
}
