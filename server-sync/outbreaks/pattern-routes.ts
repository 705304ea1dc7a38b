import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  alertIdParams,
  patternCreate,
  patternUpdate,
  patternView as patternViewSchema,
} from '../../src-shared/api/outbreaks';
import { authOf, requireRole } from '../auth/plugin';
import { appendAudit, auditEntry } from '../audit';
import { scopeOf, withTenant } from '../db/tenant';
import { errorResponses, HttpError } from '../plugins/errors';
import type { OutbreakRoutesOptions } from './route-options';
import { patternView } from './views';

const SECURITY = [{ bearer: [] }];

/** The pattern catalog: every reader lists it; DISTRICT_ADMIN adds and changes patterns (expressions validated). */
export const patternRoutes: FastifyPluginAsyncZod<OutbreakRoutesOptions> = (app, { db, clock }) => {
  app.get(
    '/patterns',
    {
      schema: {
        tags: ['outbreaks'],
        summary: 'The outbreak pattern catalog',
        security: SECURITY,
        response: { 200: z.object({ patterns: z.array(patternViewSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return withTenant(db, scopeOf(auth), async (trx) => {
        const rows = await trx
          .selectFrom('outbreak_patterns')
          .selectAll()
          .where('deleted_at', 'is', null)
          .orderBy('pattern_name')
          .execute();
        await appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'READ',
            tableName: 'outbreak_patterns',
            details: { event: 'outbreak_patterns', count: rows.length },
          }),
        );
        return { patterns: rows.map(patternView) };
      });
    },
  );

  app.post(
    '/patterns',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['outbreaks'],
        summary: 'Add a pattern (an invalid symptom expression is refused with the reason)',
        security: SECURITY,
        body: patternCreate,
        response: { 201: patternViewSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const b = request.body;
      const now = clock.now();
      const view = await withTenant(db, scopeOf(auth), async (trx) => {
        const taken = await trx
          .selectFrom('outbreak_patterns')
          .select('id')
          .where('pattern_name', '=', b.name)
          .executeTakeFirst();
        if (taken)
          throw new HttpError(409, 'CONFLICT', `name: a pattern named '${b.name}' exists`, { field: 'name' });
        const row = await trx
          .insertInto('outbreak_patterns')
          .values({
            id: uuidv7(),
            pattern_name: b.name,
            disease_category: b.category ?? null,
            symptom_combination: JSON.stringify(b.symptoms),
            threshold_students: b.thresholdStudents,
            threshold_percentage: b.thresholdPercent,
            time_window_days: b.windowDays,
            severity_level: b.severity ?? null,
            reportable_disease: b.reportable,
            is_active: b.active,
            created_by: auth.userId,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'CREATE',
            tableName: 'outbreak_patterns',
            recordId: row.id,
            details: { event: 'outbreak_pattern_created' },
          }),
        );
        return patternView(row);
      });
      return reply.code(201).send(view);
    },
  );

  app.patch(
    '/patterns/:id',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['outbreaks'],
        summary: 'Change a pattern (an invalid symptom expression is refused with the reason)',
        security: SECURITY,
        params: alertIdParams,
        body: patternUpdate,
        response: { 200: patternViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const b = request.body;
      const now = clock.now();
      return withTenant(db, scopeOf(auth), async (trx) => {
        if (b.name !== undefined) {
          const taken = await trx
            .selectFrom('outbreak_patterns')
            .select('id')
            .where('pattern_name', '=', b.name)
            .where('id', '<>', request.params.id)
            .executeTakeFirst();
          if (taken)
            throw new HttpError(409, 'CONFLICT', `name: a pattern named '${b.name}' exists`, {
              field: 'name',
            });
        }
        const row = await trx
          .updateTable('outbreak_patterns')
          .set({
            ...(b.name !== undefined ? { pattern_name: b.name } : {}),
            ...(b.category !== undefined ? { disease_category: b.category } : {}),
            ...(b.symptoms !== undefined ? { symptom_combination: JSON.stringify(b.symptoms) } : {}),
            ...(b.thresholdStudents !== undefined ? { threshold_students: b.thresholdStudents } : {}),
            ...(b.thresholdPercent !== undefined ? { threshold_percentage: b.thresholdPercent } : {}),
            ...(b.windowDays !== undefined ? { time_window_days: b.windowDays } : {}),
            ...(b.severity !== undefined ? { severity_level: b.severity } : {}),
            ...(b.reportable !== undefined ? { reportable_disease: b.reportable } : {}),
            ...(b.active !== undefined ? { is_active: b.active } : {}),
            updated_at: now,
          })
          .where('id', '=', request.params.id)
          .where('deleted_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new HttpError(404, 'NOT_FOUND', `no outbreak pattern ${request.params.id}`);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'UPDATE',
            tableName: 'outbreak_patterns',
            recordId: row.id,
            details: { event: 'outbreak_pattern_changed', fields: Object.keys(b) },
          }),
        );
        return patternView(row);
      });
    },
  );

  return Promise.resolve();
};
