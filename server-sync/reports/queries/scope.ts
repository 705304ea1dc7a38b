import { sql, type RawBuilder } from 'kysely';
import type { TenantTx } from '../../db/tenant';

/** A school a report covers, with its time zone (the district's when the school has none). */
export interface ReportSchool {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly timeZone: string;
}

/** The schools of a run: the one asked for, else every active school of the caller; by name. */
export async function reportSchools(
  trx: TenantTx,
  schoolIds: readonly string[],
  only: string | undefined,
): Promise<ReportSchool[]> {
  const ids = only ? [only] : schoolIds;
  if (ids.length === 0) return [];
  let q = trx
    .selectFrom('schools as s')
    .innerJoin('districts as d', 'd.id', 's.district_id')
    .select(['s.id', 's.name', 's.school_code', sql<string>`coalesce(s.timezone, d.timezone)`.as('tz')])
    .where('s.id', 'in', [...ids]);
  if (!only) q = q.where('s.is_active', '=', true);
  const rows = await q.orderBy('s.name').orderBy('s.id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, code: r.school_code, timeZone: r.tz }));
}

/** `col` IN the schools' ids (never an empty IN list: no school, no row). */
export const inSchools = (column: string, schools: readonly ReportSchool[]): RawBuilder<boolean> =>
  schools.length === 0
    ? sql<boolean>`false`
    : sql<boolean>`${sql.ref(column)} IN (${sql.join(schools.map((s) => s.id))})`;

/** The local calendar day of a timestamptz column in its school's zone (join schools s, districts d). */
export const localDay = (column: string): RawBuilder<string> =>
  sql<string>`(${sql.ref(column)} AT TIME ZONE coalesce(s.timezone, d.timezone))::date`;
