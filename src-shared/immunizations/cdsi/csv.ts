/**
 * RFC 4180 CSV (pure): fields separated by commas, records by CRLF or LF (a lone CR too), a field in double quotes may
 * hold commas, line breaks and doubled quotes (""). A byte-order mark before the first field is dropped. Records
 * whose every field is empty (blank lines) are dropped; the others keep their fields as written (no trimming).
 * An unterminated quote is an error naming the line where the quoted field began.
 */

export interface CsvRecord {
  /** the line (1-based) where the record begins */
  readonly line: number;
  readonly fields: readonly string[];
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export function parseCsvRecords(input: string): CsvRecord[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let quoteLine = 0;
  let line = 1;
  let recordLine = 1;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.some((f) => f !== ''))
      records.push(Object.freeze({ line: recordLine, fields: Object.freeze(fields) }));
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) throw new CsvError('a quoted field is not closed', quoteLine);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** The records' fields only (see parseCsvRecords). */
export const parseCsv = (text: string): string[][] => parseCsvRecords(text).map((r) => [...r.fields]);
