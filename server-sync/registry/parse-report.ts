import {
  decodeHl7,
  Hl7ParseError,
  parseAck,
  parseHl7,
  parseRsp,
  readErr,
  readMsa,
  readMsh,
  readNk1,
  readObx,
  readOrc,
  readPd1,
  readPid,
  readQak,
  readQpd,
  readRxa,
  readRxr,
  type Hl7Segment,
} from '../../src-shared/registry';

/**
 * What `white-cross registry parse FILE.hl7` prints: every segment with its fields (as HL7 numbers them, only
 * those with a value), the typed reading of the segments the immunization guide uses, what an ACK or an RSP
 * says, and the warnings and errors, each naming its segment and field.
 */

const READERS: Readonly<Record<string, (s: Hl7Segment) => unknown>> = {
  MSH: readMsh,
  PID: readPid,
  PD1: readPd1,
  NK1: readNk1,
  ORC: readOrc,
  RXA: readRxa,
  RXR: readRxr,
  OBX: readObx,
  MSA: readMsa,
  ERR: readErr,
  QPD: readQpd,
  QAK: readQak,
};

type Field = readonly (readonly (readonly string[])[])[];
const fieldValue = (f: Field): unknown => {
  const reps = f.map((rep) => {
    const comps = rep.map((c) => (c.length === 1 ? c[0] : c));
    return comps.length === 1 ? comps[0] : comps;
  });
  return reps.length === 1 ? reps[0] : reps;
};
const hasValue = (f: Field | undefined): boolean =>
  !!f && f.some((r) => r.some((c) => c.some((x) => x !== '')));

export interface ParseReport {
  readonly file: string;
  readonly ok: boolean;
  readonly messageType?: string;
  readonly controlId?: string;
  readonly segments?: unknown[];
  readonly acknowledgement?: unknown;
  readonly response?: unknown;
  readonly warnings: { location: string; message: string }[];
  readonly errors: { location: string; message: string }[];
}

export function parseReport(file: string, bytes: Uint8Array): ParseReport {
  const warnings: { location: string; message: string }[] = [];
  const errors: { location: string; message: string }[] = [];
  let m;
  try {
    m = parseHl7(decodeHl7(bytes));
  } catch (e) {
    errors.push(
      e instanceof Hl7ParseError
        ? { location: e.location, message: e.message.slice(e.location.length + 2) }
        : { location: 'message', message: e instanceof Error ? e.message : String(e) },
    );
    return { file, ok: false, warnings, errors };
  }
  warnings.push(...m.warnings.map((w) => ({ location: w.location, message: w.message })));
  const segments = m.segments.map((s) => {
    const fields: Record<string, unknown> = {};
    s.fields.forEach((f, n) => {
      if (n > 0 && hasValue(f)) fields[`${s.name}-${n}`] = fieldValue(f);
    });
    let typed: unknown;
    const read = READERS[s.name];
    if (read)
      try {
        typed = read(s);
      } catch (e) {
        errors.push({
          location: `${s.name} (segment ${s.index})`,
          message: e instanceof Error ? e.message : String(e),
        });
      }
    return { name: s.name, index: s.index, fields, ...(typed ? { typed } : {}) };
  });
  const msh = m.segments[0]?.name === 'MSH' ? readMsh(m.segments[0]) : undefined;
  let acknowledgement: unknown;
  let response: unknown;
  if (msh?.messageType === 'ACK' || msh?.messageType === 'RSP')
    try {
      acknowledgement = parseAck(decodeHl7(bytes));
      if (msh.messageType === 'RSP') response = parseRsp(decodeHl7(bytes));
    } catch (e) {
      errors.push({ location: 'MSA', message: e instanceof Error ? e.message : String(e) });
    }
  return {
    file,
    ok: errors.length === 0,
    ...(msh
      ? { messageType: [msh.messageType, msh.triggerEvent, msh.messageStructure].filter(Boolean).join('^') }
      : {}),
    ...(msh ? { controlId: msh.controlId } : {}),
    segments,
    ...(acknowledgement ? { acknowledgement } : {}),
    ...(response ? { response } : {}),
    warnings,
    errors,
  };
}
