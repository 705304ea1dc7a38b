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

/**
 * The demo's controlled-substance ledger and dose corrections, from the doses already seeded: per school and
 * controlled medication, a delivery before its first dose (RECEIVED, witnessed), one GIVEN unit per dose, and a
 * witnessed count at the end that reconciles (expected = counted); and a few doses whose note was corrected later
 * with a reason (medication_administration_corrections). Its own random stream, so the rest of the seed draws as
 * before.
 */
export async function seedMarLedger(ctx: SeedContext): Promise<{ ledger: number; corrections: number }> {
  const f = sectionFaker(ctx.options.seed, 'mar.ledger');
  const doses = await ctx.db
    .selectFrom('medication_administrations as a')
    .innerJoin('medications as m', 'm.id', 'a.medication_id')
    .select([
      'a.id',
      'a.school_id',
      'a.medication_id',
      'a.administered_at',
      'a.administered_by',
      'a.student_id',
      'a.notes',
    ])
    .where('a.administration_status', '=', 'GIVEN')
    .where('a.administered_at', 'is not', null)
    .where('a.administered_by', 'is not', null)
    .orderBy('a.administered_at')
    .orderBy('a.id')
    .execute();
  const nurses = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'NURSE')
    .orderBy('id')
    .execute();
  const controlled = new Set(
    (await ctx.db.selectFrom('medications').select('id').where('is_controlled', '=', true).execute()).map(
      (m) => m.id,
    ),
  );
  const witnessFor = (by: string): string | null => nurses.find((n) => n.id !== by)?.id ?? null;

  const groups = new Map<string, typeof doses>();
  for (const d of doses) {
    if (!controlled.has(d.medication_id)) continue;
    const k = `${d.school_id}|${d.medication_id}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  // a school whose controlled medicines were not given still keeps stock on hand: a delivery and a count
  const firstDose = new Map<string, (typeof doses)[number]>();
  for (const d of doses) if (!firstDose.has(d.school_id)) firstDose.set(d.school_id, d);
  const firstControlled = [...controlled].sort()[0];
  const stocked = new Set([...groups.keys()].map((k) => k.split('|')[0]));
  const ledger: NewRow<'controlled_substance_transactions'>[] = [];
  for (const [school, d] of [...firstDose.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const witness = witnessFor(d.administered_by!);
    if (stocked.has(school) || firstControlled === undefined || witness === null) continue;
    for (const [kind, minutes] of [
      ['RECEIVED', -24 * 60],
      ['COUNT', 60],
    ] as const) {
      const at = addMinutes(d.administered_at!, minutes);
      ledger.push({
        id: newId(f, at),
        school_id: school,
        medication_id: firstControlled,
        kind,
        quantity: '20',
        expected_quantity: kind === 'COUNT' ? '20' : null,
        administration_id: null,
        recorded_by: d.administered_by!,
        witness_user_id: witness,
        recorded_at: at,
        note: kind === 'COUNT' ? 'Monthly count' : 'Delivered by the pharmacy',
        ...stamps(at),
      });
    }
  }
  for (const [, list] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const first = list[0]!;
    const last = list[list.length - 1]!;
    const by = first.administered_by!;
    const witness = witnessFor(by);
    if (witness === null) continue;
    const left = 30;
    const received = addMinutes(first.administered_at!, -24 * 60);
    ledger.push({
      id: newId(f, received),
      school_id: first.school_id,
      medication_id: first.medication_id,
      kind: 'RECEIVED',
      quantity: String(list.length + left),
      expected_quantity: null,
      administration_id: null,
      recorded_by: by,
      witness_user_id: witness,
      recorded_at: received,
      note: 'Delivered by the pharmacy; blister cards checked',
      ...stamps(received),
    });
    for (const d of list)
      ledger.push({
        id: newId(f, d.administered_at!),
        school_id: d.school_id,
        medication_id: d.medication_id,
        kind: 'GIVEN',
        quantity: '1',
        expected_quantity: null,
        administration_id: d.id,
        recorded_by: d.administered_by!,
        witness_user_id: null,
        recorded_at: d.administered_at!,
        note: null,
        ...stamps(d.administered_at!),
      });
    const counted = addMinutes(last.administered_at!, 120);
    ledger.push({
      id: newId(f, counted),
      school_id: last.school_id,
      medication_id: last.medication_id,
      kind: 'COUNT',
      quantity: String(left),
      expected_quantity: String(left),
      administration_id: null,
      recorded_by: by,
      witness_user_id: witness,
      recorded_at: counted,
      note: 'End-of-day count',
      ...stamps(counted),
    });
  }
  await insertMany(ctx.db, 'controlled_substance_transactions', ledger);

  const corrections: NewRow<'medication_administration_corrections'>[] = [];
  for (const d of doses.filter((x, i) => i % 97 === 5 || firstDose.get(x.school_id) === x).slice(0, 12)) {
    const at = addMinutes(d.administered_at!, f.number.int({ min: 20, max: 240 }));
    const next = `${d.notes ? `${d.notes} ` : ''}Given with water; student returned to class.`;
    corrections.push({
      id: newId(f, at),
      administration_id: d.id,
      student_id: d.student_id,
      school_id: d.school_id,
      kind: 'CORRECTION',
      changes: json({ notes: { old: d.notes, new: next } }),
      reason: 'Late entry',
      corrected_by: d.administered_by!,
      corrected_at: at,
      ...stamps(at),
    });
    await ctx.db
      .updateTable('medication_administrations')
      .set({ notes: next, updated_at: sql<Date>`greatest(updated_at, ${at})` })
      .where('id', '=', d.id)
      .execute();
  }
  await insertMany(ctx.db, 'medication_administration_corrections', corrections);
  return { ledger: ledger.length, corrections: corrections.length };
}
