import { POWERSCHOOL_STUDENT_MAPPINGS } from '../../src-shared/sis';
import {
  addDays,
  addMinutes,
  daysBetween,
  type DistrictRow,
  idAt,
  insertMany,
  isoDate,
  json,
  localTime,
  type NewRow,
  notAfter,
  pick,
  type SchoolRow,
  sectionFaker,
  type SeedContext,
  type StudentRow,
  type UserRow,
  weighted,
  readDistrict,
  readSchools,
  readUsers,
  readUserSchools,
  readStudents,
} from './helpers';

/**
 * The SIS roster sync (PowerSchool, nightly) of each school: sis_sync_configs, sis_field_mappings,
 * sis_sync_jobs and sis_sync_errors.
 */

async function seedSchoolSis(
  ctx: SeedContext,
  district: DistrictRow,
  schools: readonly SchoolRow[],
  users: readonly UserRow[],
  schoolsOfUser: Map<string, string[]>,
  students: readonly StudentRow[],
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'integrations.sis');
  const slug = district.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 20);
  const configs: NewRow<'sis_sync_configs'>[] = [];
  const mappings: NewRow<'sis_field_mappings'>[] = [];
  const jobs: NewRow<'sis_sync_jobs'>[] = [];
  const errors: NewRow<'sis_sync_errors'>[] = [];
  const admins = users.filter(
    (u) => (u.role === 'SCHOOL_ADMIN' || u.role === 'DISTRICT_ADMIN') && u.is_active,
  );
  const firstDay = isoDate(ctx.setupAt);

  for (const [index, school] of schools.entries()) {
    const roster = students.filter((s) => s.school_id === school.id);
    const configAt = addMinutes(ctx.setupAt, -60 * 24 * 3 + index * 20);
    const configId = idAt(f, configAt);
    const syncHealth = index === 0;
    const cron = `${30 + index * 5} 2 * * *`;
    const minute = 30 + index * 5;
    const schoolAdmins = admins.filter((u) => schoolsOfUser.get(u.id)?.includes(school.id));
    const runner = schoolAdmins[0] ?? admins[0];

    for (const [i, m] of POWERSCHOOL_STUDENT_MAPPINGS.entries()) {
      mappings.push({
        id: idAt(f, addMinutes(configAt, i + 1)),
        config_id: configId,
        entity_type: 'STUDENT',
        sis_field_name: m.sis,
        sis_field_type: m.type,
        whitecross_table: 'students',
        whitecross_column: m.column,
        whitecross_field_type: m.wcType,
        transformation_rule: m.rule,
        transformation_function: m.fn,
        default_value: m.column === 'sex' ? 'U' : null,
        is_required: m.required,
        is_key_field: m.key,
        validation_rule: m.validation,
        mapping_notes: m.notes,
        is_active: true,
        created_at: addMinutes(configAt, i + 1),
        updated_at: addMinutes(configAt, i + 1),
      });
    }

    let lastEnd: Date | null = null;
    // The initial roster import, run by hand on go-live day (it created the students), then nightly runs.
    let day = firstDay;
    let failedYesterday = false;
    let initial = true;
    while (true) {
      const start = initial
        ? addMinutes(ctx.setupAt, 170 + index * 3)
        : localTime(day, 2, minute, f.number.int({ min: 0, max: 9 }));
      if (start.getTime() >= ctx.options.asOf.getTime()) break;
      const horizon = initial ? addMinutes(ctx.setupAt, 240) : start;
      const enrolled = roster.filter((s) => s.created_at.getTime() <= horizon.getTime());
      const processed0 = Math.max(enrolled.length, 1);
      const status = initial
        ? 'COMPLETED'
        : weighted(f, [
            ['COMPLETED', 95],
            ['PARTIAL_SUCCESS', 3.5],
            ['FAILED', 1.5],
          ] as const);
      const runs: { status: typeof status; trigger: 'SCHEDULED' | 'MANUAL'; at: Date }[] = [
        { status, trigger: initial ? 'MANUAL' : 'SCHEDULED', at: start },
      ];
      initial = false;
      if (failedYesterday && runner) {
        // The morning after a failure, an admin re-runs the import by hand.
        const manualAt = localTime(day, 7, f.number.int({ min: 40, max: 59 }));
        if (manualAt.getTime() < ctx.options.asOf.getTime())
          runs.push({ status: 'COMPLETED', trigger: 'MANUAL', at: manualAt });
      }
      failedYesterday = status === 'FAILED';
      for (const run of runs) {
        const jobId = idAt(f, run.at);
        const firstImport: boolean = lastEnd === null;
        const created = firstImport
          ? enrolled.length
          : enrolled.filter((s) => s.created_at.getTime() > run.at.getTime() - 86_400_000).length;
        const updated = firstImport
          ? 0
          : Math.min(
              processed0 - created,
              f.number.int({ min: 0, max: Math.max(1, Math.round(processed0 * 0.015)) }),
            );
        const failedRecords = run.status === 'PARTIAL_SUCCESS' ? f.number.int({ min: 1, max: 4 }) : 0;
        const processed = run.status === 'FAILED' ? 0 : processed0;
        const skipped =
          run.status === 'FAILED' ? 0 : Math.max(0, processed - created - updated - failedRecords);
        const seconds: number =
          run.status === 'FAILED'
            ? f.number.int({ min: 30, max: 125 })
            : Math.round(8 + processed * f.number.float({ min: 0.03, max: 0.08 }) * (firstImport ? 4 : 1));
        const end: Date = new Date(run.at.getTime() + seconds * 1000 + f.number.int({ min: 0, max: 999 }));
        const apiCalls =
          run.status === 'FAILED' ? f.number.int({ min: 1, max: 4 }) : Math.ceil(processed / 100) + 2;
        jobs.push({
          id: jobId,
          config_id: configId,
          job_start_time: run.at,
          job_end_time: end,
          job_status: run.status,
          trigger_type: run.trigger,
          triggered_by: run.trigger === 'MANUAL' ? (runner?.id ?? null) : null,
          sync_direction: syncHealth ? 'BIDIRECTIONAL' : 'IMPORT_ONLY',
          records_processed: processed,
          records_created: run.status === 'FAILED' ? 0 : created,
          records_updated: run.status === 'FAILED' ? 0 : updated,
          records_skipped: skipped,
          records_failed: failedRecords,
          data_snapshot:
            run.status === 'FAILED'
              ? null
              : json({
                  students_in_sis: processed,
                  active: enrolled.filter((s) => s.enrollment_status === 'ACTIVE').length,
                  school_number: school.school_code,
                  page_size: 100,
                }),
          error_summary:
            run.status === 'FAILED'
              ? pick(f, [
                  'PowerSchool API returned HTTP 503 Service Unavailable (maintenance window); no records imported.',
                  'OAuth token request to /oauth/access_token failed: HTTP 401 invalid_client (plugin client secret rotated).',
                  'Timed out after 120 s waiting for /ws/v1/school/{id}/student page 1; no records imported.',
                ])
              : run.status === 'PARTIAL_SUCCESS'
                ? `${failedRecords} student record(s) failed validation; see sis_sync_errors.`
                : null,
          performance_metrics: json({
            api_calls: apiCalls,
            avg_response_ms: f.number.int({ min: 140, max: 620 }),
            rate_limited: false,
            duration_ms: end.getTime() - run.at.getTime(),
          }),
          created_at: run.at,
          updated_at: end,
        });
        if (run.status !== 'FAILED') lastEnd = end;
        for (let k = 0; k < failedRecords; k++) {
          const s = enrolled.length ? pick(f, enrolled) : undefined;
          const kind = weighted(f, [
            ['VALIDATION_ERROR', 40],
            ['MISSING_REQUIRED_FIELD', 25],
            ['DUPLICATE_RECORD', 15],
            ['CONFLICT', 20],
          ] as const);
          const detail =
            kind === 'VALIDATION_ERROR'
              ? {
                  field: 'school_enrollment.grade_level',
                  message: 'grade_level 14 is outside -1..12',
                  fix: 'Correct the grade level in PowerSchool (likely a 9th grader entered as 14).',
                }
              : kind === 'MISSING_REQUIRED_FIELD'
                ? {
                    field: 'demographics.birth_date',
                    message: 'birth_date is empty for an enrolled student',
                    fix: 'Ask the school registrar to enter the date of birth in PowerSchool.',
                  }
                : kind === 'DUPLICATE_RECORD'
                  ? {
                      field: 'local_id',
                      message: `local_id ${s?.student_number ?? ''} already belongs to another White Cross student`,
                      fix: 'Merge the duplicate student records after checking the date of birth.',
                    }
                  : {
                      field: 'schedule_setup.home_room',
                      message: 'homeroom was changed in both PowerSchool and White Cross since the last sync',
                      fix: 'Review both values; PowerSchool wins by default.',
                    };
          const age = daysBetween(day, ctx.today);
          const resolution =
            age > 7
              ? weighted(f, [
                  ['RESOLVED', 55],
                  ['AUTO_RESOLVED', 25],
                  ['IGNORED', 20],
                ] as const)
              : age > 1
                ? 'MANUAL_REVIEW'
                : 'PENDING';
          const resolvedAt =
            resolution === 'RESOLVED' || resolution === 'AUTO_RESOLVED' || resolution === 'IGNORED'
              ? notAfter(ctx, addMinutes(end, f.number.int({ min: 60 * 6, max: 60 * 24 * 6 })))
              : null;
          const errAt = new Date(
            run.at.getTime() +
              f.number.int({ min: 1000, max: Math.max(1001, end.getTime() - run.at.getTime()) }),
          );
          errors.push({
            id: idAt(f, errAt),
            sync_job_id: jobId,
            error_timestamp: errAt,
            entity_type: 'STUDENT',
            sis_record_id: s?.sis_id ?? null,
            whitecross_record_id: s?.id ?? null,
            error_type: kind,
            error_field: detail.field,
            error_message: detail.message,
            sis_data_snapshot: json({
              id: s?.sis_id ?? null,
              local_id: s?.student_number ?? null,
              field: detail.field,
            }),
            whitecross_data_snapshot: s
              ? json({
                  id: s.id,
                  student_number: s.student_number,
                  grade_level: s.grade_level,
                  homeroom: s.homeroom,
                })
              : null,
            suggested_resolution: detail.fix,
            resolution_status: resolution,
            resolved_at: resolvedAt,
            resolved_by: resolution === 'RESOLVED' || resolution === 'IGNORED' ? (runner?.id ?? null) : null,
            resolution_action:
              resolution === 'RESOLVED'
                ? kind === 'DUPLICATE_RECORD'
                  ? 'MERGED'
                  : kind === 'CONFLICT'
                    ? 'UPDATED_WHITECROSS'
                    : 'UPDATED_SIS'
                : resolution === 'AUTO_RESOLVED'
                  ? 'UPDATED_WHITECROSS'
                  : resolution === 'IGNORED'
                    ? 'SKIPPED'
                    : null,
            resolution_notes:
              resolution === 'AUTO_RESOLVED'
                ? 'Corrected in PowerSchool; the next nightly import applied it.'
                : resolution === 'IGNORED'
                  ? 'Student withdrew before the record was corrected.'
                  : null,
            created_at: errAt,
            updated_at: resolvedAt ?? errAt,
          });
        }
      }
      day = addDays(day, 1);
    }

    const nextRun = (() => {
      let d = isoDate(ctx.options.asOf);
      let t = localTime(d, 2, minute);
      while (t.getTime() <= ctx.options.asOf.getTime()) {
        d = addDays(d, 1);
        t = localTime(d, 2, minute);
      }
      return t;
    })();
    configs.push({
      id: configId,
      school_id: school.id,
      sis_vendor: 'POWERSCHOOL',
      sis_version: '25.1.0',
      connection_type: 'REST_API',
      api_base_url: `https://${slug}.powerschool.test`,
      api_version: 'ws/v1',
      authentication_method: 'OAUTH2_CLIENT_CREDENTIALS',
      credential_vault_key: `sis/powerschool/${school.school_code.toLowerCase()}`,
      sync_direction: syncHealth ? 'BIDIRECTIONAL' : 'IMPORT_ONLY',
      sync_frequency: 'DAILY',
      sync_schedule_cron: cron,
      last_sync_timestamp: lastEnd,
      next_sync_scheduled: nextRun,
      sync_enabled: true,
      sync_student_demographics: true,
      sync_enrollments: true,
      sync_attendance: false,
      sync_health_alerts: syncHealth,
      conflict_resolution_strategy: 'SIS_WINS',
      test_mode: false,
      created_at: configAt,
      updated_at: lastEnd ?? configAt,
    });
  }
  await insertMany(ctx.db, 'sis_sync_configs', configs, ctx.progress);
  await insertMany(ctx.db, 'sis_field_mappings', mappings, ctx.progress);
  await insertMany(ctx.db, 'sis_sync_jobs', jobs, ctx.progress);
  await insertMany(ctx.db, 'sis_sync_errors', errors, ctx.progress);

  // where each roster comes from (issue 13: a CSV upload in the console here; the demo reaches no SIS), the
  // OneRoster org of each school, and one large withdrawal an administrator approved after the SIS held it
  await insertMany(
    ctx.db,
    'sis_sync_sources',
    configs.map((c) => ({
      config_id: c.id,
      district_id: district.id,
      source_kind: 'CSV_UPLOAD',
      settings: json({ kind: 'CSV_UPLOAD' }),
      credentials: null,
      deletion_threshold_percent: '10',
      mapping_config_id: null,
      created_at: c.created_at ?? ctx.setupAt,
      updated_at: c.created_at ?? ctx.setupAt,
    })),
    ctx.progress,
  );
  await insertMany(
    ctx.db,
    'sis_record_links',
    schools.map((school) => ({
      district_id: district.id,
      entity_type: 'SCHOOL',
      sourced_id: `org-${school.school_code}`,
      record_id: school.id,
      created_at: ctx.setupAt,
      updated_at: ctx.setupAt,
    })),
    ctx.progress,
  );
  const approvedJob = jobs.find((j) => j.job_status === 'COMPLETED');
  const withdrawn = students.filter((st) => st.enrollment_status !== 'ACTIVE').slice(0, 12);
  const approver = admins.find((u) => u.role === 'DISTRICT_ADMIN') ?? admins[0];
  if (approvedJob && withdrawn.length > 0 && approver) {
    const school = withdrawn[0]!.school_id;
    const at = approvedJob.job_start_time as Date;
    await insertMany(
      ctx.db,
      'sis_withdrawal_approvals',
      [
        {
          id: idAt(f, addMinutes(at, 1)),
          sync_job_id: approvedJob.id,
          withdrawing_school_id: school,
          student_ids: json(withdrawn.filter((st) => st.school_id === school).map((st) => st.id)),
          withdraw_count: withdrawn.filter((st) => st.school_id === school).length,
          active_count: students.filter((st) => st.school_id === school).length,
          threshold_percent: 10,
          status: 'APPROVED',
          decided_by: approver.id,
          decided_at: addMinutes(at, 95),
          created_at: addMinutes(at, 1),
          updated_at: addMinutes(at, 95),
        },
      ],
      ctx.progress,
    );
  }
}

/** Fills the SIS sync tables of every school. */
export async function seedSis(ctx: SeedContext): Promise<void> {
  const district = await readDistrict(ctx.db);
  const schools = await readSchools(ctx.db);
  const users = await readUsers(ctx.db);
  const access = await readUserSchools(ctx.db);
  const students = await readStudents(ctx.db);
  await seedSchoolSis(ctx, district, schools, users, access.byUser, students);
}
