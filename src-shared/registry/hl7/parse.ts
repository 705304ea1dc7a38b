/**
 * An HL7 v2 message parser (HL7 v2.5.1 chapter 2: 2.5 message construction, 2.7 escape sequences).
 *
 * The delimiters are read from the message itself (MSH-1 the field separator, MSH-2 the component, repetition,
 * escape and subcomponent characters, in that order), so a message with other encoding characters reads the same.
 * Segments may end with CR, LF or CRLF; an MLLP frame (VT ... FS CR) and a byte-order mark are tolerated. Values
 * are unescaped after splitting, so an escaped delimiter never splits a value.
 */

export interface Delimiters {
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  readonly escape: string;
  readonly subcomponent: string;
}

/** A field: its repetitions, each a list of components, each a list of subcomponents (unescaped text). */
export type Hl7Field = readonly (readonly (readonly string[])[])[];

export interface Hl7Segment {
  readonly name: string;
  /** 1-based position of the segment in the message. */
  readonly index: number;
  /** fields[n] is field n (fields[0] is unused); MSH-1 and MSH-2 hold the delimiters as text. */
  readonly fields: readonly Hl7Field[];
  /** The segment as received (without its terminator). */
  readonly raw: string;
}

export interface Hl7Issue {
  readonly severity: 'error' | 'warning';
  /** Where: segment name and its position, and the field when known, e.g. "PID (segment 2) field 5". */
  readonly location: string;
  readonly message: string;
}

export interface Hl7Message {
  readonly delimiters: Delimiters;
  readonly segments: readonly Hl7Segment[];
  /** Things read but not as the standard has them (unknown escape sequences...), never fatal. */
  readonly warnings: readonly Hl7Issue[];
}

export class Hl7ParseError extends Error {
  constructor(
    readonly location: string,
    message: string,
  ) {
    super(`${location}: ${message}`);
    this.name = 'Hl7ParseError';
  }
}

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;

/** The text of a message without an MLLP frame, a byte-order mark or surrounding blank lines. */
export function unframe(text: string): string {
  let t = text.replace(/^\uFEFF/, '');
  const start = t.indexOf('\x0b');
  if (start >= 0) {
    const end = t.indexOf('\x1c', start + 1);
    t = t.slice(start + 1, end < 0 ? undefined : end);
  }
  return t.replace(/^[\r\n\s]+/, '').replace(/[\r\n\s]+$/, '');
}

function delimitersOf(first: string): Delimiters {
  const header = first.slice(0, 3);
  if (header !== 'MSH' && header !== 'FHS' && header !== 'BHS')
    throw new Hl7ParseError(
      'segment 1',
      `a message starts with MSH (or FHS/BHS for a batch), got '${first.slice(0, 3)}'`,
    );
  const field = first.charAt(3);
  const enc = first.slice(4).split(field, 1)[0] ?? '';
  if (!field || /[A-Za-z0-9\s]/.test(field))
    throw new Hl7ParseError(`${header}-1`, `'${field}' cannot be the field separator`);
  if (enc.length < 4 || enc.length > 5)
    throw new Hl7ParseError(
      `${header}-2`,
      `the encoding characters must be 4 (or 5 with truncation), got '${enc}'`,
    );
  const d = {
    field,
    component: enc.charAt(0),
    repetition: enc.charAt(1),
    escape: enc.charAt(2),
    subcomponent: enc.charAt(3),
  };
  if (new Set([d.field, d.component, d.repetition, d.escape, d.subcomponent]).size !== 5)
    throw new Hl7ParseError(`${header}-2`, `the delimiters must all differ, got '${field}${enc}'`);
  return d;
}

function hexText(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return String.fromCharCode(...bytes); // ISO 8859-1, the default character set
  }
}

/**
 * The text of one escaped value: \F\ \S\ \T\ \R\ \E\ are the delimiters, \Xhh..\ hexadecimal data, \.br\ a line
 * break, \H\ and \N\ (highlighting) are dropped; anything else is kept as received and reported.
 */
export function unescapeValue(v: string, d: Delimiters, warn?: (message: string) => void): string {
  if (!v.includes(d.escape)) return v;
  let out = '';
  let i = 0;
  while (i < v.length) {
    const c = v.charAt(i);
    if (c !== d.escape) {
      out += c;
      i++;
      continue;
    }
    const end = v.indexOf(d.escape, i + 1);
    if (end < 0) {
      warn?.(`an escape character without its closing one: '${v.slice(i)}' kept as text`);
      out += v.slice(i);
      break;
    }
    const code = v.slice(i + 1, end);
    const seq = `${d.escape}${code}${d.escape}`;
    if (code === 'F') out += d.field;
    else if (code === 'S') out += d.component;
    else if (code === 'T') out += d.subcomponent;
    else if (code === 'R') out += d.repetition;
    else if (code === 'E') out += d.escape;
    else if (code === 'H' || code === 'N') out += '';
    else if (code === '.br') out += '\n';
    else if (/^X(?:[0-9A-Fa-f]{2})+$/.test(code)) out += hexText(code.slice(1));
    else {
      warn?.(`unknown escape sequence '${seq}' kept as text`);
      out += seq;
    }
    i = end + 1;
  }
  return out;
}

function splitField(raw: string, d: Delimiters, warn: (m: string) => void): Hl7Field {
  return raw
    .split(d.repetition)
    .map((rep) =>
      rep.split(d.component).map((comp) => comp.split(d.subcomponent).map((s) => unescapeValue(s, d, warn))),
    );
}

function parseSegment(raw: string, index: number, d: Delimiters, warnings: Hl7Issue[]): Hl7Segment {
  const name = raw.slice(0, 3);
  if (!SEGMENT_NAME.test(name) || (raw.length > 3 && raw.charAt(3) !== d.field))
    throw new Hl7ParseError(
      `segment ${index}`,
      `'${raw.slice(0, 20)}' does not start with a segment name and '${d.field}'`,
    );
  const parts = raw.split(d.field);
  const header = name === 'MSH' || name === 'FHS' || name === 'BHS';
  const fields: Hl7Field[] = header ? [[], [[[d.field]]]] : [[]];
  parts.slice(1).forEach((part, k) => {
    const n = header ? k + 2 : k + 1;
    const warn = (message: string): void => {
      warnings.push({ severity: 'warning', location: `${name} (segment ${index}) field ${n}`, message });
    };
    if (header && n === 2) fields.push([[[part]]]);
    else fields.push(splitField(part, d, warn));
  });
  return { name, index, fields, raw };
}

/** The segments of a message; throws Hl7ParseError naming the segment when it is not HL7 v2. */
export function parseHl7(text: string): Hl7Message {
  const body = unframe(text);
  if (body === '') throw new Hl7ParseError('message', 'empty');
  const lines = body.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const d = delimitersOf(lines[0] ?? '');
  const warnings: Hl7Issue[] = [];
  const segments = lines.map((l, i) => parseSegment(l.replace(/\s+$/, ''), i + 1, d, warnings));
  return { delimiters: d, segments, warnings };
}

/** A value by position, 1-based as the HL7 tables number them: field, component, subcomponent, repetition. */
export function valueOf(s: Hl7Segment | undefined, field: number, component = 1, sub = 1, rep = 1): string {
  return s?.fields[field]?.[rep - 1]?.[component - 1]?.[sub - 1] ?? '';
}

/** Every repetition of a field. */
export function repetitionsOf(
  s: Hl7Segment | undefined,
  field: number,
): readonly (readonly (readonly string[])[])[] {
  return (s?.fields[field] ?? []).filter((r) => r.some((c) => c.some((x) => x !== '')));
}

/** The segments of a message with a name. */
export const segmentsNamed = (m: Hl7Message, name: string): readonly Hl7Segment[] =>
  m.segments.filter((s) => s.name === name);

/**
 * The text of a message received as bytes: UTF-8 unless MSH-18 names ISO 8859-1 (or the bytes are not UTF-8,
 * as older senders write Latin-1 without saying so).
 */
export function decodeHl7(bytes: Uint8Array): string {
  const first =
    new TextDecoder('latin1')
      .decode(bytes.subarray(0, 1024))
      .replace(/^[^M]*/, '')
      .split(/\r|\n/)[0] ?? '';
  // MSH-18 is the 18th field: MSH, MSH-2, ... split by MSH-1.
  const msh18 = first.startsWith('MSH') ? (first.split(first.charAt(3))[17] ?? '') : '';
  if (/8859\s*\/?\s*1/.test(msh18)) return new TextDecoder('latin1').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}
