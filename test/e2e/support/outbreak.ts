import { v7 as uuidv7 } from 'uuid';
import { localDate } from '../../../src-shared/time';
import type { E2eDistrict } from './district';

/**
 * A stomach bug going round the e2e district's school: four students with vomiting in the last three days (their
 * onset dates in the school's zone), three of them in the cafeteria. The demo's own GI outbreak was a month ago and
 * is resolved, so a scan opens a new alert.
 */
export async function seedStomachBug(district: E2eDistrict, now: number): Promise<void> {
  const kids = await district.h.db
    .selectFrom('students')
    .select(['id', 'grade_level'])
    .where('school_id', '=', district.schoolId)
    .orderBy('student_number')
    .limit(4)
    .execute();
  await district.h.db
    .insertInto('symptom_tracking')
    .values(
      kids.map((k, i) => {
        const onset = localDate(now - [2, 1, 1, 0][i]! * 86_400_000, district.timeZone);
        return {
          id: uuidv7(),
          student_id: k.id,
          school_id: district.schoolId,
          reported_date: new Date(now - [2, 1, 1, 0][i]! * 86_400_000),
          symptom_onset_date: onset,
          symptoms: JSON.stringify({ vomiting: true, diarrhea: i % 2 === 0, nausea: true }),
          student_grade_level: k.grade_level,
          location_at_onset: i < 3 ? 'Cafeteria' : 'Classroom',
        };
      }),
    )
    .execute();
}
