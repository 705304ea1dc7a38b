import { sql } from 'kysely';
import {
  addMinutes,
  insertMany,
  json,
  newId,
  sectionFaker,
  stamps,
  type NewRow,
  type SeedContext,
} from '../helpers';
import type { VisitRec } from './model';

/**
 * A few corrected visits for the demo: a nurse's note amended later the same day with a reason, as the workstation
 * writes it (clinic_visit_amendments, the visit's new value in the same step). One visit in twenty, at most twelve,
 * from its own random stream so the rest of the seed draws as before.
 */
export async function seedVisitAmendments(ctx: SeedContext, visits: readonly VisitRec[]): Promise<number> {
  const f = sectionFaker(ctx.options.seed, 'clinic-visits.amendments');
  const picked = visits.filter((_, i) => i % 20 === 7).slice(0, 12);
  if (picked.length === 0) return 0;
  const current = await ctx.db
    .selectFrom('clinic_visits')
    .select(['id', 'nurse_notes'])
    .where(
      'id',
      'in',
      picked.map((v) => v.id),
    )
    .execute();
  const notes = new Map(current.map((r) => [r.id, r.nurse_notes]));
  const rows: NewRow<'clinic_visit_amendments'>[] = [];
  for (const v of picked) {
    const at = addMinutes(v.arrival, f.number.int({ min: 45, max: 300 }));
    const old = notes.get(v.id) ?? null;
    const addition = f.helpers.arrayElement([
      'Parent called back: student rested at home, no further symptoms.',
      'Corrected: the complaint started before lunch, not after.',
      'Teacher reported the student back in class and well.',
    ]);
    const next = old ? `${old} ${addition}` : addition;
    rows.push({
      id: newId(f, at),
      clinic_visit_id: v.id,
      student_id: v.student.id,
      school_id: v.student.school.id,
      changes: json({ nurse_notes: { old, new: next } }),
      reason: f.helpers.arrayElement(['Late entry', 'Information received after the visit', 'Correction']),
      amended_by: v.nurseId,
      amended_at: at,
      ...stamps(at),
    });
    await ctx.db
      .updateTable('clinic_visits')
      .set({ nurse_notes: next, updated_at: sql<Date>`greatest(updated_at, ${at})` })
      .where('id', '=', v.id)
      .execute();
  }
  await insertMany(ctx.db, 'clinic_visit_amendments', rows);
  return rows.length;
}
