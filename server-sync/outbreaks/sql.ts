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

/**
 * An index-friendly superset of a pattern: jsonb containment (symptoms @> '{"vomiting": true}'), which the GIN
 * index idx_symptom_tracking_symptoms answers, so the scan reads only rows that may match instead of every row.
 * null when the expression has no such necessary condition (e.g. only none_of or min_temp_f).
 */
function containments(e: SymptomExpression): string[] | null {
  for (const c of e.all) {
    const one = containmentOf(c);
    if (one) return one;
  }
  return null;
}

function containmentOf(c: SymptomCondition): string[] | null {
  switch (c.kind) {
    case 'flag':
      return c.present ? [JSON.stringify({ [c.key]: true })] : null;
    case 'text':
      return [JSON.stringify({ [c.key]: c.value })];
    case 'list':
      return [JSON.stringify({ [c.key]: c.values })];
    case 'anyOf': {
      const parts = c.items.map(containments);
      return parts.every((p) => p !== null) ? parts.flatMap((p) => p ?? []) : null;
    }
    case 'allOf':
      for (const i of c.items) {
        const p = containments(i);
        if (p) return p;
      }
      return null;
    default:
      return null;
  }
}

/** A WHERE clause that keeps every row any of the expressions may match (true when one has no index-friendly part). */
export function prefilterSql(expressions: readonly SymptomExpression[]): RawBuilder<boolean> {
  const all: string[] = [];
  for (const e of expressions) {
    const c = containments(e);
    if (c === null) return sql<boolean>`true`;
    all.push(...c);
  }
  const unique = [...new Set(all)];
  if (unique.length === 0) return sql<boolean>`true`;
  return sql<boolean>`(${sql.join(
    unique.map((j) => sql`symptoms @> ${j}::jsonb`),
    sql` OR `,
  )})`;
}
