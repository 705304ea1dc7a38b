import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { authOf, requireRole } from '../auth/plugin';
import { auditEntry, appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { scopeOf, withTenant } from '../db/tenant';
import type { Clock } from '../plugins/clock';
import { errorResponses, HttpError } from '../plugins/errors';
import {
  allergyView,
  conditionView,
  studentDetail,
  studentSummary,
  summaryOf,
  vaccinationView,
} from './views';

export interface StudentRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
}

const listQuery = z.strictObject({
  /** Start of a last or first name, or an exact student number. */
  query: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** LIKE pattern for "starts with", with the caller's % and _ taken literally. */
const prefixPattern = (s: string) => `${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Student health records for the clinic staff of a school (NURSE, SCHOOL_ADMIN). Every read runs under
 * row-level security with the caller's schools and appends READ entries to audit_logs in the same
 * transaction: no read without its audit row.
 */
export const studentRoutes: FastifyPluginAsyncZod<StudentRoutesOptions> = (app, { db, clock }) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preHandler', requireRole('NURSE', 'SCHOOL_ADMIN'));

  app.get(
    '/',
    {
      schema: {
        tags: ['students'],
        summary: "Find students of the caller's schools by name or student number",
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: { 200: z.object({ students: z.array(studentSummary) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      const { query, limit } = request.query;
      return withTenant(db, scopeOf(auth), async (trx) => {
        let q = trx.selectFrom('students').selectAll().where('deleted_at', 'is', null);
        if (query !== undefined) {
          const p = prefixPattern(query);
          q = q.where((eb) =>
            eb.or([
              eb(sql<string>`lower(last_name)`, 'like', p),
              eb(sql<string>`lower(first_name)`, 'like', p),
              eb('student_number', '=', query),
            ]),
          );
        }
        const rows = await q.orderBy('last_name').orderBy('first_name').orderBy('id').limit(limit).execute();
        const bySchool = new Map<string | null, string[]>();
        for (const r of rows) bySchool.set(r.school_id, [...(bySchool.get(r.school_id) ?? []), r.id]);
        if (bySchool.size === 0) bySchool.set(null, []);
        await appendAudit(
          trx,
          ...[...bySchool].map(([schoolId, ids]) =>
            auditEntry(request, now, {
              action: 'READ',
              tableName: 'students',
              schoolId,
              details: { event: 'student_search', resultCount: ids.length, recordIds: ids },
            }),
          ),
        );
        return { students: rows.map(summaryOf) };
      });
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['students'],
        summary: 'A student with allergies, health conditions and vaccinations',
        security: [{ bearer: [] }],
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        response: { 200: studentDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      return withTenant(db, scopeOf(auth), async (trx) => {
        const s = await trx
          .selectFrom('students')
          .selectAll()
          .where('id', '=', request.params.id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        // another school's student is invisible here (row-level security): the same 404 as a missing one
        if (!s) throw new HttpError(404, 'NOT_FOUND', `no student ${request.params.id} in your schools`);
        // one connection per transaction: the three reads run one after the other anyway
        const allergies = await trx
          .selectFrom('allergies')
          .selectAll()
          .where('student_id', '=', s.id)
          .where('deleted_at', 'is', null)
          .orderBy('created_at')
          .execute();
        const conditions = await trx
          .selectFrom('health_conditions')
          .selectAll()
          .where('student_id', '=', s.id)
          .where('deleted_at', 'is', null)
          .orderBy('created_at')
          .execute();
        const vaccinations = await trx
          .selectFrom('vaccinations')
          .selectAll()
          .where('student_id', '=', s.id)
          .where('deleted_at', 'is', null)
          .orderBy('administration_date')
          .execute();
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'READ',
            tableName: 'students',
            recordId: s.id,
            schoolId: s.school_id,
            details: {
              event: 'student_record',
              allergies: allergies.length,
              healthConditions: conditions.length,
              vaccinations: vaccinations.length,
            },
          }),
        );
        return {
          ...summaryOf(s),
          allergies: allergies.map(allergyView),
          healthConditions: conditions.map(conditionView),
          vaccinations: vaccinations.map(vaccinationView),
        };
      });
    },
  );
  return Promise.resolve();
};
