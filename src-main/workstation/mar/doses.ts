import { sql } from 'kysely';
import type { IpcParsedArgs, IpcResult, MarCorrection } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { opt, query, type Actor, type WorkstationContext } from '../context';

/**
 * mar.studentDoses: "the chart shows the history" — a student's recorded doses (MAR doses and medications given in
 * a clinic visit, voided ones kept and said so), newest first, a page at a time, each with its corrections and void
 * (who, when, what changed, why), oldest first. Audited as a read of health data, naming the doses shown.
 */
export function studentDoses(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'mar.studentDoses'>,
): IpcResult<'mar.studentDoses'> {
  const s = ctx.first(
    query
      .selectFrom('students')
      .select('id')
      .where('id', '=', args.studentId)
      .where('school_id', '=', ctx.schoolId)
      .where('deleted_at', 'is', null),
  );
  if (!s)
    throw new IpcError('NOT_FOUND', `studentId: no student ${args.studentId} at this school`, 'studentId');
  const total = ctx.first(
    query
      .selectFrom('medication_administrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('student_id', '=', s.id)
      .where('school_id', '=', ctx.schoolId)
      .where('deleted_at', 'is', null),
  );
  const rows = ctx.all(
    query
      .selectFrom('medication_administrations as a')
      .innerJoin('medications as m', 'm.id', 'a.medication_id')
      .leftJoin('users as u', 'u.id', 'a.administered_by')
      .select([
        'a.id',
        'a.administration_status',
        'a.administered_at',
        'a.scheduled_for',
        'a.dose_given',
        'a.route',
        'a.clinic_visit_id',
        'a.student_medication_id',
        'a.voided_at',
        'm.name as medication',
      ])
      .select(sql<string | null>`u.first_name || ' ' || u.last_name`.as('by_name'))
      .where('a.student_id', '=', s.id)
      .where('a.school_id', '=', ctx.schoolId)
      .where('a.deleted_at', 'is', null)
      .orderBy(sql`coalesce(a.administered_at, a.scheduled_for)`, 'desc')
      .orderBy('a.id', 'desc')
      .limit(args.limit)
      .offset(args.offset),
  );
  const ids = rows.map((r) => r.id);
  const byDose = new Map<string, MarCorrection[]>();
  if (ids.length > 0)
    for (const c of ctx.all(
      query
        .selectFrom('medication_administration_corrections as c')
        .leftJoin('users as u', 'u.id', 'c.corrected_by')
        .select([
          'c.id',
          'c.administration_id',
          'c.kind',
          'c.changes',
          'c.reason',
          'c.corrected_at',
          'c.corrected_by',
        ])
        .select(sql<string | null>`u.first_name || ' ' || u.last_name`.as('by_name'))
        .where('c.administration_id', 'in', ids)
        .where('c.deleted_at', 'is', null)
        .orderBy('c.corrected_at')
        .orderBy('c.id'),
    )) {
      const list = byDose.get(c.administration_id) ?? [];
      list.push({
        id: c.id,
        kind: c.kind,
        changes: JSON.parse(c.changes) as MarCorrection['changes'],
        reason: c.reason,
        by: c.by_name ?? c.corrected_by,
        at: c.corrected_at,
      });
      byDose.set(c.administration_id, list);
    }
  ctx.audit(actor, 'VIEW', 'medication_administrations', null, {
    what: 'chart doses',
    studentId: s.id,
    offset: args.offset,
    administrationIds: ids,
  });
  return {
    doses: rows.map((r) => ({
      administrationId: r.id,
      medication: r.medication,
      status: r.administration_status,
      at: opt(r.administered_at ?? r.scheduled_for),
      doseGiven: opt(r.dose_given),
      route: opt(r.route),
      by: opt(r.by_name),
      clinicVisitId: opt(r.clinic_visit_id),
      stock: r.student_medication_id === null,
      voided: r.voided_at !== null,
      corrections: byDose.get(r.id) ?? [],
    })),
    total: Number(total?.n ?? 0),
    offset: args.offset,
  };
}
