/**
 * The fs transport's file-name rule: every character outside [a-zA-Z0-9._-] becomes "_".
 * "Character" means code point, as in the Python SDK's str: an emoji is one "_", not two.
 */
export function safeId(id: string): string {
  return id.replace(/[^a-zA-Z0-9._-]/gu, '_');
}
