import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  adminIdParams,
  enrollmentCodeRequest,
  enrollmentCodeResponse,
  revokeDeviceRequest,
  revokeDeviceResponse,
  revokeSessionsResponse,
  workstationPolicy,
} from '../../src-shared/api/admin';
import { ADMIN_ROLES, CLINICAL_ROLES } from '../../src-shared/auth';
import { authOf, requireRole } from '../auth/plugin';
import { revokeSessionsOf } from '../auth/sessions';
import { auditEntry, appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { scopeOf, withTenant } from '../db/tenant';
import type { Clock } from '../plugins/clock';
import { errorResponses, HttpError } from '../plugins/errors';
import { issueEnrollmentCode } from './enrollment';
import { readWorkstationPolicy, writeWorkstationPolicy } from './workstation-policy';

export interface AdminRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
}

/**
 * /admin/...: session revocation (DISTRICT_ADMIN), enrollment codes and device revocation (the
 * school's SCHOOL_ADMIN or a DISTRICT_ADMIN), the district's workstation policy (read by its nurses and
 * administrators, set by a DISTRICT_ADMIN). Account, device and district administration runs as the owner
 * with the scope checked here (districts has no row-level security: the caller's district comes from the
 * token); the enrollment code is also written under row-level security.
 */
export const adminRoutes: FastifyPluginAsyncZod<AdminRoutesOptions> = (app, { db, clock }) => {
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/users/:id/revoke-sessions',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['admin'],
        summary: 'Revoke every session of a user (signs them out everywhere)',
        security: [{ bearer: [] }],
        params: adminIdParams,
        response: {
          200: revokeSessionsResponse,
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const user = await trx
          .selectFrom('users')
          .select('id')
          .where('id', '=', request.params.id)
          .where('district_id', '=', auth.districtId)
          .executeTakeFirst();
        if (!user) throw new HttpError(404, 'NOT_FOUND', `no user ${request.params.id} in your district`);
        const revokedSessions = await revokeSessionsOf(trx, { userId: user.id }, 'ADMIN', now);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'ADMIN',
            tableName: 'users',
            recordId: user.id,
            details: { event: 'revoke_sessions', revokedSessions },
          }),
        );
        return { userId: user.id, revokedSessions };
      });
    },
  );

  app.post(
    '/enrollment-codes',
    {
      preHandler: requireRole(...ADMIN_ROLES),
      schema: {
        tags: ['admin'],
        summary: 'Issue a one-time code that enrolls one workstation for a school (valid 7 days)',
        security: [{ bearer: [] }],
        body: enrollmentCodeRequest,
        response: {
          201: enrollmentCodeResponse,
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { schoolId } = request.body;
      if (!auth.schoolIds.includes(schoolId)) {
        throw new HttpError(403, 'FORBIDDEN', `school ${schoolId} is not one of the schools you administer`);
      }
      const now = clock.now();
      const issued = await withTenant(db, scopeOf(auth), async (trx) => {
        const c = await issueEnrollmentCode(trx, { schoolId, createdBy: auth.userId, now });
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'ADMIN',
            tableName: 'device_enrollment_codes',
            recordId: c.id,
            schoolId,
            details: { event: 'enrollment_code_issued' },
          }),
        );
        return c;
      });
      return reply.code(201).send({ ...issued, expiresAt: issued.expiresAt.toISOString() });
    },
  );

  app.post(
    '/devices/:id/revoke',
    {
      preHandler: requireRole(...ADMIN_ROLES),
      schema: {
        tags: ['admin'],
        summary: 'Revoke a workstation: its sessions end and it can no longer log in or sync',
        security: [{ bearer: [] }],
        params: adminIdParams,
        body: revokeDeviceRequest,
        response: {
          200: revokeDeviceResponse,
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const device = await trx
          .selectFrom('devices')
          .select(['id', 'school_id', 'revoked_at'])
          .where('id', '=', request.params.id)
          .forUpdate()
          .executeTakeFirst();
        if (!device || !auth.schoolIds.includes(device.school_id)) {
          throw new HttpError(404, 'NOT_FOUND', `no workstation ${request.params.id} in your schools`);
        }
        if (device.revoked_at) {
          throw new HttpError(
            409,
            'ALREADY_REVOKED',
            `this workstation was revoked at ${device.revoked_at.toISOString()}`,
          );
        }
        await trx
          .updateTable('devices')
          .set({
            revoked_at: now,
            revoked_by: auth.userId,
            revocation_reason: request.body?.reason ?? 'revoked by an administrator',
            updated_at: now,
          })
          .where('id', '=', device.id)
          .execute();
        const revokedSessions = await revokeSessionsOf(trx, { deviceId: device.id }, 'DEVICE_REVOKED', now);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'ADMIN',
            tableName: 'devices',
            recordId: device.id,
            schoolId: device.school_id,
            details: { event: 'device_revoked', revokedSessions },
          }),
        );
        return { deviceId: device.id, revokedAt: now.toISOString(), revokedSessions };
      });
    },
  );
  app.get(
    '/workstation-policy',
    {
      preHandler: requireRole(...CLINICAL_ROLES),
      schema: {
        tags: ['admin'],
        summary: "The district's workstation policy (inactivity lock); the default when not set",
        security: [{ bearer: [] }],
        response: { 200: workstationPolicy, ...errorResponses(401, 403) },
      },
    },
    async (request) => readWorkstationPolicy(db, authOf(request).districtId),
  );

  app.put(
    '/workstation-policy',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['admin'],
        summary:
          "Set the district's workstation policy: workstations apply it at their next sign-in or token refresh",
        security: [{ bearer: [] }],
        body: workstationPolicy,
        response: { 200: workstationPolicy, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const district = await trx
          .selectFrom('districts')
          .select('id')
          .where('id', '=', auth.districtId)
          .forUpdate()
          .executeTakeFirst();
        if (!district) throw new HttpError(404, 'NOT_FOUND', 'your district no longer exists');
        const old = await readWorkstationPolicy(trx, district.id);
        const next = { autoLockMinutes: request.body.autoLockMinutes };
        await writeWorkstationPolicy(trx, district.id, next, now);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'ADMIN',
            tableName: 'districts',
            recordId: district.id,
            details: { event: 'workstation_policy_updated', old, new: next },
          }),
        );
        return readWorkstationPolicy(trx, district.id);
      });
    },
  );
  return Promise.resolve();
};
