import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../../../server-sync/auth/users';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { AUDIT_GENESIS, localAuditHash, type LocalAuditAction } from '../../../src-shared/audit-hash';
import type { AuditUploadEntry } from '../../../src-shared/sync/audit-upload';
import { formatHlc } from '../../../src-shared/sync/hlc';
import type { OutboxChange } from '../../../src-shared/sync/protocol';
import type { ServerTarget } from '../../support/db';
import {
  bearer,
  login,
  makeApp,
  makeDistrict,
  PASSWORD,
  TestClock,
  type TestDistrict,
  type Tokens,
} from '../server/support';
import { SCHEMA } from './support';

/** The real server (buildServer: auth, sync routes) over inject, with devices enrolled by code and every role of the district. */

export interface DeviceCredentials {
  readonly deviceId: string;
  readonly deviceSecret: string;
}

export interface SyncApp {
  readonly h: ServerDbHandle;
  readonly app: FastifyInstance;
  readonly d: TestDistrict;
  readonly clock: TestClock;
  readonly billing: { readonly id: string; readonly email: string };
  /** Enrolls a workstation in school A (or B). */
  enroll(school?: 'A' | 'B'): Promise<DeviceCredentials>;
  /** Signs in, on the workstation when given one (a device-bound token). */
  signIn(email: string, device?: DeviceCredentials): Promise<Tokens>;
  /** Bearer token and schema header of a sync call. */
  headers(t: Tokens): Record<string, string>;
  /** An HLC of the test clock (plus offset) for a device. */
  hlc(node: string, offsetMs?: number): string;
  close(): Promise<void>;
}

export async function startSyncApp(target: ServerTarget): Promise<SyncApp> {
  const h = await target.open();
  await migrateServerToLatest(h.db);
  const d = await makeDistrict(h.db);
  const billingUser = await createUser(h.db, {
    email: 'billing@example.org',
    role: 'BILLING',
    password: PASSWORD,
    firstName: 'Bill',
    lastName: 'Clerk',
    schools: [],
  });
  const clock = new TestClock('2026-11-20T12:00:00.000Z');
  const app = makeApp(h, clock);
  await app.ready();
  return {
    h,
    app,
    d,
    clock,
    billing: { id: billingUser.id, email: 'billing@example.org' },
    async enroll(school = 'A') {
      const admin = await login(app, school === 'A' ? d.adminA.email : d.districtAdmin.email);
      const code = await app.inject({
        method: 'POST',
        url: '/admin/enrollment-codes',
        headers: bearer(admin),
        payload: { schoolId: school === 'A' ? d.schoolA : d.schoolB },
      });
      if (code.statusCode !== 201) throw new Error(`enrollment code: ${code.statusCode} ${code.body}`);
      const enrolled = await app.inject({
        method: 'POST',
        url: '/devices/enroll',
        payload: { code: code.json<{ code: string }>().code, name: 'Clinic PC', platform: 'WINDOWS' },
      });
      if (enrolled.statusCode !== 201) throw new Error(`enroll: ${enrolled.statusCode} ${enrolled.body}`);
      return enrolled.json<DeviceCredentials>();
    },
    signIn: (email, device) =>
      login(app, email, device ? { deviceId: device.deviceId, deviceSecret: device.deviceSecret } : {}),
    headers: (t) => ({ ...bearer(t), 'x-white-cross-schema': String(SCHEMA) }),
    hlc: (node, offsetMs = 0) => formatHlc({ wallMs: clock.now().getTime() + offsetMs, counter: 0, node }),
    async close() {
      await app.close();
      await h.close();
    },
  };
}

/** A new allergy of a student (whole row), as a workstation pushes it. */
export function allergyChange(
  seq: number,
  id: string,
  studentId: string,
  schoolId: string,
  hlc: string,
  extra: OutboxChange['columns'] = {},
): OutboxChange {
  return {
    seq,
    table: 'allergies',
    rowId: id,
    op: 'UPSERT',
    columns: {
      student_id: studentId,
      school_id: schoolId,
      allergen: 'Bee sting',
      allergen_type: 'INSECT',
      severity: 'SEVERE',
      ...extra,
    },
    hlc,
  };
}

const sha256Hex = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

/** A local audit trail as the workstation builds it (src-main/workstation/local-db.ts appendLocalAudit); an item's userId (null: the emergency identity) wins over the trail's. */
export function trail(
  userId: string | null,
  items: readonly {
    action: LocalAuditAction;
    table?: string;
    recordId?: string;
    details?: object;
    userId?: string | null;
  }[],
): AuditUploadEntry[] {
  let prev = AUDIT_GENESIS;
  return items.map((it, i) => {
    const base = {
      seq: i + 1,
      at: new Date(Date.parse('2026-11-20T08:00:00.000Z') + i * 1000).toISOString(),
      userId: it.userId === undefined ? userId : it.userId,
      action: it.action,
      table: it.table ?? null,
      recordId: it.recordId ?? null,
      breakGlass: it.action === 'BREAK_GLASS',
    };
    const details = JSON.parse(JSON.stringify(it.details ?? {})) as AuditUploadEntry['details'];
    const hash = localAuditHash(sha256Hex, prev, { ...base, details: JSON.stringify(details) });
    const e: AuditUploadEntry = { ...base, details, prevHash: prev, hash };
    prev = hash;
    return e;
  });
}
