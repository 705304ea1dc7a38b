import { z } from 'zod';
import { jsonValue, type JsonValue } from '../../../src-shared/db/column-types';

/**
 * Reference tables written as text in the seed's catalogs: one row a line, cells separated by '|', blank lines
 * and lines starting with '#' skipped.
 */

/** Each row is returned as a cell reader (throws on a missing cell). */
export function table(text: string, columns: number): ((i: number) => string)[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length !== columns)
        throw new Error(`reference table row has ${cells.length} cells, expected ${columns}: ${line}`);
      return (i: number) => {
        const v = cells[i];
        if (v === undefined) throw new Error(`reference table cell ${i} missing: ${line}`);
        return v;
      };
    });
}

/** A list cell of a reference table: items separated by ';' (empty cell = empty list). */
export const cellList = (cell: string): string[] => (cell === '' ? [] : cell.split(';').map((s) => s.trim()));

/** One of the allowed values, or an error naming the bad cell. */
export function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined)
    throw new Error(`reference table value '${value}' is not one of ${allowed.join(', ')}`);
  return found;
}

/** A Y/N cell. */
export const yesNo = (cell: string): boolean => oneOf(cell, ['Y', 'N'] as const) === 'Y';

/** A whole number, or null for an empty cell. */
export const optionalInt = (cell: string): number | null => (cell === '' ? null : Number(cell));

const jsonObject = z.record(z.string(), jsonValue);

/** A cell holding a JSON object. */
export const jsonObjectCell = (cell: string): Record<string, JsonValue> => jsonObject.parse(JSON.parse(cell));
