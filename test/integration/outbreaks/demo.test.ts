import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertView as alertViewSchema } from '../../../src-shared/api/outbreaks';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { seedDemo } from '../../../server-sync/seed/demo';
import { alertView, type AlertRow } from '../../../server-sync/outbreaks/views';

/** The demo district (npm start seeds it) has an outbreak to look at: cases, a curve with C1/C2/C3, what was detected. */
describe('the demo district has an outbreak (PGlite, 300 students)', () => {
  let h: ServerDbHandle;
  beforeAll(async () => {
    h = await openServerDb({ pgliteDir: ':memory:' });
    await migrateServerToLatest(h.db);
    await seedDemo(h.db, {
      seed: 1,
      students: 300,
      years: 1,
      schools: 3,
      asOf: new Date('2026-11-20T12:00:00Z'),
    });
  }, 600_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the planted GI cluster is an alert with linked cases, an epidemic curve and the detection', async () => {
    const rows = await h.db
      .selectFrom('outbreak_alerts as a')
      .innerJoin('schools as s', 's.id', 'a.school_id')
      .innerJoin('districts as d', 'd.id', 's.district_id')
      .leftJoin('outbreak_patterns as p', 'p.id', 'a.pattern_id')
      .selectAll('a')
      .select([
        's.name as school_name',
        sql<string>`coalesce(s.timezone, d.timezone)`.as('time_zone'),
        'p.pattern_name as pattern_name',
        'p.reportable_disease as reportable',
      ])
      .execute();
    const views = rows.map((r: AlertRow) => alertViewSchema.parse(alertView(r)));
    const gi = views.find(
      (v) => v.patternName === 'Acute gastrointestinal illness' && v.affectedStudents >= 3,
    );
    expect(gi).toBeDefined();
    expect(gi?.epidemicCurve).toHaveLength(29);
    expect(gi?.epidemicCurve.some((d) => d.cases >= 2)).toBe(true);
    expect(gi?.epidemicCurve.at(-1)?.c1).not.toBeNull();
    expect(gi?.detection?.method).toBe('threshold');
    expect(gi?.detection?.signals[0]?.method).toBe('threshold');
    expect(gi?.grades.length).toBeGreaterThan(0);
    const cases = await h.db
      .selectFrom('outbreak_case_clusters')
      .select(sql<string>`count(*)`.as('n'))
      .where('outbreak_alert_id', '=', gi?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(Number(cases.n)).toBe(gi?.affectedStudents);
  });
});
