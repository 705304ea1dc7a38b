import type { IpcParsedArgs, IpcResult } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { fullName, query, requireWriter, type Actor, type WorkstationContext } from '../context';
import { dateIn, timeIn } from '../../../src-shared/time';
import type { ExcuseNoteInput } from '../../../src-shared/reports';
import { sql } from 'kysely';
import { writing } from '../write-support';

/**
 * visits.excuseNote: a printable note for the teacher. It says when the student was in the clinic and how much
 * class time was missed, never why (no health information leaves the clinic on a hall pass). Marks the visit's
 * excuse_note_generated (through the write path) and audits the print.
 */

const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function excuseNote(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'clinicVisits.excuseNote'>,
): IpcResult<'clinicVisits.excuseNote'> {
  requireWriter(actor);
  const v = excuseNoteRows(ctx, args.visitId);
  const schoolName =
    ctx.first(query.selectFrom('schools').select('name').where('id', '=', ctx.schoolId))?.name ?? 'School';
  // printed in the school's time zone, 12-hour clock, US date: "on Dec 6, 2026 from 2:45 PM to 3:15 PM"
  const tz = ctx.timeZone();
  const at = Date.parse(v.arrivedAt);
  // the visit ends when the student went back to class or left the clinic (sent home)
  const end = v.returnedAt ?? v.departedAt;
  const from = timeIn(at, tz);
  const to = end !== null ? timeIn(Date.parse(end), tz) : null;
  const when = `on ${dateIn(at, tz)} ${to === null ? `from ${from}` : to === from ? `at ${from}` : `from ${from} to ${to}`}`;
  const nurse = v.nurse || actor.name;
  const missed = v.missed;
  const rows = missed
    .map(
      (m) => `<tr><td>${esc(m.period ?? '')}</td><td>${esc(m.subject ?? '')}</td><td>${m.minutes} min</td></tr>`,
    )
    .join('');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clinic pass: ${esc(v.student.name)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:36em;margin:2em auto}h1{font-size:1.3em}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em;text-align:left}
@media print{body{margin:0}}</style></head>
<body><main>
<h1>${esc(schoolName)}: health office pass</h1>
<p><strong>${esc(v.student.name)}</strong>, grade ${esc(v.student.grade)}${v.student.homeroom ? `, homeroom ${esc(v.student.homeroom)}` : ''}</p>
<p>Was seen in the health office ${esc(when)}.${v.sentHome ? ' The student was sent home.' : v.returnedAt ? ' The student returned to class.' : ''}</p>
${missed.length > 0 ? `<table><thead><tr><th scope="col">Period</th><th scope="col">Subject</th><th scope="col">Time missed</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
<p>Please excuse this absence from class.</p>
<p>${esc(nurse)}, school nurse</p>
</main></body></html>`;
  writing(ctx, () => {
    if (!v.generated) ctx.store.update('clinic_visits', v.visitId, { excuse_note_generated: 1 });
    ctx.audit(actor, 'PRINT', 'clinic_visits', v.visitId, { what: 'excuse_note' });
  });
  return { html };
}

/** The visit's pass: when, how long out of class; never why. NOT_FOUND naming visitId. */
export function excuseNoteRows(
  ctx: WorkstationContext,
  visitId: string,
): Omit<ExcuseNoteInput, 'print'> & { visitId: string; studentId: string; studentNumber: string; generated: boolean } {
  const v = ctx.first(
    query
      .selectFrom('clinic_visits as v')
      .innerJoin('students as s', 's.id', 'v.student_id')
      .leftJoin('users as u', 'u.id', 'v.attended_by_user_id')
      .select([
        'v.id',
        'v.student_id',
        'v.arrival_time',
        'v.departure_time',
        'v.return_to_class_time',
        'v.sent_home',
        'v.excuse_note_generated',
        's.first_name',
        's.last_name',
        's.preferred_name',
        's.grade_level',
        's.homeroom',
        's.student_number',
        sql<string | null>`u.first_name || ' ' || u.last_name`.as('nurse'),
      ])
      .where('v.id', '=', visitId)
      .where('v.school_id', '=', ctx.schoolId)
      .where('v.deleted_at', 'is', null),
  );
  if (!v) throw new IpcError('NOT_FOUND', `no visit ${visitId} at this school`, 'visitId');
  const missed = ctx.all(
    query
      .selectFrom('class_time_missed')
      .select(['class_period', 'subject', 'minutes_missed'])
      .where('clinic_visit_id', '=', v.id)
      .where('deleted_at', 'is', null),
  );
  return {
    visitId: v.id,
    studentId: v.student_id,
    studentNumber: v.student_number,
    generated: v.excuse_note_generated === 1,
    student: { name: fullName(v), grade: v.grade_level, homeroom: v.homeroom },
    arrivedAt: v.arrival_time,
    returnedAt: v.return_to_class_time,
    departedAt: v.departure_time,
    sentHome: v.sent_home === 1,
    missed: missed.map((m) => ({ period: m.class_period, subject: m.subject, minutes: m.minutes_missed })),
    nurse: v.nurse ?? '',
  };
}
