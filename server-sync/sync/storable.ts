import type { JsonValue } from '../../src-shared/db/column-types';
import { unstorableTextReason } from '../../src-shared/text/storable';

/**
 * What the sync routes keep of text PostgreSQL cannot store (src-shared/text/storable.ts: a NUL character, a lone
 * UTF-16 surrogate), when they must keep it rather than refuse it: a rejected change's payload, a workstation's
 * audit entry. The text is written escaped as JSON writes it (`\u0000`, `\ud83d`), which PostgreSQL stores and a
 * reader can take back exactly; text that can be stored is kept as it is.
 */

/** `s`, or its JSON escape when it holds text that cannot be stored. */
export const storableText = (s: string): string =>
  unstorableTextReason(s) === null ? s : JSON.stringify(s).slice(1, -1);

/** A JSON value with every string and key that cannot be stored escaped (see storableText); `escaped` collects their paths. */
export function storableJson(value: JsonValue, escaped: string[] = [], path = ''): JsonValue {
  if (typeof value === 'string') {
    const s = storableText(value);
    if (s !== value) escaped.push(path);
    return s;
  }
  if (Array.isArray(value)) return value.map((v, i) => storableJson(v, escaped, `${path}.${i}`));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) {
      const key = storableText(k);
      if (key !== k) escaped.push(`${path}.${key}`);
      out[key] = storableJson(v, escaped, `${path}.${key}`);
    }
    return out;
  }
  return value;
}
