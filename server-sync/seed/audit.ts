import { sql } from 'kysely';
import { linkAuditEntries, type AuditChainEntry, type AuditJson } from '../audit';
import {
  addMinutes,
  allDays,
  BATCH_ROWS,
  chance,
  type ColumnOf,
  idAt,
  insertMany,
  json,
  localTime,
  type NewRow,
  readSchools,
  readUsers,
  readUserSchools,
  schoolIp,
  sectionFaker,
  type SeedContext,
  type UserRow,
  WEB_AGENT,
  WORKSTATION_AGENT,
} from './helpers';

/**
 * The hash-chained audit trail (audit_logs), seeded last: one CREATE entry per insert batch of every seeded
 * table, then the staff's logins, record reads, prints, exports and shares over the period, with the entries
 * the encryption and tamper-alert sections produced, in time order.
 */

/** An audit entry before it is chained (its time decides its place; `sort` breaks ties). */
export interface AuditEvent {
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

export async function seedAudit(ctx: SeedContext, extra: readonly AuditEvent[]): Promise<void> {
  const users = await readUsers(ctx.db);
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
  const pending: AuditEvent[] = [];
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
  const push = (e: AuditEvent): void => {
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
  for (const e of extra) push(e);

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
