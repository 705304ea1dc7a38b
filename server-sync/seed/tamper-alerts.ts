import type { Faker } from '@faker-js/faker';
import { sql } from 'kysely';
import { rowChecksum } from '../tamper-alerts';
import type { AuditEvent } from './audit';
import {
  addDays,
  addMinutes,
  allDays,
  chance,
  columnsOf,
  daysBetween,
  districtOfficers,
  idAt,
  insertMany,
  isoDate,
  json,
  localTime,
  type NewRow,
  notAfter,
  readSchools,
  readUsers,
  readUserSchools,
  schoolIp,
  type SeedContext,
  sha256Hex,
  WEB_AGENT,
  WORKSTATION_AGENT,
} from './helpers';

/**
 * Tamper detection: SHA-256 integrity baselines of sampled clinical rows (data_integrity_checksums), verified by
 * the nightly scan, and two tamper alerts with the responses to them (alert_response_log): a false positive on a
 * visit (a late offline correction) and a burst of break-glass reads under review. Returns the audit entries of
 * what happened around them.
 */

/** Clinical tables whose rows get an integrity baseline (a sample). */
const CHECKSUM_TABLES: readonly { table: string; rate: number }[] = [
  { table: 'clinic_visits', rate: 0.05 },
  { table: 'vaccinations', rate: 0.03 },
  { table: 'medication_administrations', rate: 0.01 },
  { table: 'allergies', rate: 0.2 },
  { table: 'health_conditions', rate: 0.2 },
  { table: 'immunization_exemptions', rate: 0.5 },
  { table: 'student_medications', rate: 0.2 },
  { table: 'billing_claims', rate: 0.05 },
];
const CHECKSUM_CAP = 250;

/** `f` is the random stream the encrypted-field metadata started (encryption.ts). */
export async function seedTamperAlerts(ctx: SeedContext, f: Faker): Promise<AuditEvent[]> {
  const users = await readUsers(ctx.db);
  const { director, auditor } = districtOfficers(users);
  const entries: AuditEvent[] = [];

  // Integrity baselines of sampled clinical rows, verified by the nightly scan at 00:45.
  const cols = await columnsOf(ctx.db);
  const scans = (t: Date): { last: Date; count: number } => {
    let day = ctx.today;
    let last = localTime(day, 0, 45);
    if (last.getTime() > ctx.options.asOf.getTime()) {
      day = addDays(day, -1);
      last = localTime(day, 0, 45);
    }
    const count = Math.max(0, daysBetween(isoDate(t), day));
    return last.getTime() < t.getTime() ? { last: t, count: 0 } : { last, count };
  };
  const checksumRows: NewRow<'data_integrity_checksums'>[] = [];
  const visitBaselines: { id: string; checksum: string; school_id: string | null; nurse: string | null }[] =
    [];
  for (const t of CHECKSUM_TABLES) {
    if (!cols.has(`${t.table}.id`) || !cols.has(`${t.table}.created_at`)) continue;
    const rows = (
      await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t.table)} ORDER BY id`.execute(ctx.db)
    ).rows;
    let n = 0;
    for (const row of rows) {
      if (n >= CHECKSUM_CAP) break;
      if (!chance(f, t.rate)) continue;
      const id = String(row['id']);
      const created = row['created_at'] instanceof Date ? row['created_at'] : ctx.setupAt;
      const baseline = notAfter(ctx, new Date(Math.max(created.getTime(), ctx.setupAt.getTime())));
      const updated = row['updated_at'] instanceof Date ? row['updated_at'] : created;
      const checksum = rowChecksum(row);
      const scan = scans(baseline);
      checksumRows.push({
        id: idAt(f, baseline),
        table_name: t.table,
        record_id: id,
        column_name: null,
        checksum,
        checksum_algorithm: 'SHA-256',
        last_verified_at: scan.last,
        verification_count: scan.count,
        last_modified_at: updated,
        created_at: baseline,
        updated_at: scan.last,
      });
      if (t.table === 'clinic_visits') {
        visitBaselines.push({
          id,
          checksum,
          school_id: typeof row['school_id'] === 'string' ? row['school_id'] : null,
          nurse: typeof row['attended_by_user_id'] === 'string' ? row['attended_by_user_id'] : null,
        });
      }
      n++;
    }
  }
  await insertMany(ctx.db, 'data_integrity_checksums', checksumRows, ctx.progress);

  // Tamper alerts: a false positive on a visit (a late offline correction), and a burst of reads under review.
  const days = allDays(ctx).filter((d) => localTime(d, 0, 47).getTime() > ctx.setupAt.getTime());
  const alerts: NewRow<'tamper_alerts'>[] = [];
  const responses: NewRow<'alert_response_log'>[] = [];
  const visit = visitBaselines[Math.floor(visitBaselines.length / 3)];
  const fpDay = days[Math.floor(days.length / 3)];
  if (visit && fpDay) {
    const detected = localTime(fpDay, 0, 47, 12);
    const resolved = localTime(addDays(fpDay, 1), 10, 20);
    if (resolved.getTime() <= ctx.options.asOf.getTime()) {
      const id = idAt(f, detected);
      alerts.push({
        id,
        alert_type: 'CHECKSUM_MISMATCH',
        severity: 'MEDIUM',
        affected_table: 'clinic_visits',
        affected_record_id: visit.id,
        expected_checksum: visit.checksum,
        actual_checksum: sha256Hex(`${visit.checksum}|nurse_notes corrected offline`),
        detection_method: 'SCHEDULED_SCAN',
        detected_at: detected,
        detected_by: null,
        resolution_status: 'FALSE_POSITIVE',
        resolved_at: resolved,
        resolved_by: auditor.id,
        resolution_notes:
          "The nurse corrected nurse_notes on the workstation while offline; the change reached the server with the next morning's sync, after the baseline was taken. audit_logs holds the UPDATE by the attending nurse from the school workstation; the baseline was re-taken.",
        impact_assessment: json({ records_affected: 1, data_compromised: false, source: 'sync correction' }),
        automated_response: 'NOTIFICATION_SENT',
        created_at: detected,
        updated_at: resolved,
      });
      responses.push(
        {
          id: idAt(f, addMinutes(detected, 0.05)),
          tamper_alert_id: id,
          response_action: 'NOTIFIED_ADMIN',
          performed_by: 'SYSTEM',
          performed_at: addMinutes(detected, 0.05),
          action_details: json({
            channels: ['IN_APP', 'EMAIL'],
            recipients: [auditor.email, director.email],
          }),
          success: true,
          error_message: null,
        },
        {
          id: idAt(f, localTime(addDays(fpDay, 0), 7, 55)),
          tamper_alert_id: id,
          response_action: 'LOCKED_RECORD',
          performed_by: auditor.id,
          performed_at: localTime(fpDay, 7, 55),
          action_details: json({
            table: 'clinic_visits',
            record_id: visit.id,
            lock: 'read-only pending review',
          }),
          success: true,
          error_message: null,
        },
      );
      // The late correction the scan tripped on: pushed from the school workstation the morning before.
      const device =
        visit.school_id === null
          ? undefined
          : await ctx.db
              .selectFrom('devices')
              .select(['id', 'platform'])
              .where('school_id', '=', visit.school_id)
              .orderBy('id')
              .limit(1)
              .executeTakeFirst();
      const schoolIds = (await readSchools(ctx.db)).map((x) => x.id);
      entries.push({
        at: localTime(addDays(fpDay, -1), 7, 36, 41),
        sort: `correction|${visit.id}`,
        user_id: visit.nurse,
        device_id: device?.id ?? null,
        school_id: visit.school_id,
        action: 'UPDATE',
        table_name: 'clinic_visits',
        record_id: visit.id,
        ip_address: schoolIp(schoolIds, visit.school_id),
        user_agent: WORKSTATION_AGENT[device?.platform ?? 'WINDOWS'] ?? null,
        details: { fields: ['nurse_notes'], via: 'sync_push', edited_offline: true },
      });
      entries.push({
        at: resolved,
        sort: `alert|${id}`,
        user_id: auditor.id,
        device_id: null,
        school_id: visit.school_id,
        action: 'ADMIN',
        table_name: 'tamper_alerts',
        record_id: id,
        ip_address: '10.0.1.20',
        user_agent: WEB_AGENT,
        details: { event: 'TAMPER_ALERT_RESOLVED', resolution: 'FALSE_POSITIVE' },
      });
    }
  }

  const nurses = users.filter((u) => u.role === 'NURSE' && u.is_active);
  const access = await readUserSchools(ctx.db);
  const schools = await readSchools(ctx.db);
  const burstDay = days[days.length - 8] ?? days[days.length - 1];
  const snooper = nurses[nurses.length - 1];
  const home = snooper ? access.byUser.get(snooper.id)?.[0] : undefined;
  const other = schools.find((s) => s.id !== home) ?? schools[0];
  if (burstDay && snooper && other) {
    const burstAt = localTime(burstDay, 12, 4, 10);
    const targets = await ctx.db
      .selectFrom('students')
      .select('id')
      .where('school_id', '=', other.id)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(48)
      .execute();
    targets.forEach((s, i) => {
      entries.push({
        at: new Date(burstAt.getTime() + i * 7_300 + f.number.int({ min: 0, max: 900 })),
        sort: `burst|${i}`,
        user_id: snooper.id,
        device_id: null,
        school_id: other.id,
        action: i === 0 ? 'BREAK_GLASS' : 'READ',
        table_name: 'students',
        record_id: s.id,
        ip_address: '10.0.1.57',
        user_agent: WEB_AGENT,
        details:
          i === 0
            ? { reason: 'Covering the health office at another building', scope: other.name }
            : { view: 'student_health_summary' },
      });
    });
    const detected = localTime(addDays(burstDay, 1), 9, 12);
    if (detected.getTime() <= ctx.options.asOf.getTime() && targets.length > 0) {
      const id = idAt(f, detected);
      alerts.push({
        id,
        alert_type: 'SUSPICIOUS_PATTERN',
        severity: 'HIGH',
        affected_table: 'students',
        affected_record_id: null,
        expected_checksum: null,
        actual_checksum: null,
        detection_method: 'AUDIT_REVIEW',
        detected_at: detected,
        detected_by: auditor.id,
        resolution_status: 'INVESTIGATING',
        resolved_at: null,
        resolved_by: null,
        resolution_notes: null,
        impact_assessment: json({
          records_affected: targets.length,
          data_compromised: false,
          user_id: snooper.id,
          window_minutes: Math.max(
            1,
            Math.ceil(
              ((entries[entries.length - 1]?.at.getTime() ?? burstAt.getTime()) - burstAt.getTime()) / 60_000,
            ),
          ),
          note: `Break-glass access to ${targets.length} student records of ${other.name} within minutes; confirming the coverage assignment with the building principal`,
        }),
        automated_response: 'NOTIFICATION_SENT',
        created_at: detected,
        updated_at: detected,
      });
      responses.push({
        id: idAt(f, addMinutes(detected, 3)),
        tamper_alert_id: id,
        response_action: 'NOTIFIED_ADMIN',
        performed_by: auditor.id,
        performed_at: addMinutes(detected, 3),
        action_details: json({
          channels: ['EMAIL'],
          recipients: [director.email],
          message: 'Please confirm the nurse coverage assignment',
        }),
        success: true,
        error_message: null,
      });
    }
  }
  await insertMany(ctx.db, 'tamper_alerts', alerts, ctx.progress);
  await insertMany(ctx.db, 'alert_response_log', responses, ctx.progress);
  return entries;
}
