import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { auditEntriesQuery, auditEntriesResponse } from '../../src-shared/api/audit';
import { localDayRange } from '../../src-shared/time';
import { authOf, requireRole } from '../auth/plugin';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { errorResponses } from '../plugins/errors';
import { auditEntry as entryOf } from './request';
import { appendAudit } from './writer';

const FALLBACK_TIME_ZONE = 'America/New_York';

/**
 * GET /audit/entries: the audit log viewer's reads (AUDITOR, DISTRICT_ADMIN). The entries of the caller's schools and
 * the district-wide ones (no school), filtered and paged newest first; the read is itself an audit entry (READ of
 * audit_logs with the filters).
 */
export const auditRoutes: FastifyPluginAsyncZod<{ db: ServerDb; clock: Clock }> = (app, { db, clock }) => {
  app.get(
    '/entries',
    {
      onRequest: app.authenticate,
      preHandler: requireRole('AUDITOR', 'DISTRICT_ADMIN'),
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, filtered by who, what, which student and when; newest first',
        security: [{ bearer: [] }],
        querystring: auditEntriesQuery,
        response: { 200: auditEntriesResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const q = request.query;
      const now = clock.now();
      const district = await db
        .selectFrom('districts')
        .select('timezone')
        .where('id', '=', auth.districtId)
        .executeTakeFirst();
      const timeZone = district?.timezone || FALLBACK_TIME_ZONE;
      return db.transaction().execute(async (trx) => {
        let query = trx
          .selectFrom('audit_logs as a')
          .leftJoin('users as u', 'u.id', 'a.user_id')
          .select([
            'a.id',
            'a.chain_seq',
            'a.created_at',
            'a.action',
            'a.user_id',
            'u.email',
            'u.first_name',
            'u.last_name',
            'a.device_id',
            'a.school_id',
            'a.table_name',
            'a.record_id',
            'a.ip_address',
            'a.details',
          ])
          .where((eb) =>
            eb.or([
              eb('a.school_id', 'is', null),
              ...(auth.schoolIds.length ? [eb('a.school_id', 'in', [...auth.schoolIds])] : []),
            ]),
          );
        if (q.who) {
          const like = `%${q.who.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          query = query.where(
            sql<boolean>`(lower(u.email) LIKE ${like} OR lower(u.first_name || ' ' || u.last_name) LIKE ${like})`,
          );
        }
        if (q.action) query = query.where('a.action', '=', q.action);
        if (q.table) query = query.where('a.table_name', '=', q.table);
        if (q.studentId)
          query = query.where(
            sql<boolean>`(a.record_id = ${q.studentId} OR (a.details::jsonb ->> 'studentId') = ${q.studentId})`,
          );
        if (q.from) query = query.where('a.created_at', '>=', new Date(localDayRange(q.from, timeZone).from));
        if (q.to) query = query.where('a.created_at', '<', new Date(localDayRange(q.to, timeZone).to));
        if (q.before) query = query.where('a.chain_seq', '<', q.before);
        const rows = await query
          .orderBy('a.chain_seq', 'desc')
          .limit(q.limit + 1)
          .execute();
        const page = rows.slice(0, q.limit);
        const filters = Object.fromEntries(
          Object.entries(q).filter(([, v]) => v !== undefined && v !== null),
        ) as Record<string, string | number>;
        await appendAudit(
          trx,
          entryOf(request, now, {
            action: 'READ',
            tableName: 'audit_logs',
            details: { event: 'audit_log_viewed', filters, entries: page.length },
          }),
        );
        return {
          entries: page.map((r) => ({
            id: r.id,
            seq: r.chain_seq,
            at: r.created_at.toISOString(),
            action: r.action,
            userId: r.user_id,
            userEmail: r.email ?? null,
            userName: r.first_name ? `${r.first_name} ${r.last_name ?? ''}`.trim() : null,
            deviceId: r.device_id,
            schoolId: r.school_id,
            tableName: r.table_name,
            recordId: r.record_id,
            ip: r.ip_address,
            details: r.details ?? null,
          })),
          nextBefore: rows.length > q.limit ? (page.at(-1)?.chain_seq ?? null) : null,
          timeZone,
        };
      });
    },
  );
  return Promise.resolve();
};
