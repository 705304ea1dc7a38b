import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  alertDetail,
  alertIdParams,
  alertListQuery,
  alertView as alertViewSchema,
  healthDepartmentNotification,
  scanRequest,
  statusChange,
  scanResponse,
} from '../../src-shared/api/outbreaks';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import { transitionRefusal } from '../../src-shared/outbreaks';
import { authOf, requireRole } from '../auth/plugin';
import { appendAudit, auditEntry } from '../audit';
import { scopeOf, withTenant } from '../db/tenant';
import { errorResponses, HttpError } from '../plugins/errors';
import { scanOutbreaks } from './service';
import { patternRoutes } from './pattern-routes';
import type { OutbreakRoutesOptions } from './route-options';

export type { OutbreakRoutesOptions } from './route-options';
import { alertView, type AlertRow } from './views';

const READERS = ['DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'NURSE'] as const;
const SECURITY = [{ bearer: [] }];

type Trx = Transaction<ServerDatabase>;

function alertsQuery(trx: Trx) {
  return trx
    .selectFrom('outbreak_alerts as a')
    .innerJoin('schools as s', 's.id', 'a.school_id')
    .innerJoin('districts as d', 'd.id', 's.district_id')
    .leftJoin('outbreak_patterns as p', 'p.id', 'a.pattern_id')
    .selectAll('a')
    .select([
      's.name as school_name',
      sql<string>`coalesce(s.timezone, d.timezone)`.as('time_zone'),
      'p.pattern_name as pattern_name',
      'p.reportable_disease as reportable',
    ])
    .where('a.deleted_at', 'is', null);
}

async function oneAlert(trx: Trx, id: string): Promise<AlertRow> {
  const r = await alertsQuery(trx).where('a.id', '=', id).executeTakeFirst();
  // another school's alert is invisible (row-level security): the same 404 as a missing one
  if (!r) throw new HttpError(404, 'NOT_FOUND', `no outbreak alert ${id} in your schools`);
  return r;
}

/**
 * Outbreak detection routes (src-shared/api/outbreaks.ts). Reads run under row-level security with the caller's
 * schools and are audited (READ) in the same transaction; writes are audited too.
 */
export const outbreakRoutes: FastifyPluginAsyncZod<OutbreakRoutesOptions> = async (app, o) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preHandler', requireRole(...READERS));
  // not the caller's options as such: their prefix would be applied a second time
  const options: OutbreakRoutesOptions = {
    db: o.db,
    clock: o.clock,
    ...(o.onDetected ? { onDetected: o.onDetected } : {}),
  };
  await app.register(patternRoutes, options);
  await app.register(alertRoutes, options);
};

const alertRoutes: FastifyPluginAsyncZod<OutbreakRoutesOptions> = (app, { db, clock, onDetected }) => {
  app.get(
    '/alerts',
    {
      schema: {
        tags: ['outbreaks'],
        summary: "Outbreak alerts of the caller's schools, newest first, with their epidemic curve",
        security: SECURITY,
        querystring: alertListQuery,
        response: { 200: z.object({ alerts: z.array(alertViewSchema) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const q = request.query;
      return withTenant(db, scopeOf(auth), async (trx) => {
        let s = alertsQuery(trx);
        if (q.status) s = s.where('a.outbreak_status', '=', q.status);
        if (q.schoolId) s = s.where('a.school_id', '=', q.schoolId);
        if (q.from) s = s.where(sql<boolean>`a.alert_date >= ${q.from}::date`);
        if (q.to) s = s.where(sql<boolean>`a.alert_date < ${q.to}::date + 1`);
        const rows = await s.orderBy('a.alert_date', 'desc').orderBy('a.id').limit(q.limit).execute();
        const bySchool = new Map<string | null, string[]>();
        for (const r of rows) bySchool.set(r.school_id, [...(bySchool.get(r.school_id) ?? []), r.id]);
        if (bySchool.size === 0) bySchool.set(null, []);
        await appendAudit(
          trx,
          ...[...bySchool].map(([schoolId, ids]) =>
            auditEntry(request, clock.now(), {
              action: 'READ',
              tableName: 'outbreak_alerts',
              schoolId,
              details: { event: 'outbreak_alerts', resultCount: ids.length, recordIds: ids },
            }),
          ),
        );
        return { alerts: rows.map(alertView) };
      });
    },
  );

  app.get(
    '/alerts/:id',
    {
      schema: {
        tags: ['outbreaks'],
        summary: 'An outbreak alert with its linked cases',
        security: SECURITY,
        params: alertIdParams,
        response: { 200: alertDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const names = auth.role === 'NURSE' || auth.role === 'SCHOOL_ADMIN';
      return withTenant(db, scopeOf(auth), async (trx) => {
        const a = await oneAlert(trx, request.params.id);
        const cases = await trx
          .selectFrom('outbreak_case_clusters as k')
          .innerJoin('symptom_tracking as t', 't.id', 'k.symptom_tracking_id')
          .innerJoin('students as st', 'st.id', 't.student_id')
          .select([
            'k.symptom_tracking_id',
            't.student_id',
            'st.first_name',
            'st.last_name',
            't.student_grade_level',
            't.location_at_onset',
            sql<string>`t.symptom_onset_date::text`.as('onset'),
            't.symptoms',
            'k.temporal_distance_days',
            'k.cluster_assignment',
            'k.epidemiological_link_strength',
          ])
          .where('k.outbreak_alert_id', '=', a.id)
          .orderBy('t.symptom_onset_date')
          .orderBy('k.symptom_tracking_id')
          .execute();
        await appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'READ',
            tableName: 'outbreak_alerts',
            recordId: a.id,
            schoolId: a.school_id,
            details: {
              event: 'outbreak_alert',
              cases: cases.length,
              studentIds: [...new Set(cases.map((c) => c.student_id))],
            },
          }),
        );
        return {
          ...alertView(a),
          cases: cases.map((c) => ({
            symptomTrackingId: c.symptom_tracking_id,
            studentId: c.student_id,
            studentName: names ? `${c.first_name} ${c.last_name}` : null,
            grade: c.student_grade_level,
            location: c.location_at_onset,
            onsetDate: c.onset,
            temporalDistanceDays: c.temporal_distance_days,
            cluster: c.cluster_assignment,
            linkStrength: c.epidemiological_link_strength,
            symptoms: Object.entries((c.symptoms ?? {}) as Record<string, unknown>)
              .filter(([, v]) => v === true)
              .map(([k]) => k)
              .sort(),
          })),
        };
      });
    },
  );

  app.post(
    '/alerts/:id/status',
    {
      preHandler: requireRole('DISTRICT_ADMIN', 'SCHOOL_ADMIN'),
      schema: {
        tags: ['outbreaks'],
        summary: 'Move an alert: INVESTIGATING -> CONFIRMED -> CONTAINED -> RESOLVED',
        security: SECURITY,
        params: alertIdParams,
        body: statusChange,
        response: { 200: alertViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const b = request.body;
      const now = clock.now();
      return withTenant(db, scopeOf(auth), async (trx) => {
        const a = await oneAlert(trx, request.params.id);
        const refusal = transitionRefusal(a.outbreak_status, b.status);
        if (refusal)
          throw new HttpError(409, 'INVALID_TRANSITION', `status: ${refusal}`, { field: 'status' });
        if (b.status === 'RESOLVED' && b.note === undefined)
          throw new HttpError(400, 'BAD_REQUEST', 'note: say why the outbreak is resolved', {
            field: 'note',
          });
        const measures = a.containment_measures as Record<string, unknown> | null;
        const actions = Array.isArray(measures?.actions_taken) ? (measures.actions_taken as unknown[]) : [];
        await trx
          .updateTable('outbreak_alerts')
          .set({
            outbreak_status: b.status,
            updated_at: now,
            ...(b.status === 'RESOLVED' ? { resolved_at: now, resolution_notes: b.note ?? null } : {}),
            ...(b.containmentMeasures
              ? {
                  containment_measures: JSON.stringify({
                    ...(measures ?? {}),
                    actions_taken: [...actions, ...b.containmentMeasures],
                  }),
                }
              : {}),
          })
          .where('id', '=', a.id)
          .execute();
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'UPDATE',
            tableName: 'outbreak_alerts',
            recordId: a.id,
            schoolId: a.school_id,
            details: { event: 'outbreak_status', from: a.outbreak_status, to: b.status },
          }),
        );
        return alertView(await oneAlert(trx, a.id));
      });
    },
  );

  app.post(
    '/alerts/:id/health-department-notification',
    {
      preHandler: requireRole('DISTRICT_ADMIN', 'SCHOOL_ADMIN'),
      schema: {
        tags: ['outbreaks'],
        summary: 'Record that the health department was notified of an outbreak',
        security: SECURITY,
        params: alertIdParams,
        body: healthDepartmentNotification,
        response: { 200: alertViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const b = request.body;
      const now = clock.now();
      return withTenant(db, scopeOf(auth), async (trx) => {
        const a = await oneAlert(trx, request.params.id);
        if (a.health_department_notified)
          throw new HttpError(
            409,
            'CONFLICT',
            `the health department was already notified (${a.notification_sent_at?.toISOString() ?? ''})`,
          );
        const measures = (a.containment_measures as Record<string, unknown> | null) ?? {};
        await trx
          .updateTable('outbreak_alerts')
          .set({
            health_department_notified: true,
            notification_sent_at: now,
            updated_at: now,
            containment_measures: JSON.stringify({
              ...measures,
              health_department_notification: {
                required: a.reportable === true,
                status: 'SENT',
                agency: b.agency,
                method: b.method,
                reference: b.reference ?? null,
                notes: b.notes ?? null,
                sentAt: now.toISOString(),
                recordedBy: auth.userId,
              },
            }),
          })
          .where('id', '=', a.id)
          .execute();
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'UPDATE',
            tableName: 'outbreak_alerts',
            recordId: a.id,
            schoolId: a.school_id,
            details: { event: 'health_department_notified', method: b.method },
          }),
        );
        return alertView(await oneAlert(trx, a.id));
      });
    },
  );

  app.post(
    '/scan',
    {
      preHandler: requireRole('DISTRICT_ADMIN', 'SCHOOL_ADMIN'),
      schema: {
        tags: ['outbreaks'],
        summary: "Scan the caller's schools now (the daily job does the same)",
        security: SECURITY,
        body: scanRequest,
        response: { 200: scanResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const b = request.body;
      const mine = new Set(auth.schoolIds);
      const outside = (b.schoolIds ?? []).filter((s) => !mine.has(s));
      if (outside.length > 0)
        throw new HttpError(403, 'FORBIDDEN', `schoolIds: not your school(s): ${outside.join(', ')}`, {
          field: 'schoolIds',
        });
      const r = await scanOutbreaks(db, clock, {
        schoolIds: b.schoolIds ?? [...auth.schoolIds],
        ...(b.asOf ? { asOf: b.asOf } : {}),
        ...(onDetected ? { onDetected } : {}),
      });
      await withTenant(db, scopeOf(auth), (trx) =>
        appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'ADMIN',
            tableName: 'outbreak_alerts',
            details: {
              event: 'outbreak_scan',
              schools: (b.schoolIds ?? auth.schoolIds).length,
              created: r.created.map((c) => c.alertId),
              updated: r.updated,
            },
          }),
        ),
      );
      return {
        districts: r.districts,
        patterns: r.patterns,
        evaluated: r.evaluated,
        created: r.created.map((c) => ({
          alertId: c.alertId,
          schoolId: c.schoolId,
          patternName: c.patternName,
          method: c.method,
        })),
        updated: r.updated,
        skippedPatterns: r.skippedPatterns,
      };
    },
  );
  return Promise.resolve();
};
