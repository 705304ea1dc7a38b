import { z } from 'zod';
import type { Prng } from './prng';

/**
 * Column values for the simulation's writes, derived from the generated server insert schemas
 * (src-shared/db/server-schema.generated.ts): an enum column takes one of its options, a varchar(n) a short
 * text of at most n characters, a date a calendar date, a boolean 0/1 (the workstation's form). Columns whose
 * meaning the schema cannot tell (foreign keys, ranges of the CHECKs, JSON shapes) have their own generators in
 * ops.ts. Texts come from a small vocabulary on purpose: two nurses sometimes write the same value.
 */

const WORDS = [
  'rash',
  'fever',
  'cough',
  'headache',
  'nausea',
  'ice pack',
  'rest',
  'called parent',
  'returned to class',
  'inhaler',
  'bandage',
  'observed',
  'hives',
  'swelling',
  'mild',
  'recheck tomorrow',
  'sent home',
  'water',
  'snack',
  'cleaned wound',
] as const;

export function text(prng: Prng, maxLength: number | null = null, words = prng.int(1, 4)): string {
  const s = Array.from({ length: words }, () => prng.pick(WORDS)).join(' ');
  return maxLength !== null && s.length > maxLength ? s.slice(0, maxLength) : s;
}

/** A calendar date within `days` days before the instant `ms`. */
export function dateBefore(prng: Prng, ms: number, days: number): string {
  return new Date(ms - prng.int(0, days) * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A decimal with two places as a number (the workstation keeps numeric columns as REAL). */
export function decimal(prng: Prng, min: number, max: number): number {
  return prng.int(Math.round(min * 100), Math.round(max * 100)) / 100;
}

function unwrap(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let s = schema;
  let nullable = false;
  for (;;) {
    if (s instanceof z.ZodNullable) nullable = true;
    if (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodDefault)
      s = s.unwrap() as z.ZodType;
    else return { inner: s, nullable };
  }
}

/**
 * A value for a column from its server insert schema, in the workstation's form; null sometimes when the column
 * is nullable. Throws for a column type it cannot make up (the caller must give that column a generator).
 */
export function valueFromSchema(
  prng: Prng,
  schema: z.ZodType,
  where: string,
  nowMs: number,
): string | number | null {
  const { inner, nullable } = unwrap(schema);
  if (nullable && prng.chance(0.1)) return null;
  if (inner instanceof z.ZodEnum) return prng.pick(inner.options as readonly string[]);
  if (inner instanceof z.ZodBoolean) return prng.int(0, 1);
  if ((inner as { format?: unknown }).format === 'date') return dateBefore(prng, nowMs, 400);
  if (inner instanceof z.ZodString) return text(prng, inner.maxLength);
  throw new Error(`sim: no generator for ${where} (${inner.constructor.name})`);
}
