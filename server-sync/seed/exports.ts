import {
  adHocExportFilePath,
  archivedExportPath,
  exportFileName,
  exportFilePath,
  isExportDue,
  type ExportFrequency,
} from '../../src-shared/exports';
import {
  addDays,
  addMinutes,
  chance,
  daysBetween,
  type DistrictRow,
  idAt,
  insertMany,
  isoDate,
  json,
  localTime,
  type NewRow,
  pick,
  readDistrict,
  readSchools,
  readUsers,
  type SchoolRow,
  sectionFaker,
  type SeedContext,
  sha256Hex,
  type UserRow,
  weekday,
  localDate,
} from './helpers';

/**
 * Scheduled exports with their configuration versions (export_configurations), runs (export_jobs) and
 * long-term history (export_history), plus the ad-hoc exports run by hand.
 */

interface ScheduleDef {
  key: string;
  name: string;
  type: 'IMMUNIZATION_COMPLIANCE' | 'MEDICAID_CLAIMS' | 'CLINIC_VISITS';
  format: 'CSV' | 'EDI' | 'XML';
  frequency: ExportFrequency;
  cron: string;
  hour: number;
  minute: number;
  destination: 'SFTP' | 'API_ENDPOINT';
  config: Record<string, unknown>;
  filters: Record<string, unknown>;
  retention: number;
  owner: 'director' | 'billing';
  ext: string;
  /** A later configuration change (version 2), days after creation; null when never changed. */
  changeAfterDays: number | null;
  change: Record<string, unknown>;
}

async function seedExportSchedules(
  ctx: SeedContext,
  district: DistrictRow,
  schools: readonly SchoolRow[],
  users: readonly UserRow[],
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'reporting.exports');
  const director = users.find((u) => u.role === 'DISTRICT_ADMIN') ?? users[0];
  const billing = users.find((u) => u.role === 'BILLING') ?? director;
  const auditor = users.find((u) => u.role === 'AUDITOR') ?? director;
  if (!director || !billing || !auditor) throw new Error('seed: no users (the district section runs first)');
  const slug = district.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 16);
  const state = district.state_code.toLowerCase();
  const defs: ScheduleDef[] = [
    {
      key: 'immunization-compliance',
      name: 'Nightly immunization compliance to the state (CSV over SFTP)',
      type: 'IMMUNIZATION_COMPLIANCE',
      format: 'CSV',
      frequency: 'DAILY',
      cron: '15 1 * * *',
      hour: 1,
      minute: 15,
      destination: 'SFTP',
      config: {
        host: `sftp.health.${state}.test`,
        port: 22,
        username: `wc_${slug}`,
        remote_dir: '/inbound/school-immunization',
        credential_vault_key: `exports/sftp/${state}-health`,
        host_key_fingerprint: `SHA256:${Buffer.from(sha256Hex(`${slug}|sftp`), 'hex')
          .toString('base64')
          .replace(/=+$/, '')}`,
      },
      filters: {
        school_ids: 'all',
        grade_levels: ['K', '7', '12'],
        status: ['OVERDUE', 'EXEMPT', 'COMPLIANT'],
      },
      retention: 30,
      owner: 'director',
      ext: 'csv.pgp',
      changeAfterDays: 75,
      change: { grade_levels: ['K', '1', '7', '12'] },
    },
    {
      key: 'medicaid-claims',
      name: 'Weekly Medicaid claims (837P EDI to the clearinghouse)',
      type: 'MEDICAID_CLAIMS',
      format: 'EDI',
      frequency: 'WEEKLY',
      cron: '0 3 * * 1',
      hour: 3,
      minute: 0,
      destination: 'SFTP',
      config: {
        host: `edi.medicaid.${state}.test`,
        port: 22,
        username: `TP${f.string.numeric({ length: 7, allowLeadingZeros: true })}`,
        remote_dir: '/inbound/837P',
        credential_vault_key: `exports/sftp/${state}-medicaid-edi`,
        transaction_set: '005010X222A1',
      },
      filters: { claim_status: ['READY'], resubmit_rejected: true },
      retention: 2555,
      owner: 'billing',
      ext: 'x12',
      changeAfterDays: null,
      change: {},
    },
    {
      key: 'state-school-health-report',
      name: 'Monthly school health services report to the state',
      type: 'CLINIC_VISITS',
      format: 'XML',
      frequency: 'MONTHLY',
      cron: '0 4 1 * *',
      hour: 4,
      minute: 0,
      destination: 'API_ENDPOINT',
      config: {
        url: `https://reports.health.${state}.test/school-health/v2/submissions`,
        method: 'POST',
        auth: 'OAUTH2_CLIENT_CREDENTIALS',
        credential_vault_key: `exports/api/${state}-school-health`,
        aggregate_only: true,
      },
      filters: {
        aggregate: 'school_month',
        include: ['visits_by_reason', 'sent_home', 'medication_doses', 'screenings', 'emergencies'],
      },
      retention: 365,
      owner: 'director',
      ext: 'xml',
      changeAfterDays: 120,
      change: {
        include: [
          'visits_by_reason',
          'sent_home',
          'medication_doses',
          'screenings',
          'emergencies',
          'chronic_conditions',
        ],
      },
    },
  ];

  const claimsByWeek = new Map<string, number>();
  for (const r of await ctx.db
    .selectFrom('billing_claims')
    .select((eb) => ['submitted_date', eb.fn.countAll<number>().as('n')])
    .where('submitted_date', 'is not', null)
    .groupBy('submitted_date')
    .orderBy('submitted_date')
    .execute())
    if (r.submitted_date !== null) claimsByWeek.set(r.submitted_date, Number(r.n));
  const active = await ctx.db
    .selectFrom('students')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .where('enrollment_status', '=', 'ACTIVE')
    .executeTakeFirst();
  const activeStudents = Number(active?.n ?? 0);

  const scheduleRows: NewRow<'scheduled_exports'>[] = [];
  const configRows: NewRow<'export_configurations'>[] = [];
  const jobRows: NewRow<'export_jobs'>[] = [];
  const historyRows: NewRow<'export_history'>[] = [];
  const notify = [director.email];

  for (const [i, d] of defs.entries()) {
    const owner = d.owner === 'billing' ? billing : director;
    const createdAt = addMinutes(ctx.setupAt, 400 + i * 7);
    const scheduleId = idAt(f, createdAt);
    const baseSnapshot = {
      schedule_name: d.name,
      export_type: d.type,
      export_format: d.format,
      schedule_frequency: d.frequency,
      schedule_cron_expression: d.cron,
      schedule_timezone: 'America/New_York',
      destination_type: d.destination,
      destination_config: d.config,
      export_filters: d.filters,
      encrypt_export: true,
      retention_days: d.retention,
      notification_emails: d.owner === 'billing' ? [billing.email, director.email] : notify,
    };
    const versions: {
      id: string;
      version: number;
      from: Date;
      to: Date | null;
      snapshot: typeof baseSnapshot;
    }[] = [{ id: idAt(f, createdAt), version: 1, from: createdAt, to: null, snapshot: baseSnapshot }];
    if (d.changeAfterDays !== null) {
      const changedAt = localTime(addDays(isoDate(createdAt), d.changeAfterDays), 10, 30);
      if (changedAt.getTime() < ctx.options.asOf.getTime()) {
        const v1 = versions[0];
        if (v1) v1.to = changedAt;
        versions.push({
          id: idAt(f, changedAt),
          version: 2,
          from: changedAt,
          to: null,
          snapshot: { ...baseSnapshot, export_filters: { ...d.filters, ...d.change } },
        });
      }
    }
    const current = versions[versions.length - 1];
    if (!current) throw new Error('no export configuration version');
    for (const v of versions) {
      configRows.push({
        id: v.id,
        scheduled_export_id: scheduleId,
        config_version: v.version,
        config_snapshot: json(v.snapshot),
        effective_from: v.from,
        effective_to: v.to,
        is_current: v === current,
        created_at: v.from,
        updated_at: v.to ?? v.from,
      });
    }

    // Runs from the first scheduled time after creation up to asOf.
    const runs: Date[] = [];
    let day = addDays(isoDate(createdAt), 1);
    for (;;) {
      const at = localTime(day, d.hour, d.minute);
      if (at.getTime() > ctx.options.asOf.getTime()) break;
      if (isExportDue(d.frequency, day)) runs.push(at);
      day = addDays(day, 1);
    }
    let lastRun: Date | null = null;
    for (const at of runs) {
      const start = new Date(at.getTime() + f.number.int({ min: 200, max: 4000 }));
      const config = versions.filter((v) => v.from.getTime() <= start.getTime()).pop() ?? current;
      const failed = chance(f, d.frequency === 'DAILY' ? 0.015 : 0.03);
      const runDay = isoDate(at);
      const records =
        d.type === 'MEDICAID_CLAIMS'
          ? (claimsByWeek.get(localDate(at)) ?? 0)
          : d.type === 'IMMUNIZATION_COMPLIANCE'
            ? activeStudents
            : schools.length * f.number.int({ min: 20, max: 31 });
      const seconds = failed
        ? f.number.int({ min: 20, max: 95 })
        : Math.max(2, Math.round(2 + records * f.number.float({ min: 0.004, max: 0.02 })));
      const end = new Date(start.getTime() + seconds * 1000 + f.number.int({ min: 0, max: 999 }));
      const localRun = localDate(at);
      const fileName = exportFileName(d.key, localRun, d.ext);
      const filePath = exportFilePath(d.key, localRun, d.ext);
      const bytes = failed
        ? null
        : 2_000 +
          records * (d.format === 'EDI' ? 420 : d.format === 'XML' ? 180 : 96) +
          f.number.int({ min: 0, max: 900 });
      const hash = failed
        ? null
        : sha256Hex(`white-cross demo export|${ctx.options.seed}|${filePath}|${records}`);
      const jobId = idAt(f, start);
      const errorMessage = failed
        ? d.destination === 'SFTP'
          ? pick(f, [
              `SFTP connect to ${String(d.config['host'])}:22 failed: ETIMEDOUT after 30000 ms`,
              `SFTP authentication failed for ${String(d.config['username'])}: publickey denied (key rotated on the server)`,
              'SFTP upload interrupted: connection reset by peer after 68% (retry scheduled for the next run)',
            ])
          : pick(f, [
              'HTTP 503 Service Unavailable from the state reporting API (maintenance window)',
              'HTTP 401 invalid_token: OAuth client credentials expired',
            ])
        : null;
      jobRows.push({
        id: jobId,
        scheduled_export_id: scheduleId,
        export_config_id: config.id,
        job_start_time: start,
        job_end_time: end,
        job_status: failed ? 'FAILED' : 'COMPLETED',
        triggered_by: null,
        trigger_type: 'SCHEDULED',
        records_exported: failed ? 0 : records,
        file_path: failed ? null : filePath,
        file_size_bytes: bytes,
        file_hash: hash,
        export_parameters: json({
          run_date: localRun,
          ...config.snapshot.export_filters,
          config_version: config.version,
        }),
        error_message: errorMessage,
        warnings:
          !failed && d.type === 'IMMUNIZATION_COMPLIANCE' && chance(f, 0.05)
            ? json([
                `${f.number.int({ min: 1, max: 4 })} student(s) without a state student ID (SSID) were exported with the district student number`,
              ])
            : null,
        destination_delivery_status: failed ? 'FAILED' : 'SENT',
        delivery_confirmation: failed
          ? null
          : d.destination === 'SFTP'
            ? `Uploaded to ${String(d.config['host'])}:${String(d.config['remote_dir'])}/${fileName} (${bytes} bytes, remote SHA-256 matched)`
            : `HTTP 202 Accepted; submission id ${district.state_code}-SHR-${localRun.replaceAll('-', '')}-${f.string.numeric({ length: 5, allowLeadingZeros: true })}`,
        created_at: start,
        updated_at: end,
      });
      const archival = addDays(runDay, 1);
      historyRows.push({
        id: idAt(f, end),
        export_job_id: jobId,
        export_date: localRun,
        export_type: d.type,
        total_records: failed ? 0 : records,
        success: !failed,
        file_archived_path: failed || archival > ctx.today ? null : archivedExportPath(filePath),
        archival_date: failed || archival > ctx.today ? null : archival,
        purge_date: addDays(localRun, d.retention),
        audit_checksum: hash,
        metadata: json({
          job_id: jobId,
          format: d.format,
          destination: d.destination,
          bytes,
          duration_seconds: seconds,
          config_version: config.version,
        }),
        created_at: end,
        updated_at: end,
      });
      lastRun = start;
    }
    // Next run after asOf.
    let next = addDays(isoDate(ctx.options.asOf), 0);
    let nextAt = localTime(next, d.hour, d.minute);
    for (;;) {
      if (isExportDue(d.frequency, next) && nextAt.getTime() > ctx.options.asOf.getTime()) break;
      next = addDays(next, 1);
      nextAt = localTime(next, d.hour, d.minute);
    }
    scheduleRows.push({
      id: scheduleId,
      schedule_name: d.name,
      export_type: d.type,
      export_format: d.format,
      schedule_frequency: d.frequency,
      schedule_cron_expression: d.cron,
      schedule_timezone: 'America/New_York',
      next_run_time: nextAt,
      last_run_time: lastRun,
      is_active: true,
      export_filters: json(current.snapshot.export_filters),
      destination_type: d.destination,
      destination_config: json(d.config),
      notification_emails: json(current.snapshot.notification_emails),
      encrypt_export: true,
      encryption_key_id: null,
      retention_days: d.retention,
      created_by: owner.id,
      created_at: createdAt,
      updated_at: current.from,
    });
  }

  // Ad-hoc exports by hand: the privacy officer's accounting of disclosures, a roster for the health department.
  const adhoc: {
    type: 'PHI_DISCLOSURES' | 'STUDENT_ROSTER' | 'AUDIT_LOG';
    by: UserRow;
    format: string;
    ext: string;
  }[] = [
    { type: 'PHI_DISCLOSURES', by: auditor, format: 'CSV', ext: 'csv' },
    { type: 'AUDIT_LOG', by: auditor, format: 'CSV', ext: 'csv' },
    { type: 'STUDENT_ROSTER', by: director, format: 'EXCEL', ext: 'xlsx' },
  ];
  const span = Math.max(1, daysBetween(isoDate(ctx.setupAt), ctx.today) - 2);
  for (const a of adhoc) {
    const day = addDays(isoDate(ctx.setupAt), f.number.int({ min: 1, max: span }));
    const start = localTime(
      weekday(day) % 6 === 0 ? addDays(day, weekday(day) === 6 ? 2 : 1) : day,
      f.number.int({ min: 9, max: 15 }),
      f.number.int({ min: 0, max: 59 }),
    );
    if (start.getTime() > ctx.options.asOf.getTime()) continue;
    const records = a.type === 'STUDENT_ROSTER' ? activeStudents : f.number.int({ min: 40, max: 4000 });
    const seconds = Math.max(2, Math.round(records * 0.006));
    const end = new Date(start.getTime() + seconds * 1000 + 321);
    const localRun = localDate(start);
    const filePath = adHocExportFilePath(a.type, localRun, a.ext);
    const hash = sha256Hex(`white-cross demo export|${ctx.options.seed}|${filePath}|${records}`);
    const jobId = idAt(f, start);
    jobRows.push({
      id: jobId,
      scheduled_export_id: null,
      export_config_id: null,
      job_start_time: start,
      job_end_time: end,
      job_status: 'COMPLETED',
      triggered_by: a.by.id,
      trigger_type: 'MANUAL',
      records_exported: records,
      file_path: filePath,
      file_size_bytes: 1_500 + records * 110,
      file_hash: hash,
      export_parameters: json({
        format: a.format,
        from: isoDate(ctx.setupAt),
        to: localRun,
        reason:
          a.type === 'PHI_DISCLOSURES'
            ? 'Annual HIPAA accounting-of-disclosures review'
            : a.type === 'AUDIT_LOG'
              ? 'Quarterly access review'
              : 'County health department roster request (vaccine clinic planning)',
      }),
      error_message: null,
      warnings: null,
      destination_delivery_status: 'SENT',
      delivery_confirmation: `Downloaded by ${a.by.email} from the district server`,
      created_at: start,
      updated_at: end,
    });
    historyRows.push({
      id: idAt(f, end),
      export_job_id: jobId,
      export_date: localRun,
      export_type: a.type,
      total_records: records,
      success: true,
      file_archived_path: archivedExportPath(filePath),
      archival_date: addDays(localRun, 1),
      purge_date: addDays(localRun, 2190),
      audit_checksum: hash,
      metadata: json({ job_id: jobId, format: a.format, destination: 'LOCAL_STORAGE', ad_hoc: true }),
      created_at: end,
      updated_at: end,
    });
  }

  await insertMany(ctx.db, 'scheduled_exports', scheduleRows, ctx.progress);
  await insertMany(ctx.db, 'export_configurations', configRows, ctx.progress);
  await insertMany(ctx.db, 'export_jobs', jobRows, ctx.progress);
  await insertMany(ctx.db, 'export_history', historyRows, ctx.progress);
}

/** Fills the export scheduling tables. */
export async function seedExports(ctx: SeedContext): Promise<void> {
  const district = await readDistrict(ctx.db);
  const schools = await readSchools(ctx.db);
  const users = await readUsers(ctx.db);
  await seedExportSchedules(ctx, district, schools, users);
}
