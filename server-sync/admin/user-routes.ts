import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import {
  adminIdParams,
  createUserRequest,
  deviceListResponse,
  schoolListResponse,
  updateUserRequest,
  userListResponse,
  userSummary,
  type UserSummary,
} from '../../src-shared/api/admin';
import { CONSOLE_ROLES } from '../../src-shared/api/console';
import { ADMIN_ROLES, isDistrictWide } from '../../src-shared/auth';
import { authOf, requireRole } from '../auth/plugin';
import { revokeSessionsOf } from '../auth/sessions';
import { createUser, UserInputError } from '../auth/users';
import { auditEntry, appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { errorResponses, HttpError } from '../plugins/errors';

type Db = ServerDb;

async function listUsers(db: Db, districtId: string, id?: string): Promise<UserSummary[]> {
  let q = db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.email',
      'u.first_name',
      'u.last_name',
      'u.role',
      'u.is_active',
      'u.last_login_at',
      sql<
        string[] | null
      >`(SELECT array_agg(us.school_id ORDER BY us.school_id) FROM user_schools us WHERE us.user_id = u.id)`.as(
        'school_ids',
      ),
    ])
    .where('u.district_id', '=', districtId)
    .where('u.deleted_at', 'is', null);
  if (id) q = q.where('u.id', '=', id);
  const rows = await q.orderBy('u.last_name').orderBy('u.first_name').orderBy('u.email').execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    role: r.role,
    isActive: r.is_active,
    schoolIds: r.school_ids ?? [],
    lastLoginAt: r.last_login_at ? r.last_login_at.toISOString() : null,
  }));
}

/** School ids of the district, checked: 400 naming the field when one is not the district's. */
async function checkSchools(db: Db, districtId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('schools')
    .select('id')
    .where('district_id', '=', districtId)
    .where('id', 'in', [...ids])
    .execute();
  const known = new Set(rows.map((r) => r.id));
  const bad = ids.find((i) => !known.has(i));
  if (bad) throw new HttpError(400, 'VALIDATION', `schoolIds: no school ${bad} in your district`);
  return [...known];
}

/**
 * The district console's administration lists and account management: /admin/users (list, create, change role or
 * schools, deactivate; DISTRICT_ADMIN), /admin/devices (the workstations of the caller's schools; administrators),
 * /admin/schools (the caller's schools, for pickers). Every change is audited; deactivating an account or changing
 * its role ends its sessions (its tokens carry the old role).
 */
export const adminUserRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = (app, { db, clock }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/users',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['admin'],
        summary: "The district's accounts",
        security: [{ bearer: [] }],
        response: { 200: userListResponse, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ users: await listUsers(db, authOf(request).districtId) }),
  );

  app.post(
    '/users',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['admin'],
        summary: 'Create an account (it signs in with this password)',
        security: [{ bearer: [] }],
        body: createUserRequest,
        response: { 201: userSummary, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const b = request.body;
      const schools = isDistrictWide(b.role) ? [] : await checkSchools(db, auth.districtId, b.schoolIds);
      const ua = request.headers['user-agent'];
      try {
        const created = await createUser(
          db,
          {
            email: b.email,
            role: b.role,
            password: b.password,
            firstName: b.firstName,
            lastName: b.lastName,
            schools,
            districtId: auth.districtId,
          },
          clock.now(),
          { userId: auth.userId, ip: request.ip || null, userAgent: typeof ua === 'string' ? ua : null },
        );
        const [user] = await listUsers(db, auth.districtId, created.id);
        if (!user) throw new HttpError(500, 'INTERNAL', 'the new account was not found');
        return reply.code(201).send(user);
      } catch (e) {
        if (e instanceof UserInputError && /already exists/.test(e.message))
          throw new HttpError(409, 'EMAIL_TAKEN', `email: ${e.message}`);
        if (e instanceof UserInputError) throw new HttpError(400, 'VALIDATION', e.message);
        throw e;
      }
    },
  );

  app.patch(
    '/users/:id',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['admin'],
        summary: "Change an account's role or schools, or deactivate / reactivate it",
        security: [{ bearer: [] }],
        params: adminIdParams,
        body: updateUserRequest,
        response: { 200: userSummary, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const b = request.body;
      const now = clock.now();
      if (request.params.id === auth.userId && (b.isActive === false || b.role !== undefined))
        throw new HttpError(
          409,
          'OWN_ACCOUNT',
          'role: you cannot change your own role or deactivate yourself (ask another district administrator)',
        );
      await db.transaction().execute(async (trx) => {
        const user = await trx
          .selectFrom('users')
          .select(['id', 'role', 'is_active'])
          .where('id', '=', request.params.id)
          .where('district_id', '=', auth.districtId)
          .where('deleted_at', 'is', null)
          .forUpdate()
          .executeTakeFirst();
        if (!user) throw new HttpError(404, 'NOT_FOUND', `no user ${request.params.id} in your district`);
        const role = b.role ?? user.role;
        const schools =
          b.schoolIds !== undefined ? await checkSchools(trx, auth.districtId, b.schoolIds) : undefined;
        if (!isDistrictWide(role)) {
          const have =
            schools ??
            (
              await trx
                .selectFrom('user_schools')
                .select('school_id')
                .where('user_id', '=', user.id)
                .execute()
            ).map((r) => r.school_id);
          if (have.length === 0)
            throw new HttpError(400, 'VALIDATION', `schoolIds: a ${role} needs at least one school`);
        }
        await trx
          .updateTable('users')
          .set({
            role,
            ...(b.isActive !== undefined ? { is_active: b.isActive } : {}),
            updated_at: now,
          })
          .where('id', '=', user.id)
          .execute();
        if (schools !== undefined || isDistrictWide(role)) {
          await trx.deleteFrom('user_schools').where('user_id', '=', user.id).execute();
          const keep = isDistrictWide(role) ? [] : (schools ?? []);
          if (keep.length)
            await trx
              .insertInto('user_schools')
              .values(keep.map((school_id) => ({ user_id: user.id, school_id, granted_at: now })))
              .execute();
        }
        const endsSessions = b.isActive === false || role !== user.role || schools !== undefined;
        const revokedSessions = endsSessions
          ? await revokeSessionsOf(
              trx,
              { userId: user.id },
              b.isActive === false ? 'USER_DISABLED' : 'ADMIN',
              now,
            )
          : 0;
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'ADMIN',
            tableName: 'users',
            recordId: user.id,
            details: {
              event: 'user_updated',
              old: { role: user.role, isActive: user.is_active },
              new: { role, isActive: b.isActive ?? user.is_active },
              ...(schools !== undefined ? { schools } : {}),
              revokedSessions,
            },
          }),
        );
      });
      const [user] = await listUsers(db, auth.districtId, request.params.id);
      if (!user) throw new HttpError(404, 'NOT_FOUND', `no user ${request.params.id} in your district`);
      return user;
    },
  );

  app.get(
    '/devices',
    {
      preHandler: requireRole(...ADMIN_ROLES),
      schema: {
        tags: ['admin'],
        summary: 'The workstations of your schools (revoked ones included)',
        security: [{ bearer: [] }],
        response: { 200: deviceListResponse, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      if (auth.schoolIds.length === 0) return { devices: [] };
      const rows = await db
        .selectFrom('devices as d')
        .innerJoin('schools as s', 's.id', 'd.school_id')
        .select([
          'd.id',
          'd.name',
          'd.platform',
          'd.school_id',
          's.name as school_name',
          'd.enrolled_at',
          'd.last_seen_at',
          'd.revoked_at',
          'd.revocation_reason',
        ])
        .where('d.school_id', 'in', [...auth.schoolIds])
        .orderBy('s.name')
        .orderBy('d.name')
        .execute();
      return {
        devices: rows.map((r) => ({
          id: r.id,
          name: r.name,
          platform: r.platform,
          schoolId: r.school_id,
          schoolName: r.school_name,
          enrolledAt: r.enrolled_at.toISOString(),
          lastSeenAt: r.last_seen_at?.toISOString() ?? null,
          revokedAt: r.revoked_at?.toISOString() ?? null,
          revocationReason: r.revocation_reason,
        })),
      };
    },
  );

  app.get(
    '/schools',
    {
      preHandler: requireRole(...CONSOLE_ROLES),
      schema: {
        tags: ['admin'],
        summary: 'Your schools (every school of the district for the district-wide roles)',
        security: [{ bearer: [] }],
        response: { 200: schoolListResponse, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      if (auth.schoolIds.length === 0) return { schools: [] };
      const rows = await db
        .selectFrom('schools')
        .select(['id', 'name', 'school_code', 'timezone'])
        .where('id', 'in', [...auth.schoolIds])
        .orderBy('name')
        .execute();
      return {
        schools: rows.map((r) => ({ id: r.id, name: r.name, code: r.school_code, timeZone: r.timezone })),
      };
    },
  );
  return Promise.resolve();
};
