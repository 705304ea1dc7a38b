/**
 * HL7 v2 message encoding with the default delimiters (HL7 v2.5.1 chapter 2, 2.5.4 and 2.7): field separator
 * '|', encoding characters component '^', repetition '~', escape '\', subcomponent '&'; segments end with a
 * carriage return.
 */

export const FIELD_SEPARATOR = '|';
/** MSH-2. */
export const ENCODING_CHARACTERS = '^~\\&';
export const SEGMENT_TERMINATOR = '\r';

/** Escapes the delimiters in a text value: \ -> \E\, | -> \F\, ^ -> \S\, ~ -> \R\, & -> \T\ (null: empty). */
export function hl7Escape(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  return v
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/~/g, '\\R\\')
    .replace(/&/g, '\\T\\');
}

const UNESCAPED: Readonly<Record<string, string>> = Object.freeze({
  E: '\\',
  F: '|',
  S: '^',
  R: '~',
  T: '&',
});

/** The text of an escaped value (the inverse of hl7Escape); an unknown escape sequence is an error naming it. */
export function hl7Unescape(v: string): string {
  return v.replace(/\\([^\\]*)\\/g, (seq, code: string) => {
    const ch = UNESCAPED[code];
    if (ch === undefined) throw new Error(`unsupported HL7 escape sequence ${seq}`);
    return ch;
  });
}
