/**
 * The file-name form of a segment id shared by every fs-transport tool (the kit's fs layout,
 * docs/runner-driver.md; no normative document defines one): each character outside
 * [a-zA-Z0-9._-] becomes "_". Characters are
 * counted as code points (the `u` flag), as Python's `re.sub` does, so an emoji gives one "_"
 * in both languages and the file names agree. The mapping is not injective; the fs layer
 * never relies on it being so.
 */
export function toSafeId(id: string): string {
  return id.replace(/[^a-zA-Z0-9._-]/gu, '_');
}
