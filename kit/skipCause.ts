/**
 * Why a scenario was skipped, in a form the reports can reason about: attached to the message
 * stream next to the human "skipped: …" text (steps/reader/ops.ts, steps/writer/runner.steps.ts),
 * recorded per scenario in results.json (`skipCause`), and read by reports/scope.ts to tell a
 * clause that is out of scope (the target lacks only something optional) from one that was left
 * unjudged (the target lacks something a certificate requires).
 *
 * Reader side: the SDK's public API (read, write bytes, write array, clear) is required; the other
 * capabilities, transports other than the default, and metas the subprocess protocol cannot carry
 * are optional. Writer side: generations, transports and algorithm outcomes a Runner does not
 * support are optional, except a step whose algorithm answers a plain OK or NG result.
 */
import type { Capability } from '../adapter/types.ts';

export const SKIP_CAUSE_MEDIA_TYPE = 'application/vnd.pv-conform.skip-cause+json';

export type SkipCauseKind =
  /** A capability of the reader hello (write-bytes, scribble, …). */
  | 'capability'
  /** A transport (reader: fs, posix, inproc; writer: fs, posix). */
  | 'transport'
  /** Writer: the Runner refused to start with this generation and transport ("v2 over posix"). */
  | 'runner-config'
  /** Writer: the Runner refused a step whose algorithm answers this way ("crash", "hang", …). */
  | 'outcome'
  /** The target answered skipped to a command it declares (write-bytes, clear, read). */
  | 'command'
  /** The subprocess protocol cannot carry the input (a meta with NaN, a Date, …). */
  | 'protocol'
  /** Not judged: a precondition failed under another clause (`name`), e.g. a missing segment. Never optional. */
  | 'precondition';

export interface SkipCause {
  kind: SkipCauseKind;
  name: string;
  /** True when lacking it narrows the scope instead of leaving clauses unjudged. */
  optional: boolean;
}

/** The SDK's public API beyond read: an SDK certificate needs every one of them. */
export const REQUIRED_CAPABILITIES: readonly Capability[] = ['write-bytes', 'write-array', 'clear'];

/** Writer: the algorithm answers (probe/script.ts) a Runner must be able to run a step with. */
const NORMAL_ANSWERS: readonly string[] = ['ok', 'ng'];

/** The kit's policy, applied when a cause is recorded and again when a report is judged. */
export function isOptionalCause(side: 'reader' | 'writer', cause: Pick<SkipCause, 'kind' | 'name'>): boolean {
  if (side === 'writer') {
    // A step whose algorithm answers a plain result (OK or NG) is what a Runner is for.
    if (cause.kind === 'outcome') return !NORMAL_ANSWERS.includes(cause.name);
    return cause.kind === 'runner-config' || cause.kind === 'transport';
  }
  switch (cause.kind) {
    case 'capability': return !(REQUIRED_CAPABILITIES as readonly string[]).includes(cause.name);
    case 'transport': return true;
    case 'protocol': return true;
    default: return false;
  }
}

export function skipCause(side: 'reader' | 'writer', kind: SkipCauseKind, name: string): SkipCause {
  return { kind, name, optional: isOptionalCause(side, { kind, name }) };
}

/** One phrase per cause, for the summary, the report and the certificate's out-of-scope reasons. */
export function describeSkipCause(c: Pick<SkipCause, 'kind' | 'name'>): string {
  switch (c.kind) {
    case 'capability': return `the target lacks capability "${c.name}"`;
    case 'transport': return `the target lacks transport "${c.name}"`;
    case 'runner-config': return `the Runner does not run ${c.name}`;
    case 'outcome': return `the Runner does not support an algorithm answering "${c.name}"`;
    case 'command': return `the target answered skipped to ${c.name}`;
    case 'protocol': return `the subprocess protocol cannot carry ${c.name}`;
    case 'precondition': return `not judged: its precondition ${c.name} failed`;
  }
}
