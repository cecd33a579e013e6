/**
 * Every string an implementation supplies (an exception's type and message, an errored or
 * skipped reply's message and traceback, a hello's fields, a stderr tail) is capped where it
 * enters the kit, so that no implementation can make the reports or the console as big as it
 * likes: an adapter raising 8 MB messages must cost kilobytes, not gigabytes.
 * docs/hostile-targets.md ("Size of what an implementation says") documents the limits.
 */

/** Characters kept of one implementation-supplied message (exception, errored or skipped reply, hello field). */
export const MAX_IMPLEMENTATION_TEXT = 4096;

/** Characters kept of a stderr tail: its last ones, which explain a crash. */
export const MAX_STDERR_TAIL = 8192;

/**
 * Keeps the first `limit` characters; the rest is replaced by a marker that says how much was cut.
 * Text already capped to `limit` (the marker excluded) is left as it is, so capping twice on the
 * way to a report keeps the first marker, with the implementation's real length.
 */
export function capText(text: string, limit = MAX_IMPLEMENTATION_TEXT): string {
  if (text.length <= limit) return text;
  const marked = HEAD_MARKER.exec(text);
  if (marked && marked.index <= limit) return text;
  let end = limit;
  // Never split a surrogate pair: half a character is not text.
  if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return `${text.slice(0, end)}… [truncated, ${text.length - end} more characters]`;
}

/** Keeps the last `limit` characters, for tails: the marker says how much was cut before them. */
export function capTail(text: string, limit = MAX_STDERR_TAIL): string {
  if (text.length <= limit) return text;
  // Already cut to a tail (StderrTail marks it the same way): the marker does not count.
  const marked = TAIL_MARKER.exec(text);
  if (marked && text.length - marked[0].length <= limit) return text;
  let start = text.length - limit;
  if (isLowSurrogate(text.charCodeAt(start))) start++;
  return `[truncated, ${start} earlier characters] …${text.slice(start)}`;
}

/**
 * An implementation's error as the kit shows it, "<type>: <message>": two strings capped each, so
 * it may be twice the limit (and the two markers).
 */
export const MAX_IMPLEMENTATION_ERROR = 2 * MAX_IMPLEMENTATION_TEXT + 100;

/** capText, passing undefined through. */
export function capOptional(text: string | undefined, limit = MAX_IMPLEMENTATION_TEXT): string | undefined {
  return text === undefined ? undefined : capText(text, limit);
}

/**
 * Every string inside a JSON value capped (keys included), for replies that carry no bulk data
 * (a Runner driver's replies: frames travel as files). Depth is bounded by the framing's parser.
 */
export function capStrings<T>(value: T, limit = MAX_IMPLEMENTATION_TEXT): T {
  if (typeof value === 'string') return capText(value, limit) as T;
  if (Array.isArray(value)) return value.map((v) => capStrings(v, limit)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [capText(k, limit), capStrings(v, limit)])) as T;
  }
  return value;
}

const HEAD_MARKER = /… \[truncated, \d+ more characters\]$/;
const TAIL_MARKER = /^\[truncated, \d+ earlier (?:characters|bytes)\] …/;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
