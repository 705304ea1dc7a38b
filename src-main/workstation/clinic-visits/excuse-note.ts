import type { IpcParsedArgs, IpcResult } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { fullName, query, requireWriter, type Actor, type WorkstationContext } from '../context';
import { dateIn, timeIn } from '../../../src-shared/time';
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
  const v = ctx.first(
    query
      .selectFrom('clinic_visits as v')
      .innerJoin('students as s', 's.id', 'v.student_id')
      .innerJoin('schools as sc', 'sc.id', 'v.school_id')
      .leftJoin('users as u', 'u.id', 'v.attended_by_user_id')
      .select([
        'v.id',
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
        'sc.name as school_name',
        'u.first_name as nurse_first',
        'u.last_name as nurse_last',
      ])
      .where('v.id', '=', args.visitId)
      .where('v.school_id', '=', ctx.schoolId)
      .where('v.deleted_at', 'is', null),
  );
  if (!v) throw new IpcError('NOT_FOUND', `no visit ${args.visitId} at this school`, 'visitId');
  const missed = ctx.all(
    query
      .selectFrom('class_time_missed')
      .select(['class_period', 'subject', 'minutes_missed'])
      .where('clinic_visit_id', '=', v.id)
      .where('deleted_at', 'is', null),
  );
  // printed in the school's time zone, 12-hour clock, US date: "on Dec 6, 2026 from 2:45 PM to 3:15 PM"
  const tz = ctx.timeZone();
  const at = Date.parse(v.arrival_time);
  // the visit ends when the student went back to class or left the clinic (sent home)
  const end = v.return_to_class_time ?? v.departure_time;
  const from = timeIn(at, tz);
  const to = end !== null ? timeIn(Date.parse(end), tz) : null;
  const when = `on ${dateIn(at, tz)} ${to === null ? `from ${from}` : to === from ? `at ${from}` : `from ${from} to ${to}`}`;
  const nurse = v.nurse_first ? `${v.nurse_first} ${v.nurse_last ?? ''}`.trim() : actor.name;
  const rows = missed
    .map(
      (m) =>
        `<tr><td>${esc(m.class_period ?? '')}</td><td>${esc(m.subject ?? '')}</td><td>${m.minutes_missed} min</td></tr>`,
    )
    .join('');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clinic pass: ${esc(fullName(v))}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:36em;margin:2em auto}h1{font-size:1.3em}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em;text-align:left}
@media print{body{margin:0}}</style></head>
<body><main>
<h1>${esc(v.school_name)}: health office pass</h1>
<p><strong>${esc(fullName(v))}</strong>, grade ${esc(v.grade_level)}${v.homeroom ? `, homeroom ${esc(v.homeroom)}` : ''}</p>
<p>Was seen in the health office ${esc(when)}.${v.sent_home ? ' The student was sent home.' : v.return_to_class_time ? ' The student returned to class.' : ''}</p>
${missed.length > 0 ? `<table><thead><tr><th scope="col">Period</th><th scope="col">Subject</th><th scope="col">Time missed</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
<p>Please excuse this absence from class.</p>
<p>${esc(nurse)}, school nurse</p>
</main></body></html>`;
  writing(ctx, () => {
    if (v.excuse_note_generated !== 1) ctx.store.update('clinic_visits', v.id, { excuse_note_generated: 1 });
    ctx.audit(actor, 'PRINT', 'clinic_visits', v.id, { what: 'excuse_note' });
  });
  return { html };
}
