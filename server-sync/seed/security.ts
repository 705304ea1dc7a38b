import { createCipheriv, createHash } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import { sql } from 'kysely';
import { canonicalJson, linkAuditEntries, type AuditChainEntry, type AuditJson } from '../audit/chain';
import {
  BATCH_ROWS,
  idAt,
  insertMany,
  isoDate,
  json,
  sectionFaker,
  type SeedOptions,
  type SeedProgress,
  addDays,
  addMinutes,
  allDays,
  chance,
  daysBetween,
  localTime,
  makeContext,
  notAfter,
  type SeedContext,
  readSchools,
  readUsers,
  readUserSchools,
  sha256Hex,
  type UserRow,
  type NewRow,
  type ColumnOf,
  type SeedDb,
} from './helpers';

/**
 * Demo data of security and compliance, seeded LAST: data encryption keys (wrapped under a
 * deterministic demo key-encryption key) and their rotation history, which key encrypted a sample of
 * PHI fields, SHA-256 integrity baselines of sampled clinical rows, two tamper alerts (one a false
 * positive) with the responses to them, and the hash-chained audit_logs: one CREATE entry per batch
 * of every seeded table, then the staff's logins, record reads, prints, exports and shares over the
 * period, in time order.
 */

// ---------------------------------------------------------------- key wrapping

/** The demo district's key-encryption key: 32 bytes derived from the seed (never use outside the demo). */
export function demoKek(seed: number): Buffer {
  return createHash('sha256').update(`white-cross demo key-encryption key v1|seed=${seed}`, 'utf8').digest();
}

export interface WrappedKey {
  /** base64 of ciphertext (32 bytes) followed by the 16-byte GCM tag. */
  readonly encryptedKeyData: string;
  /** base64 of the 12-byte GCM nonce. */
  readonly iv: string;
  /** SHA-256 hex of the plain data key: identifies it without revealing it. */
  readonly keyHash: string;
}

/** AES-256-GCM wrap of a 32-byte data key under the KEK (no AAD). */
export function wrapDataKey(kek: Buffer, dataKey: Buffer, iv: Buffer): WrappedKey {
  if (kek.length !== 32 || dataKey.length !== 32 || iv.length !== 12)
    throw new Error('wrapDataKey: bad key or IV length');
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return {
    encryptedKeyData: Buffer.concat([ct, cipher.getAuthTag()]).toString('base64'),
    iv: iv.toString('base64'),
    keyHash: createHash('sha256').update(dataKey).digest('hex'),
  };
}

const bytes = (f: Faker, n: number): Buffer =>
  Buffer.from(Array.from({ length: n }, () => f.number.int({ min: 0, max: 255 })));

/** SHA-256 hex of a row's canonical JSON (sorted keys, ISO timestamps): the integrity baseline of a whole record. */
export const rowChecksum = (row: Record<string, unknown>): string => sha256Hex(canonicalJson(row));

// ---------------------------------------------------------------- catalogs

interface PurposeDef {
  readonly purpose: 'PHI_FIELD' | 'DOCUMENT' | 'REPORT' | 'EXPORT';
  readonly periodDays: number;
  readonly encPerDay: number;
  readonly decPerDay: number;
}

const PURPOSES: readonly PurposeDef[] = [
  { purpose: 'PHI_FIELD', periodDays: 90, encPerDay: 420, decPerDay: 2600 },
  { purpose: 'DOCUMENT', periodDays: 365, encPerDay: 6, decPerDay: 25 },
  { purpose: 'REPORT', periodDays: 365, encPerDay: 14, decPerDay: 20 },
  { purpose: 'EXPORT', periodDays: 365, encPerDay: 2, decPerDay: 0 },
];

/** PHI columns whose encryption is tracked (a sample of their rows). */
const ENCRYPTED_FIELDS: readonly {
  table: string;
  column: string;
  classification: 'PHI' | 'PII' | 'SENSITIVE';
  category: string;
  rate: number;
}[] = [
  {
    table: 'clinic_visits',
    column: 'nurse_notes',
    classification: 'PHI',
    category: 'CLINICAL_NOTES',
    rate: 0.05,
  },
  {
    table: 'clinic_visits',
    column: 'presenting_complaint',
    classification: 'PHI',
    category: 'CLINICAL_NOTES',
    rate: 0.03,
  },
  {
    table: 'health_conditions',
    column: 'condition_name',
    classification: 'PHI',
    category: 'DIAGNOSIS',
    rate: 0.25,
  },
  {
    table: 'health_conditions',
    column: 'action_plan',
    classification: 'PHI',
    category: 'CARE_PLAN',
    rate: 0.25,
  },
  { table: 'allergies', column: 'reaction', classification: 'PHI', category: 'ALLERGY', rate: 0.25 },
  {
    table: 'medication_administrations',
    column: 'dose_given',
    classification: 'PHI',
    category: 'MEDICATION',
    rate: 0.02,
  },
  {
    table: 'medicaid_eligibility',
    column: 'medicaid_id',
    classification: 'PHI',
    category: 'INSURANCE_ID',
    rate: 0.25,
  },
  { table: 'students', column: 'date_of_birth', classification: 'PII', category: 'DEMOGRAPHIC', rate: 0.08 },
  { table: 'guardians', column: 'phone_primary', classification: 'PII', category: 'CONTACT', rate: 0.05 },
  {
    table: 'immunization_exemptions',
    column: 'exemption_type',
    classification: 'SENSITIVE',
    category: 'EXEMPTION',
    rate: 0.5,
  },
];
const PER_COLUMN_CAP = 150;

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

// ---------------------------------------------------------------- entry point

interface KeyRec {
  id: string;
  purpose: PurposeDef['purpose'];
  name: string;
  hash: string;
  activated: Date;
  retired: Date | null;
}

/** Fills encryption, tamper detection and the audit trail. Runs after every other section. */
export async function seedSecurity(db: SeedDb, options: SeedOptions, progress?: SeedProgress): Promise<void> {
  const ctx = makeContext(db, options, progress);
  const users = await readUsers(db);
  const director = users.find((u) => u.role === 'DISTRICT_ADMIN') ?? users[0];
  const auditor = users.find((u) => u.role === 'AUDITOR') ?? director;
  if (!director || !auditor) throw new Error('seed: no users (the district section runs first)');

  const fields = await sampledFields(ctx);
  const keys = await seedKeys(ctx, director, fields);
  const extra = await seedIntegrity(ctx, keys, fields, director, auditor, users);
  await linkEncryptionKeys(ctx, keys);
  await seedAudit(ctx, users, extra);
}

// ---------------------------------------------------------------- keys

async function seedKeys(
  ctx: SeedContext,
  director: UserRow,
  fields: readonly SampledField[],
): Promise<KeyRec[]> {
  const f = sectionFaker(ctx.options.seed, 'security.keys');
  const kek = demoKek(ctx.options.seed);
  const goLive = addMinutes(ctx.setupAt, -60);
  const keyRows: NewRow<'encryption_keys'>[] = [];
  const history: NewRow<'key_rotation_history'>[] = [];
  const keys: KeyRec[] = [];
  const fieldCreatedAt = fields.map((x) => x.created_at);

  for (const p of PURPOSES) {
    const slug = p.purpose.toLowerCase().replace('_', '-');
    // Activation times: go-live, then every rotation period up to asOf. The PHI key of the pilot precedes go-live.
    const starts: { at: Date; name: string; type: 'GO_LIVE' | 'SCHEDULED' | 'PILOT' }[] = [];
    if (p.purpose === 'PHI_FIELD')
      starts.push({ at: addMinutes(goLive, -44 * 24 * 60), name: `${slug}-pilot`, type: 'PILOT' });
    starts.push({ at: goLive, name: `${slug}-${isoDate(goLive).replaceAll('-', '')}`, type: 'GO_LIVE' });
    for (let k = 1; ; k++) {
      const day = addDays(isoDate(goLive), k * p.periodDays);
      const at = localTime(day, 2, 0);
      if (at.getTime() > ctx.options.asOf.getTime()) break;
      starts.push({ at, name: `${slug}-${day.replaceAll('-', '')}`, type: 'SCHEDULED' });
    }
    const recs: (KeyRec & { wrapped: ReturnType<typeof wrapDataKey> })[] = starts.map((s, i) => {
      const next = starts[i + 1];
      const wrapped = wrapDataKey(kek, bytes(f, 32), bytes(f, 12));
      return {
        id: idAt(f, addMinutes(s.at, -60 * 24)),
        purpose: p.purpose,
        name: s.name,
        hash: wrapped.keyHash,
        activated: s.at,
        retired: next ? next.at : null,
        wrapped,
      };
    });
    for (const [i, r] of recs.entries()) {
      const activeDays = Math.max(
        1,
        daysBetween(isoDate(r.activated), isoDate(r.retired ?? ctx.options.asOf)),
      );
      const isPilot = starts[i]?.type === 'PILOT';
      const scale = isPilot ? 0.02 : 1;
      keyRows.push({
        id: r.id,
        key_name: r.name,
        key_purpose: p.purpose,
        algorithm: 'AES-256-GCM',
        key_size: 256,
        encrypted_key_data: r.wrapped.encryptedKeyData,
        key_hash: r.wrapped.keyHash,
        initialization_vector: r.wrapped.iv,
        status: r.retired ? 'RETIRED' : 'ACTIVE',
        is_default: r.retired === null,
        rotation_period_days: p.periodDays,
        next_rotation_date: r.retired ? null : addMinutes(r.activated, p.periodDays * 24 * 60),
        encryptions_performed: Math.round(
          activeDays * p.encPerDay * scale * f.number.float({ min: 0.8, max: 1.2 }),
        ),
        decryptions_performed: Math.round(
          activeDays * p.decPerDay * scale * f.number.float({ min: 0.8, max: 1.2 }),
        ),
        activated_at: r.activated,
        retired_at: r.retired,
        created_by: director.id,
        created_at: addMinutes(r.activated, -60 * 24),
        updated_at: r.retired ?? r.activated,
      });
      keys.push({
        id: r.id,
        purpose: r.purpose,
        name: r.name,
        hash: r.hash,
        activated: r.activated,
        retired: r.retired,
      });
    }
    for (let i = 1; i < recs.length; i++) {
      const old = recs[i - 1];
      const cur = recs[i];
      const type = starts[i]?.type;
      if (!old || !cur) continue;
      const pending =
        p.purpose === 'PHI_FIELD'
          ? fieldCreatedAt.filter((t) => t.getTime() < cur.activated.getTime()).length
          : 0;
      history.push({
        id: idAt(f, cur.activated),
        key_id: old.id,
        new_key_id: cur.id,
        rotation_date: cur.activated,
        rotation_type: type === 'GO_LIVE' ? 'POLICY_CHANGE' : 'SCHEDULED',
        rotation_reason:
          type === 'GO_LIVE'
            ? 'Pilot data key retired at production go-live; production keys generated and wrapped under the district KEK'
            : `Scheduled rotation: rotation_period_days = ${p.periodDays}${p.purpose === 'PHI_FIELD' ? ' (quarterly rotation of PHI field keys)' : ''}`,
        old_key_hash: old.hash,
        new_key_hash: cur.hash,
        records_to_reencrypt: pending,
        records_reencrypted: pending,
        reencryption_errors: 0,
        performed_by: type === 'GO_LIVE' ? director.id : null,
      });
    }
  }
  await insertMany(ctx.db, 'encryption_keys', keyRows, ctx.progress);
  await insertMany(ctx.db, 'key_rotation_history', history, ctx.progress);
  return keys;
}

interface SampledField {
  table: string;
  column: string;
  id: string;
  created_at: Date;
  classification: ColumnOf<'encrypted_field_metadata', 'data_classification'>;
  category: string;
}

/** Columns of the public schema, for skipping a sample whose table or column does not exist. */
async function columnsOf(ctx: SeedContext): Promise<Set<string>> {
  const r = await sql<{
    t: string;
    c: string;
  }>`SELECT table_name AS t, column_name AS c FROM information_schema.columns
    WHERE table_schema = current_schema() ORDER BY 1, 2`.execute(ctx.db);
  return new Set(r.rows.map((x) => `${x.t}.${x.c}`));
}

/** The sample of encrypted PHI fields (deterministic: rows by id, a seeded subset, capped). */
async function sampledFields(ctx: SeedContext): Promise<SampledField[]> {
  const f = sectionFaker(ctx.options.seed, 'security.fields');
  const cols = await columnsOf(ctx);
  const out: SampledField[] = [];
  for (const d of ENCRYPTED_FIELDS) {
    if (!cols.has(`${d.table}.${d.column}`) || !cols.has(`${d.table}.created_at`)) continue;
    const rows = (
      await sql<{ id: string; created_at: Date }>`SELECT id, created_at FROM ${sql.table(d.table)}
        WHERE ${sql.ref(d.column)} IS NOT NULL ORDER BY id`.execute(ctx.db)
    ).rows;
    let n = 0;
    for (const r of rows) {
      if (n >= PER_COLUMN_CAP) break;
      if (!chance(f, d.rate)) continue;
      out.push({
        table: d.table,
        column: d.column,
        id: r.id,
        // Clamped: nothing the seed writes happens after asOf.
        created_at: notAfter(ctx, r.created_at),
        classification: d.classification,
        category: d.category,
      });
      n++;
    }
  }
  return out;
}

// ---------------------------------------------------------------- integrity

interface SecurityEvents {
  /** Audit entries produced by this section (key rotations, alert handling, the suspicious burst). */
  readonly entries: PendingEntry[];
}

async function seedIntegrity(
  ctx: SeedContext,
  keys: readonly KeyRec[],
  fields: readonly SampledField[],
  director: UserRow,
  auditor: UserRow,
  users: readonly UserRow[],
): Promise<SecurityEvents> {
  const f = sectionFaker(ctx.options.seed, 'security.integrity');
  const entries: PendingEntry[] = [];

  // Encrypted field metadata: the current PHI key after each quarterly re-encryption.
  const phiKeys = keys
    .filter((k) => k.purpose === 'PHI_FIELD')
    .sort((a, b) => a.activated.getTime() - b.activated.getTime());
  const fieldRows = fields.map((s): NewRow<'encrypted_field_metadata'> => {
    const keyAt = phiKeys.filter((k) => k.activated.getTime() <= s.created_at.getTime()).pop() ?? phiKeys[0];
    const later = phiKeys.filter((k) => k.activated.getTime() > s.created_at.getTime());
    const current = later.length ? later[later.length - 1] : keyAt;
    if (!current) throw new Error('no PHI field key');
    const reencrypted = later.length ? (later[later.length - 1]?.activated ?? null) : null;
    return {
      id: idAt(f, s.created_at),
      table_name: s.table,
      column_name: s.column,
      record_id: s.id,
      key_id: current.id,
      initialization_vector: bytes(f, 12).toString('base64'),
      encryption_algorithm: 'AES-256-GCM',
      data_classification: s.classification,
      phi_category: s.category,
      last_reencrypted_at: reencrypted,
      reencryption_count: later.length,
      created_at: s.created_at,
      updated_at: reencrypted ?? s.created_at,
    };
  });
  await insertMany(ctx.db, 'encrypted_field_metadata', fieldRows, ctx.progress);

  for (const k of keys) {
    if (k.retired === null) continue;
    const next = keys.find((x) => x.purpose === k.purpose && x.activated.getTime() === k.retired?.getTime());
    entries.push({
      at: k.retired,
      sort: `key|${k.name}`,
      user_id: next && k.name.endsWith('-pilot') ? director.id : null,
      device_id: null,
      school_id: null,
      action: 'ADMIN',
      table_name: 'encryption_keys',
      record_id: next?.id ?? k.id,
      ip_address: null,
      user_agent: 'white-cross-server/0.1.0 (job: key-rotation)',
      details: { event: 'KEY_ROTATED', purpose: k.purpose, old_key: k.name, new_key: next?.name ?? null },
    });
  }

  // Integrity baselines of sampled clinical rows, verified by the nightly scan at 00:45.
  const cols = await columnsOf(ctx);
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
  return { entries };
}

/** Reports holding PHI and scheduled exports are encrypted with the key of their purpose active at the time. */
async function linkEncryptionKeys(ctx: SeedContext, keys: readonly KeyRec[]): Promise<void> {
  for (const k of keys.filter((x) => x.purpose === 'REPORT')) {
    let update = ctx.db
      .updateTable('report_instances as ri')
      .set({ encryption_key_id: k.id })
      .from('report_definitions as rd')
      .whereRef('rd.id', '=', 'ri.report_definition_id')
      .where('rd.includes_phi', '=', true)
      .where('ri.generation_status', '=', 'COMPLETED')
      .where('ri.generated_at', '>=', k.activated);
    if (k.retired !== null) update = update.where('ri.generated_at', '<', k.retired);
    await update.execute();
  }
  const exportKey = keys.find((x) => x.purpose === 'EXPORT' && x.retired === null);
  if (exportKey)
    await ctx.db
      .updateTable('scheduled_exports')
      .set({ encryption_key_id: exportKey.id })
      .where('encrypt_export', '=', true)
      .execute();
}

// ---------------------------------------------------------------- audit trail

const WEB_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const WORKSTATION_AGENT: Readonly<Record<string, string>> = {
  WINDOWS: 'WhiteCross/0.1.0 (Electron 45.5.0; Windows NT 10.0; Win64; x64)',
  MACOS: 'WhiteCross/0.1.0 (Electron 45.5.0; Macintosh; Intel Mac OS X 14_6)',
  LINUX: 'WhiteCross/0.1.0 (Electron 45.5.0; X11; Linux x86_64)',
};

/** The nurse workstation's address on the district network: one subnet per school (schools by id). */
function schoolIp(schoolIds: readonly string[], schoolId: string | null): string {
  return `10.0.${10 + Math.max(0, schoolIds.indexOf(schoolId ?? ''))}.25`;
}

interface PendingEntry {
  at: Date;
  sort: string;
  user_id: string | null;
  device_id: string | null;
  school_id: string | null;
  action: ColumnOf<'audit_logs', 'action'>;
  table_name: string | null;
  record_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  details: AuditJson;
}

async function seedAudit(ctx: SeedContext, users: readonly UserRow[], extra: SecurityEvents): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'security.audit');
  const db = ctx.db;

  const previous = await db
    .selectFrom('audit_logs')
    .select(['chain_seq', 'row_hash', 'created_at'])
    .orderBy('chain_seq', 'desc')
    .limit(1)
    .executeTakeFirst();

  // 1. One CREATE entry per insert batch of every seeded table, at go-live (the import).
  const tables = (
    await sql<{
      name: string;
    }>`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname NOT IN ('audit_logs', 'kysely_migration', 'kysely_migration_lock')
      ORDER BY c.relname`.execute(db)
  ).rows;
  const pending: PendingEntry[] = [];
  let ms = 0;
  const importAt = addMinutes(ctx.setupAt, -30);
  for (const t of tables) {
    const n =
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t.name)}`.execute(db)).rows[0]
        ?.n ?? 0;
    for (let done = 0; done < n; done += BATCH_ROWS) {
      pending.push({
        at: new Date(importAt.getTime() + ms++ * 7),
        sort: `create|${t.name}|${String(done).padStart(9, '0')}`,
        user_id: null,
        device_id: null,
        school_id: null,
        action: 'CREATE',
        table_name: t.name,
        record_id: null,
        ip_address: null,
        user_agent: 'white-cross seed-demo',
        details: { seed: ctx.options.seed, table: t.name, rows: Math.min(BATCH_ROWS, n - done) },
      });
    }
  }

  // 2. What the staff did over the period.
  const devices = await db
    .selectFrom('devices')
    .select(['id', 'school_id', 'platform'])
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  const schools = await readSchools(db);
  const access = await readUserSchools(db);
  const deviceOf = new Map<string, { id: string; platform: string }>();
  for (const d of devices) if (!deviceOf.has(d.school_id)) deviceOf.set(d.school_id, d);
  const schoolIds = schools.map((s) => s.id);
  const deviceIp = (schoolId: string | null): string => schoolIp(schoolIds, schoolId);
  const officeIp = (u: UserRow): string => `10.0.1.${20 + (users.indexOf(u) % 200)}`;
  const days = allDays(ctx);
  const asOf = ctx.options.asOf.getTime();
  const push = (e: PendingEntry): void => {
    if (e.at.getTime() <= asOf && e.at.getTime() > importAt.getTime()) pending.push(e);
  };

  // Sessions: nurses every school day on their workstation; the others on the web some days.
  for (const u of users.filter((x) => x.is_active)) {
    const home = access.byUser.get(u.id)?.[0] ?? null;
    const nurse = u.role === 'NURSE';
    const dev = nurse && home ? deviceOf.get(home) : undefined;
    const chanceOfDay = nurse
      ? 0.97
      : u.role === 'DISTRICT_ADMIN'
        ? 0.7
        : u.role === 'BILLING'
          ? 0.6
          : u.role === 'SCHOOL_ADMIN'
            ? 0.35
            : 0.25;
    for (const day of days) {
      if (!chance(f, chanceOfDay)) continue;
      const login = localTime(
        day,
        nurse ? 7 : 8,
        f.number.int({ min: nurse ? 20 : 0, max: 59 }),
        f.number.int({ min: 0, max: 59 }),
      );
      const common = {
        user_id: u.id,
        device_id: dev?.id ?? null,
        school_id: nurse ? home : null,
        table_name: 'users',
        record_id: u.id,
        ip_address: dev ? deviceIp(home) : officeIp(u),
        user_agent: dev
          ? (WORKSTATION_AGENT[dev.platform] ?? WORKSTATION_AGENT['WINDOWS'] ?? null)
          : WEB_AGENT,
      };
      if (chance(f, 0.02)) {
        push({
          ...common,
          at: addMinutes(login, -0.4),
          sort: `login-failed|${u.id}`,
          action: 'LOGIN_FAILED',
          details: { reason: 'invalid_password', failed_login_count: 1 },
        });
      }
      push({
        ...common,
        at: login,
        sort: `login|${u.id}`,
        action: 'LOGIN',
        details: { method: nurse ? 'workstation_unlock' : 'password', mfa: !nurse },
      });
      if (dev && home) {
        push({
          ...common,
          at: addMinutes(login, 1.5),
          sort: `pull|${u.id}`,
          action: 'SYNC_PULL',
          table_name: null,
          record_id: null,
          details: { changes: f.number.int({ min: 0, max: 120 }) },
        });
        push({
          ...common,
          at: localTime(day, 15, f.number.int({ min: 30, max: 50 })),
          sort: `push|${u.id}`,
          action: 'SYNC_PUSH',
          table_name: null,
          record_id: null,
          details: { outbox_rows: f.number.int({ min: 4, max: 160 }) },
        });
      }
      const logout = localTime(day, nurse ? 15 : 16, f.number.int({ min: nurse ? 52 : 0, max: 59 }));
      push({
        ...common,
        at: logout,
        sort: `logout|${u.id}`,
        action: 'LOGOUT',
        details: { reason: chance(f, 0.3) ? 'idle_timeout' : 'user' },
      });
    }
  }

  // Reads of the student's record at each clinic visit (on the school's workstation).
  const visits = await db
    .selectFrom('clinic_visits')
    .select(['id', 'student_id', 'school_id', 'attended_by_user_id', 'arrival_time', 'departure_time'])
    .where('deleted_at', 'is', null)
    .orderBy('arrival_time')
    .orderBy('id')
    .execute();
  for (const v of visits) {
    const dev = deviceOf.get(v.school_id);
    const base = {
      user_id: v.attended_by_user_id,
      device_id: dev?.id ?? null,
      school_id: v.school_id,
      ip_address: deviceIp(v.school_id),
      user_agent: WORKSTATION_AGENT[dev?.platform ?? 'WINDOWS'] ?? null,
    };
    push({
      ...base,
      at: addMinutes(v.arrival_time, 0.5),
      sort: `read|${v.id}|1`,
      action: 'READ',
      table_name: 'students',
      record_id: v.student_id,
      details: { view: 'student_health_summary', sections: ['allergies', 'conditions', 'medications'] },
    });
    if (chance(f, 0.25)) {
      push({
        ...base,
        at: addMinutes(v.departure_time ?? v.arrival_time, 0.8 + f.number.float({ min: 0, max: 30 })),
        sort: `read|${v.id}|2`,
        action: 'READ',
        table_name: 'clinic_visits',
        record_id: v.id,
        details: { view: 'visit_detail' },
      });
    }
  }

  // The nurse opens the student's medication record (MAR) before each dose given at school.
  const doses = await db
    .selectFrom('medication_administrations')
    .select(['id', 'student_medication_id', 'school_id', 'administered_by', 'administered_at'])
    .where('administration_status', '=', 'GIVEN')
    .where('student_medication_id', 'is not', null)
    .where('deleted_at', 'is', null)
    .orderBy('administered_at')
    .orderBy('id')
    .execute();
  for (const d of doses) {
    // A dose GIVEN always has its time (medication_administrations_given_check).
    if (d.administered_at === null) continue;
    const dev = deviceOf.get(d.school_id);
    push({
      at: addMinutes(d.administered_at, -(0.5 + f.number.float({ min: 0, max: 2 }))),
      sort: `mar|${d.id}`,
      user_id: d.administered_by,
      device_id: dev?.id ?? null,
      school_id: d.school_id,
      action: 'READ',
      table_name: 'student_medications',
      record_id: d.student_medication_id,
      ip_address: deviceIp(d.school_id),
      user_agent: WORKSTATION_AGENT[dev?.platform ?? 'WINDOWS'] ?? null,
      details: { view: 'medication_administration_record' },
    });
  }

  // Prints of generated reports, exports run by the scheduler or by hand, document shares.
  const reports = await db
    .selectFrom('report_instances as ri')
    .innerJoin('report_definitions as rd', 'rd.id', 'ri.report_definition_id')
    .select([
      'ri.id',
      'ri.generated_by',
      'ri.generated_at',
      'ri.school_id',
      'rd.report_code',
      'rd.includes_phi',
    ])
    .where('ri.generation_status', '=', 'COMPLETED')
    .orderBy('ri.generated_at')
    .orderBy('ri.id')
    .execute();
  const byId = new Map(users.map((u) => [u.id, u] as const));
  for (const r of reports) {
    const u = byId.get(r.generated_by);
    const nurse = u?.role === 'NURSE';
    const dev = nurse && r.school_id ? deviceOf.get(r.school_id) : undefined;
    push({
      at: addMinutes(r.generated_at, 0.2 + f.number.float({ min: 0, max: 2 })),
      sort: `print|${r.id}`,
      user_id: r.generated_by,
      device_id: dev?.id ?? null,
      school_id: r.school_id,
      action: 'PRINT',
      table_name: 'report_instances',
      record_id: r.id,
      ip_address: dev ? deviceIp(r.school_id) : u ? officeIp(u) : null,
      user_agent: dev ? (WORKSTATION_AGENT[dev.platform] ?? null) : WEB_AGENT,
      details: { report_code: r.report_code, includes_phi: r.includes_phi },
    });
  }
  const exports = await db
    .selectFrom('export_jobs as j')
    .leftJoin('scheduled_exports as se', 'se.id', 'j.scheduled_export_id')
    .leftJoin('export_history as h', 'h.export_job_id', 'j.id')
    .select((eb) => [
      'j.id',
      'j.triggered_by',
      'j.job_end_time',
      eb.fn.coalesce('se.export_type', 'h.export_type').as('export_type'),
      'j.records_exported',
      'se.destination_type as destination',
    ])
    .where('j.job_status', '=', 'COMPLETED')
    .where('j.job_end_time', 'is not', null)
    .orderBy('j.job_end_time')
    .orderBy('j.id')
    .execute();
  for (const e of exports) {
    if (e.job_end_time === null) continue;
    const u = e.triggered_by ? byId.get(e.triggered_by) : undefined;
    push({
      at: addMinutes(e.job_end_time, 0.01),
      sort: `export|${e.id}`,
      user_id: e.triggered_by,
      device_id: null,
      school_id: null,
      action: 'EXPORT',
      table_name: 'export_jobs',
      record_id: e.id,
      ip_address: u ? officeIp(u) : null,
      user_agent: u ? WEB_AGENT : 'white-cross-server/0.1.0 (job: scheduled-export)',
      details: {
        export_type: e.export_type,
        records: e.records_exported,
        destination: e.destination ?? 'LOCAL_STORAGE',
      },
    });
  }
  const shares = await db
    .selectFrom('shared_documents')
    .select(['id', 'shared_by', 'created_at', 'school_id', 'document_id'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const s of shares) {
    const dev = deviceOf.get(s.school_id);
    push({
      at: addMinutes(s.created_at, 0.02),
      sort: `share|${s.id}`,
      user_id: s.shared_by,
      device_id: dev?.id ?? null,
      school_id: s.school_id,
      action: 'SHARE',
      table_name: 'documents',
      record_id: s.document_id,
      ip_address: deviceIp(s.school_id),
      user_agent: WORKSTATION_AGENT[dev?.platform ?? 'WINDOWS'] ?? null,
      details: { shared_document_id: s.id },
    });
  }
  for (const e of extra.entries) push(e);

  // Chain in time order; equal instants are separated by a millisecond so created_at strictly increases.
  pending.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  if (previous && pending[0] && pending[0].at.getTime() <= previous.created_at.getTime()) {
    throw new Error(
      'seed: audit_logs already holds rows later than the seeded history; seed an empty database',
    );
  }
  let last = previous?.created_at.getTime() ?? 0;
  let seq = previous?.chain_seq ?? 0;
  const entries = pending.map(
    (
      p,
    ): AuditChainEntry & {
      created_at: Date;
      chain_seq: number;
      action: ColumnOf<'audit_logs', 'action'>;
    } => {
      const t = Math.max(p.at.getTime(), last + 1);
      last = t;
      const at = new Date(t);
      seq += 1;
      return {
        id: idAt(f, at),
        created_at: at,
        chain_seq: seq,
        user_id: p.user_id,
        device_id: p.device_id,
        school_id: p.school_id,
        action: p.action,
        table_name: p.table_name,
        record_id: p.record_id,
        ip_address: p.ip_address,
        user_agent: p.user_agent,
        details: p.details,
      };
    },
  );
  const linked = linkAuditEntries(
    previous ? { chain_seq: previous.chain_seq, row_hash: previous.row_hash } : null,
    entries,
  );
  await insertMany(
    db,
    'audit_logs',
    linked.map((e): NewRow<'audit_logs'> => ({
      ...e,
      details: e.details === null || e.details === undefined ? null : json(e.details),
    })),
    ctx.progress,
  );
}
