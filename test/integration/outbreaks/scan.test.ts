import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { scanOutbreaks, type DetectedOutbreak } from '../../../server-sync/outbreaks';
import { expressionSql } from '../../../server-sync/outbreaks/sql';
import {
  matchesExpression,
  parseSymptomExpression,
  DEFAULT_OUTBREAK_PATTERNS,
} from '../../../src-shared/outbreaks';
import { serverTargets } from '../../support/db';
import { TestClock } from '../server/support';
import { addSymptoms, makeOutbreakDistrict, type OutbreakDistrict } from './fixture';

const GI = 'Acute gastrointestinal illness';

describe.each(serverTargets())('outbreak scan ($name)', (target) => {
  let h: ServerDbHandle;
  let d: OutbreakDistrict;
  const clock = new TestClock('2026-03-05T12:00:00.000Z');

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    d = await makeOutbreakDistrict(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the SQL predicate of a pattern means what matchesExpression means', async () => {
    const samples: Record<string, unknown>[] = [
      { fever: true, temp_f: 100.4, cough: true },
      { fever: true, temp_f: 99, cough: true },
      { fever: true, temp_f: '101', sore_throat: true },
      { vomiting: true },
      { diarrhea: false, nausea: true },
      { rash: true, fever: true },
      { rash: true, mouth_sores: true, rash_location: ['hands', 'feet'] },
      { eye_redness: true, eye_discharge: true },
      { conjunctivitis: true },
      { sore_throat: true, fever: true, confirmed_test: 'rapid_strep' },
      {},
    ];
    const ids = await addSymptoms(
      h.db,
      samples.map((symptoms, i) => ({
        studentId: d.studentsB[i] ?? '',
        schoolId: d.schoolB,
        onset: '2025-01-06',
        symptoms,
      })),
    );
    const exprs = [
      ...DEFAULT_OUTBREAK_PATTERNS.map((p) => p.symptoms),
      { sore_throat: true, fever: true, cough: false, confirmed_test: 'rapid_strep' },
      { rash: true, rash_location: ['hands', 'feet'], none_of: ['fever'] },
    ];
    for (const e of exprs) {
      const parsed = parseSymptomExpression(e);
      if (!parsed.ok) throw new Error(parsed.reason);
      const r = await sql<{
        id: string;
      }>`SELECT id FROM symptom_tracking WHERE id IN (${sql.join(ids)}) AND ${expressionSql(parsed.expression)}`.execute(
        h.db,
      );
      const inSql = new Set(r.rows.map((x) => x.id));
      samples.forEach((s, i) =>
        expect(inSql.has(ids[i] ?? ''), `${JSON.stringify(e)} on ${JSON.stringify(s)}`).toBe(
          matchesExpression(parsed.expression, { symptoms: s, onsetDate: '2025-01-06' }),
        ),
      );
    }
    await h.db.deleteFrom('symptom_tracking').where('id', 'in', ids).execute();
  });

  it('raises one alert per episode with counts, curve and linked cases, and updates it the next day', async () => {
    // school A: a GI case every few days in February, then 4 on March 5, 3 more on March 6
    const background = ['2026-02-10', '2026-02-17', '2026-02-24'].map((onset, i) => ({
      studentId: d.studentsA[100 + i] ?? '',
      schoolId: d.schoolA,
      onset,
      symptoms: { vomiting: true },
      grade: '4' as const,
    }));
    const burst = [0, 1, 2, 3].map((i) => ({
      studentId: d.studentsA[i] ?? '',
      schoolId: d.schoolA,
      onset: '2026-03-05',
      symptoms: { vomiting: true, nausea: true },
      grade: '2' as const,
      location: i < 3 ? 'Cafeteria' : 'Gym',
    }));
    await addSymptoms(h.db, [...background, ...burst]);
    const seen: DetectedOutbreak[] = [];
    const r = await scanOutbreaks(h.db, clock, {
      onDetected: (trx, x) => {
        expect(trx.isTransaction).toBe(true);
        seen.push(x);
        return Promise.resolve();
      },
    });
    expect(r.districts).toEqual([{ districtId: d.districtId, asOf: '2026-03-05', schools: 2 }]);
    expect(r.evaluated).toBe(8);
    expect(r.created).toHaveLength(1);
    expect(seen).toEqual(r.created);
    const x = r.created[0]!;
    expect(x).toMatchObject({
      schoolId: d.schoolA,
      patternName: GI,
      reportable: true,
      method: 'threshold',
      date: '2026-03-05',
      count: 4,
      expected: 3,
      affectedStudents: 4,
    });
    expect(x.caseIds).toHaveLength(4);
    const alert = await h.db
      .selectFrom('outbreak_alerts')
      .selectAll()
      .where('id', '=', x.alertId)
      .executeTakeFirstOrThrow();
    expect(alert).toMatchObject({
      outbreak_status: 'INVESTIGATING',
      affected_students_count: 4,
      total_student_population: 200,
      severity_level: 'HIGH',
    });
    expect(Number(alert.percentage_affected)).toBe(2);
    const curve = alert.time_series_data as { date: string; cases: number; c1: number | null }[];
    expect(curve).toHaveLength(29);
    expect(curve.at(-1)).toMatchObject({ date: '2026-03-05', cases: 4 });
    expect(curve.find((c) => c.date === '2026-02-17')?.cases).toBe(1);
    const summary = alert.symptom_summary as {
      detection: { signals: { method: string }[] };
      vomiting: number;
    };
    expect(summary.detection.signals.map((s) => s.method)).toEqual(['threshold', 'c1', 'c2', 'c3']);
    expect(summary.vomiting).toBe(4);
    expect(alert.geographic_cluster_info).toMatchObject({ top_grade: '2', top_location: 'Cafeteria' });
    expect(alert.containment_measures).toMatchObject({
      health_department_notification: { required: true, status: 'DUE' },
    });
    const clusters = await h.db
      .selectFrom('outbreak_case_clusters')
      .selectAll()
      .where('outbreak_alert_id', '=', x.alertId)
      .execute();
    expect(clusters.map((k) => k.epidemiological_link_strength).sort()).toEqual([
      'MODERATE',
      'STRONG',
      'STRONG',
      'STRONG',
    ]);

    // the same day again: nothing new
    const again = await scanOutbreaks(h.db, clock);
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([x.alertId]);

    // the next day: 3 more cases, the same episode
    await addSymptoms(
      h.db,
      [4, 5, 6].map((i) => ({
        studentId: d.studentsA[i] ?? '',
        schoolId: d.schoolA,
        onset: '2026-03-06',
        symptoms: { diarrhea: true },
        grade: '2' as const,
      })),
    );
    const next = await scanOutbreaks(h.db, clock, { asOf: '2026-03-06' });
    expect(next.created).toEqual([]);
    expect(next.updated).toEqual([x.alertId]);
    const after = await h.db
      .selectFrom('outbreak_alerts')
      .selectAll()
      .where('school_id', '=', d.schoolA)
      .execute();
    expect(after).toHaveLength(1);
    expect(after[0]?.affected_students_count).toBe(7);
    expect((after[0]?.time_series_data as { date: string }[]).at(-1)?.date).toBe('2026-03-06');
    const n = await h.db
      .selectFrom('outbreak_case_clusters')
      .select(sql<string>`count(*)`.as('n'))
      .where('outbreak_alert_id', '=', x.alertId)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(7);
    const audit = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM audit_logs WHERE table_name = 'outbreak_alerts' AND record_id = ${x.alertId}`.execute(
      h.db,
    );
    expect(Number(audit.rows[0]?.n)).toBe(3);
  });

  it('a quiet school with one case on a day raises nothing; a school list limits the scan', async () => {
    await addSymptoms(h.db, [
      {
        studentId: d.studentsB[20] ?? '',
        schoolId: d.schoolB,
        onset: '2026-03-05',
        symptoms: { vomiting: true },
      },
    ]);
    const r = await scanOutbreaks(h.db, clock, { asOf: '2026-03-05', schoolIds: [d.schoolB] });
    expect(r.evaluated).toBe(4);
    expect(r.created).toEqual([]);
    expect(r.updated).toEqual([]);
  });
});
