import { v7 as uuidv7 } from 'uuid';
import type { ServerDb } from '../../../server-sync/db/connect';
import { installDefaultPatterns } from '../../../server-sync/outbreaks';
import { makeDistrict, type TestDistrict } from '../server/support';

export interface OutbreakDistrict extends TestDistrict {
  /** students of school A (200) and B (100) */
  readonly studentsA: string[];
  readonly studentsB: string[];
  readonly patterns: Map<string, string>;
}

/** makeDistrict plus enrolled students, the default patterns, and a way to add symptom records. */
export async function makeOutbreakDistrict(db: ServerDb): Promise<OutbreakDistrict> {
  const d = await makeDistrict(db);
  const mk = async (school: string, n: number, prefix: string) => {
    const ids = Array.from({ length: n }, () => uuidv7());
    await db
      .insertInto('students')
      .values(
        ids.map((id, i) => ({
          id,
          district_id: d.districtId,
          school_id: school,
          student_number: `${prefix}${i}`,
          first_name: 'Kid',
          last_name: `${prefix}${i}`,
          date_of_birth: '2016-05-01',
          grade_level: (['2', '3', '4'] as const)[i % 3] ?? '2',
        })),
      )
      .execute();
    return ids;
  };
  const studentsA = await mk(d.schoolA, 199, 'A');
  const studentsB = await mk(d.schoolB, 99, 'B');
  await installDefaultPatterns(db, new Date('2026-01-01T00:00:00Z'), d.districtAdmin.id, uuidv7);
  const rows = await db.selectFrom('outbreak_patterns').select(['id', 'pattern_name']).execute();
  return { ...d, studentsA, studentsB, patterns: new Map(rows.map((r) => [r.pattern_name, r.id])) };
}

export async function addSymptoms(
  db: ServerDb,
  rows: {
    studentId: string;
    schoolId: string;
    onset: string;
    symptoms: Record<string, unknown>;
    grade?: '2' | '3' | '4';
    location?: string;
  }[],
): Promise<string[]> {
  const ids = rows.map(() => uuidv7());
  if (rows.length === 0) return ids;
  await db
    .insertInto('symptom_tracking')
    .values(
      rows.map((r, i) => ({
        id: ids[i] ?? uuidv7(),
        student_id: r.studentId,
        school_id: r.schoolId,
        reported_date: new Date(`${r.onset}T14:00:00Z`),
        symptom_onset_date: r.onset,
        symptoms: JSON.stringify(r.symptoms),
        student_grade_level: r.grade ?? null,
        location_at_onset: r.location ?? null,
      })),
    )
    .execute();
  return ids;
}
