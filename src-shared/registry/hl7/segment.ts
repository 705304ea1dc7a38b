import { ENCODING_CHARACTERS, FIELD_SEPARATOR, SEGMENT_TERMINATOR } from './encoding';

/** Fields by position, 1-based as the HL7 tables number them (values already encoded). */
export type Hl7Fields = Readonly<Record<number, string>>;

function check(name: string): void {
  if (!/^[A-Z][A-Z0-9]{2}$/.test(name)) throw new Error(`'${name}' is not an HL7 segment name`);
}

/** A segment from its fields by position; missing fields are empty, trailing empty fields are left out. */
export function seg(name: string, fields: Hl7Fields): string {
  check(name);
  const last = Math.max(0, ...Object.keys(fields).map(Number));
  const out: string[] = [name];
  for (let i = 1; i <= last; i++) out.push(fields[i] ?? '');
  return out.join(FIELD_SEPARATOR);
}

/** The MSH segment: MSH-1 is the field separator itself and MSH-2 the encoding characters, so fields start at MSH-3. */
export function msh(fields: Hl7Fields): string {
  const last = Math.max(2, ...Object.keys(fields).map(Number));
  const out: string[] = ['MSH'];
  for (let i = 2; i <= last; i++) out.push(i === 2 ? ENCODING_CHARACTERS : (fields[i] ?? ''));
  return out.join(FIELD_SEPARATOR);
}

/** A message from its segments, each terminated by a carriage return. */
export const message = (segments: readonly string[]): string =>
  segments.map((s) => `${s}${SEGMENT_TERMINATOR}`).join('');
