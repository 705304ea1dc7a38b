import { SYMPTOM_CATALOG, type IpcParsedArgs } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { sql } from 'kysely';
import { query, requireWriter, type Actor, type WorkstationContext } from '../context';
import { calendarDate, localDate } from '../../../src-shared/time';
import { newId, writing } from '../write-support';

/**
 * symptoms.record: a symptom_tracking row tied to a visit. The symptoms JSON keeps the shape outbreak detection
 * reads (`{ "fever": true, "cough": true, "temp_f": 101.2 }`), plus `clinic_visit_id` (the link to the visit)
 * and `labels` for codes outside the common catalog.
 */
const KNOWN = new Set<string>(SYMPTOM_CATALOG.map((s) => s.code));

export function recordSymptoms(
  ctx: WorkstationContext,
  actor: Actor,
  args: IpcParsedArgs<'symptoms.record'>,
): { id: string } {
  requireWriter(actor);
  const v = ctx.first(
    query
      .selectFrom('clinic_visits as v')
      .innerJoin('students as s', 's.id', 'v.student_id')
      .select([
        'v.id',
        'v.student_id',
        'v.arrival_time',
        'v.temperature_f',
        'v.sent_home',
        'v.follow_up_required',
        's.grade_level',
      ])
      .where('v.id', '=', args.visitId)
      .where('v.school_id', '=', ctx.schoolId)
      .where('v.deleted_at', 'is', null),
  );
  if (!v) throw new IpcError('NOT_FOUND', `no visit ${args.visitId} at this school`, 'visitId');
  const existing = ctx.first(
    query
      .selectFrom('symptom_tracking')
      .select('id')
      .where('student_id', '=', v.student_id)
      .where('deleted_at', 'is', null)
      .where(sql<string | null>`json_extract(symptoms, '$.clinic_visit_id')`, '=', v.id),
  );
  if (existing)
    throw new IpcError(
      'DUPLICATE',
      `symptoms were already recorded for this visit (${existing.id})`,
      'visitId',
    );

  const codes = new Set<string>();
  args.symptoms.forEach((s, i) => {
    if (codes.has(s.code))
      throw new IpcError('VALIDATION', `symptoms.${i}.code: ${s.code} is listed twice`, `symptoms.${i}.code`);
    codes.add(s.code);
  });
  const visitDay = localDate(Date.parse(v.arrival_time), ctx.timeZone());
  const onsets = args.symptoms.map((s) => s.onset).filter((d): d is string => d !== undefined);
  const onset = args.onsetDate ?? (onsets.length > 0 ? onsets.sort()[0]! : visitDay);
  const check = (d: string, field: string) => {
    if (d > visitDay)
      throw new IpcError(
        'VALIDATION',
        `${field}: onset cannot be after the visit (${calendarDate(visitDay)})`,
        field,
      );
  };
  if (args.onsetDate) check(args.onsetDate, 'onsetDate');
  args.symptoms.forEach((s, i) => s.onset && check(s.onset, `symptoms.${i}.onset`));

  const json: Record<string, unknown> = {};
  const labels: Record<string, string> = {};
  for (const s of args.symptoms) {
    json[s.code] = true;
    if (!KNOWN.has(s.code)) labels[s.code] = s.label;
  }
  if (v.temperature_f !== null) json.temp_f = v.temperature_f;
  if (Object.keys(labels).length > 0) json.labels = labels;
  json.clinic_visit_id = v.id;
  const severity =
    args.severity ??
    (['SEVERE', 'MODERATE', 'MILD'] as const).find((lvl) => args.symptoms.some((s) => s.severity === lvl));

  const id = newId();
  writing(ctx, () => {
    ctx.store.insert('symptom_tracking', {
      id,
      student_id: v.student_id,
      reported_date: ctx.nowIso(),
      symptom_onset_date: onset,
      symptoms: JSON.stringify(json),
      severity_assessment: severity ?? null,
      diagnosis: args.diagnosis ?? null,
      icd10_code: args.icd10Code ?? null,
      location_at_onset: args.location ?? null,
      student_grade_level: v.grade_level,
      sent_home: v.sent_home,
      follow_up_required: v.follow_up_required,
      notes: args.notes ?? null,
      reported_by: actor.userId,
      school_id: ctx.schoolId,
    });
    ctx.audit(actor, 'CREATE', 'symptom_tracking', id, { clinic_visit_id: v.id, student_id: v.student_id });
  });
  return { id };
}
