/**
 * Text a database cannot store. PostgreSQL refuses a NUL character (U+0000) in `text` and `jsonb` ("invalid byte
 * sequence" / "unsupported Unicode escape sequence"), and a lone UTF-16 surrogate (U+D800..U+DFFF without its pair)
 * has no UTF-8 form, so neither PostgreSQL nor SQLite can keep it as the nurse typed it. Every boundary (IPC,
 * HTTP, files) refuses such text with an error naming the field, before anything is written.
 */

/** Why `s` cannot be stored, or null when it can. */
export function unstorableTextReason(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return 'contains a NUL character (U+0000), which cannot be stored';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'contains a lone UTF-16 surrogate (broken text, e.g. half of an emoji), which cannot be stored';
    }
    if (c >= 0xdc00 && c <= 0xdfff)
      return 'contains a lone UTF-16 surrogate (broken text, e.g. half of an emoji), which cannot be stored';
  }
  return null;
}

export type TextPath = readonly (string | number)[];

export interface UnstorableText {
  /** Where: object keys and array indexes from the root value. */
  readonly path: TextPath;
  readonly reason: string;
}

/**
 * The first string (or object key) in a JSON-like value that cannot be stored, with its path; null when all can.
 * Walks plain objects and arrays only (what JSON parsing and structured cloning produce).
 */
export function findUnstorableText(value: unknown, path: TextPath = []): UnstorableText | null {
  if (typeof value === 'string') {
    const reason = unstorableTextReason(value);
    return reason === null ? null : { path, reason };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const keyReason = unstorableTextReason(key);
      if (keyReason !== null) return { path: [...path, key], reason: `the field name ${keyReason}` };
      const found = findUnstorableText(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** `a.b.0.c` for messages (the root is `where`). */
export const textPathLabel = (where: string, path: TextPath): string =>
  [where, ...path.map(String)].filter((p) => p !== '').join('.');
