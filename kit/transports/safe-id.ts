/** The fs transport's file name rule: every character outside [a-zA-Z0-9._-] becomes "_". */
export function safeId(id: string): string {
  return id.replace(/[^a-zA-Z0-9._-]/g, '_');
}
