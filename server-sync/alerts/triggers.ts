import { alertKey } from '../../src-shared/alerts';
import { immunizationStatus } from '../../src-shared/immunizations';
import { localDate } from '../../src-shared/time';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { ensureDefinition } from './definitions';
import type { JobSender } from '../jobs';
import { raiseAlert } from './service';

/**
 * The server's own triggers (run by the alerts.triggers and alerts.immunization-overdue jobs). Each raises with its
 * dedupe key, so running them again (every minute, on every server) raises nothing new.
 */

/** SYNC_CONFLICT: every OPEN sync_conflicts row (a losing value kept for review) is one alert. */
export async function raiseSyncConflictAlerts(db: ServerDb, clock: Clock, jobs?: JobSender): Promise<number> {
  const open = await db
    .selectFrom('sync_conflicts as c')
    .leftJoin('schools as s', 's.id', 'c.school_id')
    .select(['c.id', 'c.school_id', 'c.table_name', 'c.column_name', 'c.conflict_type', 's.name as school'])
    .where('c.status', '=', 'OPEN')
    .orderBy('c.id')
    .execute();
  let created = 0;
  for (const c of open) {
    const r = await raiseAlert(
      db,
      clock,
      {
        code: 'SYNC_CONFLICT',
        schoolId: c.school_id,
        ...(c.school_id ? { target: { type: 'SCHOOL' as const, id: c.school_id } } : {}),
        event: 'sync_conflict_open',
        data: {
          conflict_id: c.id,
          table: c.table_name,
          column: c.column_name ?? 'whole row',
          conflict_type: c.conflict_type,
          school: c.school ?? 'the district',
        },
        dedupeKey: alertKey.syncConflict(c.id),
      },
      jobs,
    );
    if (r.created) created++;
  }
  return created;
}

/** SYNC_FAILURE: an enrolled, unrevoked workstation not seen for the definition's alert_conditions.hours. */
export async function raiseWorkstationSilentAlerts(
  db: ServerDb,
  clock: Clock,
  jobs?: JobSender,
): Promise<number> {
  const now = clock.now();
  const def = await ensureDefinition(db, 'SYNC_FAILURE', now);
  if (!def?.isActive) return 0;
  const h = def.conditions.hours;
  const hours = typeof h === 'number' && h > 0 ? h : 24;
  const before = new Date(now.getTime() - hours * 3_600_000);
  const silent = await db
    .selectFrom('devices as d')
    .innerJoin('schools as s', 's.id', 'd.school_id')
    .select(['d.id', 'd.name', 'd.school_id', 'd.last_seen_at', 'd.enrolled_at', 's.name as school'])
    .where('d.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('d.last_seen_at', '<=', before),
        eb.and([eb('d.last_seen_at', 'is', null), eb('d.enrolled_at', '<=', before)]),
      ]),
    )
    .orderBy('d.id')
    .execute();
  let created = 0;
  for (const d of silent) {
    const seen = d.last_seen_at ?? d.enrolled_at;
    const r = await raiseAlert(
      db,
      clock,
      {
        code: 'SYNC_FAILURE',
        schoolId: d.school_id,
        target: { type: 'SCHOOL', id: d.school_id },
        event: 'device_silent',
        data: {
          device_id: d.id,
          device: d.name,
          school: d.school,
          hours: Math.floor((now.getTime() - seen.getTime()) / 3_600_000),
          last_seen_at: seen.toISOString(),
        },
        dedupeKey: alertKey.workstationSilent(d.id, seen.toISOString()),
      },
      jobs,
    );
    if (r.created) created++;
  }
  return created;
}

/**
 * IMMUNIZATION_OVERDUE: every active student's required vaccines (the district state's schedule) whose next dose is
 * OVERDUE today in the school's time zone. The key (student, vaccine, next dose number, its due date) is the one the
 * workstation raises the same thing with, so both make one alert.
 */
export async function raiseImmunizationOverdueAlerts(
  db: ServerDb,
  clock: Clock,
  jobs?: JobSender,
): Promise<number> {
  const now = clock.now();
  const schools = await db
    .selectFrom('schools as s')
    .innerJoin('districts as d', 'd.id', 's.district_id')
    .select(['s.id', 's.name', 's.timezone', 'd.timezone as district_tz', 'd.state_code'])
    .where('s.is_active', '=', true)
    .execute();
  let created = 0;
  for (const school of schools) {
    const today = localDate(now.getTime(), school.timezone ?? school.district_tz);
    const schedules = (
      await db
        .selectFrom('vaccination_schedules')
        .selectAll()
        .where('state_code', '=', school.state_code)
        .where('deleted_at', 'is', null)
        .where('required_for_enrollment', '=', true)
        .orderBy('vaccine_type')
        .orderBy('dose_number')
        .execute()
    ).map((s) => ({
      vaccine: s.vaccine_type,
      doseNumber: s.dose_number,
      minimumAgeMonths: s.minimum_age_months,
      minimumIntervalDays: s.minimum_interval_days,
      gradeLevel: s.grade_level,
      gracePeriodDays: s.grace_period_days,
    }));
    if (schedules.length === 0) continue;
    const students = await db
      .selectFrom('students')
      .select(['id', 'first_name', 'last_name', 'date_of_birth', 'grade_level'])
      .where('school_id', '=', school.id)
      .where('enrollment_status', '=', 'ACTIVE')
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    for (const st of students) {
      const doses = await db
        .selectFrom('vaccinations')
        .select(['vaccine_type', 'administration_date'])
        .where('student_id', '=', st.id)
        .where('deleted_at', 'is', null)
        .execute();
      const exemptions = await db
        .selectFrom('immunization_exemptions')
        .select('vaccine_type')
        .where('student_id', '=', st.id)
        .where('deleted_at', 'is', null)
        .where('start_date', '<=', today)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
        .execute();
      const status = immunizationStatus({
        dateOfBirth: st.date_of_birth,
        gradeLevel: st.grade_level,
        today,
        schedules,
        doses: doses.map((d) => ({ vaccine: d.vaccine_type, administeredOn: d.administration_date })),
        exemptions: exemptions.map((e) => e.vaccine_type),
      });
      for (const v of status) {
        if (v.status !== 'OVERDUE' || !v.nextDueOn) continue;
        const dose = v.dosesGiven + 1;
        const r = await raiseAlert(
          db,
          clock,
          {
            code: 'IMMUNIZATION_OVERDUE',
            schoolId: school.id,
            target: { type: 'STUDENT', id: st.id },
            event: 'immunization_overdue',
            data: {
              student_name: `${st.first_name} ${st.last_name}`,
              vaccine: v.vaccine,
              dose,
              due_date: v.nextDueOn,
              school: school.name,
            },
            dedupeKey: alertKey.immunizationOverdue(st.id, v.vaccine, dose, v.nextDueOn),
          },
          jobs,
        );
        if (r.created) created++;
      }
    }
  }
  return created;
}
