import { sql, type RawBuilder } from 'kysely';
import type { SymptomCondition, SymptomExpression } from '../../src-shared/outbreaks';

/**
 * A pattern's symptom expression (src-shared/outbreaks/expression.ts) as a SQL predicate on symptom_tracking, so
 * the scan counts every pattern in one pass over the rows (count(...) FILTER (WHERE <predicate>)). Same meaning
 * as matchesExpression (test/integration/outbreaks/scan.test.ts checks both on the same rows). Keys are inlined
 * (parseSymptomExpression only lets known keys through: lower-case letters and _); values are parameters.
 */
const KEY = /^[a-z][a-z_]*$/;

function key(k: string): RawBuilder<unknown> {
  if (!KEY.test(k)) throw new Error(`not a symptom key: ${JSON.stringify(k)}`);
  return sql.raw(`(symptoms -> '${k}')`);
}

function condition(c: SymptomCondition): RawBuilder<boolean> {
  switch (c.kind) {
    case 'flag':
      return c.present
        ? sql<boolean>`${key(c.key)} = 'true'::jsonb`
        : sql<boolean>`${key(c.key)} IS DISTINCT FROM 'true'::jsonb`;
    case 'minTemp':
      return sql<boolean>`(CASE WHEN jsonb_typeof(symptoms -> 'temp_f') = 'number' THEN (symptoms ->> 'temp_f')::numeric >= ${c.value}::numeric ELSE false END)`;
    case 'anyOf':
      return sql<boolean>`(${sql.join(c.items.map(expressionSql), sql` OR `)})`;
    case 'allOf':
      return sql<boolean>`(${sql.join(c.items.map(expressionSql), sql` AND `)})`;
    case 'noneOf':
      return sql<boolean>`NOT (${sql.join(c.items.map(expressionSql), sql` OR `)})`;
    case 'text':
      return sql<boolean>`${key(c.key)} = to_jsonb(${c.value}::text)`;
    case 'list':
      return sql<boolean>`(jsonb_typeof(${key(c.key)}) = 'array' AND ${key(c.key)} @> ${JSON.stringify(c.values)}::jsonb)`;
    case 'onsetWithin':
      return sql<boolean>`(reported_date - (symptom_onset_date::timestamp AT TIME ZONE 'UTC')) <= make_interval(hours => ${c.hours}::int)`;
  }
}

/** A missing key makes most comparisons NULL; NOT (NULL) would be NULL too (none_of), so every condition is coalesced. */
function definite(c: SymptomCondition): RawBuilder<boolean> {
  return c.kind === 'flag' && !c.present ? condition(c) : sql<boolean>`coalesce(${condition(c)}, false)`;
}

export function expressionSql(e: SymptomExpression): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(e.all.map(definite), sql` AND `)})`;
}
