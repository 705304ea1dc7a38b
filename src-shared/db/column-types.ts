import { z } from 'zod';

/**
 * Building blocks of the generated table schemas (server-schema.generated.ts, workstation-schema.generated.ts).
 * One place decides how each database type looks in TypeScript.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

/** An exact decimal as PostgreSQL returns numeric: '25.00', '-3.5'. Money is never a binary float. */
export const decimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number as a string, e.g. "25.00"');

/** A calendar date (birth, service): 'YYYY-MM-DD'. */
export const isoDateString = z.iso.date();

/** A time of day: 'HH:MM' or 'HH:MM:SS'. */
export const timeString = z
  .string()
  .regex(/^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, 'expected a time of day, e.g. "12:30"');

/** An instant: a Date from the PostgreSQL driver, or an ISO-8601 string with offset on input. */
export const instant = z.union([z.date(), z.iso.datetime({ offset: true })]);

/** SQLite keeps instants as UTC ISO-8601 text. */
export const isoInstantText = z.string().min(1);

/** SQLite booleans are 0 or 1. */
export const sqliteBoolean = z.union([z.literal(0), z.literal(1)]);

/** SQLite JSON columns hold JSON text (checked by json_valid). */
export const jsonText = z.string().refine((s) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}, 'expected JSON text');
