import { sql } from 'kysely';
import type { IpcParsedArgs, IpcResult } from '../../../src-shared/ipc/contract';
import type { RosterRow } from '../../../src-shared/ipc/students-roster';
import { rosterPage } from '../../../src-shared/students';
import { localDate } from '../../../src-shared/time';
import { fullName, opt, query, type Actor, type WorkstationContext } from '../context';
import { overdueImmunizations } from '../immunizations';

/**
 * students.roster: every enrolled (ACTIVE) student of the school with the flags the filters use, read in one query
 * (allergies, unresolved conditions, orders active today) plus the school-wide immunization scan (the same rules as
 * the chart and the IMMUNIZATION_OVERDUE alert); the pure rules (src-shared/students) filter, sort and page. The
 * read is audited with the students shown.
 */
export function rosterRows(ctx: WorkstationContext): RosterRow[] {
  const today = localDate(ctx.now(), ctx.timeZone());
  const overdue = new Set(overdueImmunizations(ctx).map((o) => o.studentId));
  const rows = ctx.all(
    query
      .selectFrom('students as s')
      .select([
        's.id',
        's.first_name',
        's.last_name',
        's.preferred_name',
        's.student_number',
        's.date_of_birth',
        's.grade_level',
        's.homeroom',
      ])
      .select((eb) => [
        eb
          .selectFrom('allergies as a')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('a.student_id', '=', 's.id')
          .where('a.deleted_at', 'is', null)
          .as('allergies'),
        eb
          .selectFrom('allergies as a')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('a.student_id', '=', 's.id')
          .where('a.deleted_at', 'is', null)
          .where('a.allergen_type', '=', 'DRUG')
          .as('drug_allergies'),
        eb
          .selectFrom('health_conditions as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.student_id', '=', 's.id')
          .where('c.deleted_at', 'is', null)
          .where('c.status', '<>', 'RESOLVED')
          .as('conditions'),
        eb
          .selectFrom('student_medications as m')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('m.student_id', '=', 's.id')
          .where('m.deleted_at', 'is', null)
          .where('m.order_status', '=', 'ACTIVE')
          .where('m.start_date', '<=', today)
          .where((w) => w.or([w('m.end_date', 'is', null), w('m.end_date', '>=', today)]))
          .as('orders'),
      ])
      .where('s.school_id', '=', ctx.schoolId)
      .where('s.deleted_at', 'is', null)
      .where('s.enrollment_status', '=', 'ACTIVE')
      .orderBy(sql`s.last_name COLLATE NOCASE`)
      .orderBy('s.first_name'),
  );
  return rows.map((r) => ({
    id: r.id,
    name: fullName(r),
    firstName: r.first_name,
    lastName: r.last_name,
    preferredName: opt(r.preferred_name),
    studentNumber: r.student_number,
    birthDate: r.date_of_birth,
    grade: r.grade_level,
    homeroom: opt(r.homeroom),
    allergies: Number(r.allergies ?? 0),
    hasDrugAllergy: Number(r.drug_allergies ?? 0) > 0,
    conditions: Number(r.conditions ?? 0),
    activeOrders: Number(r.orders ?? 0),
    immunizationOverdue: overdue.has(r.id),
  }));
}

export function roster(
  ctx: WorkstationContext,
  args: IpcParsedArgs<'students.roster'>,
  actor: Actor,
): IpcResult<'students.roster'> {
  const page = rosterPage(rosterRows(ctx), args);
  ctx.audit(actor, 'VIEW', 'students', null, {
    what: 'roster',
    filters: args.filters,
    sort: args.sort,
    direction: args.direction,
    offset: args.offset,
    total: page.total,
    studentIds: page.rows.map((r) => r.id),
  });
  return page;
}
