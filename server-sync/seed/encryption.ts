import type { Faker } from '@faker-js/faker';
import { sql } from 'kysely';
import { demoKek, wrapDataKey, type WrappedKey } from '../encryption';
import type { AuditEvent } from './audit';
import {
  addDays,
  addMinutes,
  chance,
  type ColumnOf,
  columnsOf,
  daysBetween,
  districtOfficers,
  idAt,
  insertMany,
  isoDate,
  localTime,
  type NewRow,
  notAfter,
  readUsers,
  sectionFaker,
  type SeedContext,
  type UserRow,
} from './helpers';

/**
 * Encryption: data encryption keys (wrapped under a deterministic demo key-encryption key) and their rotation
 * history, which key encrypted a sample of PHI fields (encrypted_field_metadata), and the PHI reports and
 * scheduled exports encrypted with the key of their purpose.
 */

const bytes = (f: Faker, n: number): Buffer =>
  Buffer.from(Array.from({ length: n }, () => f.number.int({ min: 0, max: 255 })));

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

export interface KeyRec {
  id: string;
  purpose: PurposeDef['purpose'];
  name: string;
  hash: string;
  activated: Date;
  retired: Date | null;
}

export interface SampledField {
  table: string;
  column: string;
  id: string;
  created_at: Date;
  classification: ColumnOf<'encrypted_field_metadata', 'data_classification'>;
  category: string;
}

/** The sample of encrypted PHI fields (deterministic: rows by id, a seeded subset, capped). */
async function sampledFields(ctx: SeedContext): Promise<SampledField[]> {
  const f = sectionFaker(ctx.options.seed, 'security.fields');
  const cols = await columnsOf(ctx.db);
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

/** The district's data keys and the sample of encrypted PHI fields. */
export interface EncryptionKeys {
  readonly keys: readonly KeyRec[];
  readonly fields: readonly SampledField[];
  /** The key rotations, for the audit trail. */
  readonly auditEvents: readonly AuditEvent[];
}

/** encryption_keys and key_rotation_history. */
export async function seedEncryptionKeys(ctx: SeedContext): Promise<EncryptionKeys> {
  const users = await readUsers(ctx.db);
  const { director } = districtOfficers(users);
  const fields = await sampledFields(ctx);
  const keys = await seedKeys(ctx, director, fields);
  return { keys, fields, auditEvents: keyRotationEvents(keys, director) };
}

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
    const recs: (KeyRec & { wrapped: WrappedKey })[] = starts.map((s, i) => {
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

/**
 * encrypted_field_metadata: the current PHI key of each sampled field after each quarterly re-encryption. `f` is
 * the random stream the integrity baselines continue (tamper-alerts.ts).
 */
export async function seedEncryptedFields(
  ctx: SeedContext,
  f: Faker,
  encryption: EncryptionKeys,
): Promise<void> {
  const { keys, fields } = encryption;
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
}

/** An ADMIN entry for each key retired by a rotation (by the director for the pilot key, by the job otherwise). */
function keyRotationEvents(keys: readonly KeyRec[], director: UserRow): AuditEvent[] {
  const entries: AuditEvent[] = [];
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

  return entries;
}

/** Reports holding PHI and scheduled exports are encrypted with the key of their purpose active at the time. */
export async function linkEncryptionKeys(ctx: SeedContext, keys: readonly KeyRec[]): Promise<void> {
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
