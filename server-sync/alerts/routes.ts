import type { ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  alertActionRequest,
  alertActionResponse,
  alertDeliveriesResponse,
  alertIdParams,
  alertSubscription,
  createSubscriptionRequest,
  definitionCodeParams,
  alertDefinition,
  listDefinitionsResponse,
  listInstancesQuery,
  listInstancesResponse,
  listSubscriptionsQuery,
  listSubscriptionsResponse,
  updateDefinitionRequest,
  updateSubscriptionRequest,
  type AlertStreamEvent,
} from '../../src-shared/api/alerts';
import { CLINICAL_ROLES, isDistrictWide } from '../../src-shared/auth';
import { authOf, requireRole } from '../auth/plugin';
import type { AuthContext } from '../auth/context';
import { auditEntry, appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { scopeOf, withTenant } from '../db/tenant';
import type { Clock } from '../plugins/clock';
import { errorResponses, HttpError } from '../plugins/errors';
import { definitionByCode, listDefinitions } from './definitions';
import { AlertTransitionError, transitionAlert } from './service';
import { AlertChangeFeed } from './stream';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  subscriptionById,
  updateSubscription,
  type SubscriptionValues,
} from './subscriptions';
import { listInstances, updateDefinition } from './read';

export interface AlertRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
}

const READERS = [...CLINICAL_ROLES, 'AUDITOR' as const];
const PING_MS = 25_000;

/** Whether the caller may see an alert of that school (NULL: district-wide, district roles only). */
export function maySee(auth: AuthContext, schoolId: string | null): boolean {
  return schoolId === null ? isDistrictWide(auth.role) : auth.schoolIds.includes(schoolId);
}

/**
 * /alerts/...: instances (nurses see their schools', school administrators theirs, district administrators and
 * auditors every one; auditors only read), acknowledge and resolve (clinical roles), delivery status, definitions
 * (DISTRICT_ADMIN edits), subscriptions (one's own; any for a DISTRICT_ADMIN) and the SSE stream. Reads of alerts
 * (their data names students) are audited.
 */
export const alertRoutes: FastifyPluginAsyncZod<AlertRoutesOptions> = (app, { db, clock }) => {
  app.addHook('onRequest', app.authenticate);
  const feed = new AlertChangeFeed(db);
  app.addHook('onClose', () => feed.stop());
  // a stream never ends by itself: end them all when the server closes, or close() would wait for them forever
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const res of streams) res.end();
    streams.clear();
    done();
  });

  app.get(
    '/instances',
    {
      preHandler: requireRole(...READERS),
      schema: {
        tags: ['alerts'],
        summary: 'Alerts of the schools the caller may see, newest first',
        security: [{ bearer: [] }],
        querystring: listInstancesQuery,
        response: { 200: listInstancesResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const q = request.query;
      if (q.schoolId && !auth.schoolIds.includes(q.schoolId)) {
        throw new HttpError(403, 'FORBIDDEN', `schoolId: school ${q.schoolId} is not one of your schools`);
      }
      const now = clock.now();
      // under row-level security as well as the WHERE: a school's alerts name its students
      return withTenant(db, scopeOf(auth), async (trx) => {
        const alerts = await listInstances(trx, {
          schoolIds: q.schoolId ? [q.schoolId] : auth.schoolIds,
          includeDistrictWide: !q.schoolId && isDistrictWide(auth.role),
          status: q.status ?? null,
          code: q.code ?? null,
          limit: q.limit,
        });
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'READ',
            tableName: 'alert_instances',
            schoolId: q.schoolId ?? null,
            details: { event: 'alerts_listed', count: alerts.length },
          }),
        );
        return { alerts };
      });
    },
  );

  for (const action of ['acknowledge', 'resolve'] as const) {
    app.post(
      `/instances/:id/${action}`,
      {
        preHandler: requireRole(...CLINICAL_ROLES),
        schema: {
          tags: ['alerts'],
          summary:
            action === 'acknowledge' ? 'Acknowledge an alert (stops its escalation)' : 'Resolve an alert',
          security: [{ bearer: [] }],
          params: alertIdParams,
          body: alertActionRequest,
          response: { 200: alertActionResponse, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const now = clock.now();
        const id = request.params.id;
        try {
          return await db.transaction().execute(async (trx) => {
            const row = await trx
              .selectFrom('alert_instances')
              .select('school_id')
              .where('id', '=', id)
              .where('deleted_at', 'is', null)
              .executeTakeFirst();
            if (!row || !maySee(auth, row.school_id)) {
              throw new HttpError(404, 'NOT_FOUND', `no alert ${id} in your schools`);
            }
            const r = await transitionAlert(
              trx,
              now,
              id,
              action === 'acknowledge' ? 'ACKNOWLEDGED' : 'RESOLVED',
              { userId: auth.userId, notes: request.body.notes ?? null },
              (schoolId) =>
                auditEntry(request, now, {
                  action: 'UPDATE',
                  tableName: 'alert_instances',
                  recordId: id,
                  schoolId,
                  details: { event: action === 'acknowledge' ? 'alert_acknowledged' : 'alert_resolved' },
                }),
            );
            if (!r) throw new HttpError(404, 'NOT_FOUND', `no alert ${id} in your schools`);
            return { id: r.id, status: r.status };
          });
        } catch (err) {
          if (err instanceof AlertTransitionError)
            throw new HttpError(409, 'INVALID_TRANSITION', err.message);
          throw err;
        }
      },
    );
  }

  app.get(
    '/instances/:id/deliveries',
    {
      preHandler: requireRole(...READERS),
      schema: {
        tags: ['alerts'],
        summary: 'Delivery status of an alert, per recipient and channel',
        security: [{ bearer: [] }],
        params: alertIdParams,
        response: { 200: alertDeliveriesResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const id = request.params.id;
      const row = await db
        .selectFrom('alert_instances')
        .select('school_id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || !maySee(auth, row.school_id))
        throw new HttpError(404, 'NOT_FOUND', `no alert ${id} in your schools`);
      const rows = await db
        .selectFrom('alert_delivery_log')
        .selectAll()
        .where('alert_instance_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return {
        deliveries: rows.map((d) => ({
          id: d.id,
          recipientUserId: d.recipient_user_id,
          channel: d.delivery_channel,
          status: d.delivery_status,
          sentAt: d.sent_at.toISOString(),
          failureReason: d.failure_reason,
          retryCount: d.retry_count,
          nextRetryAt: d.next_retry_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.get(
    '/definitions',
    {
      preHandler: requireRole(...READERS),
      schema: {
        tags: ['alerts'],
        summary: "The district's alert definitions",
        security: [{ bearer: [] }],
        response: { 200: listDefinitionsResponse, ...errorResponses(401, 403) },
      },
    },
    async () => ({ definitions: (await listDefinitions(db)).map(definitionBody) }),
  );

  app.put(
    '/definitions/:code',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['alerts'],
        summary: 'Change an alert definition (priority, escalation, channels, template, active)',
        security: [{ bearer: [] }],
        params: definitionCodeParams,
        body: updateDefinitionRequest,
        response: { 200: alertDefinition, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const now = clock.now();
      const code = request.params.code;
      return db.transaction().execute(async (trx) => {
        const def = await definitionByCode(trx, code);
        if (!def) throw new HttpError(404, 'NOT_FOUND', `code: no alert definition ${code}`);
        await updateDefinition(trx, now, def.id, request.body);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'UPDATE',
            tableName: 'alert_definitions',
            recordId: def.id,
            details: { event: 'alert_definition_updated', fields: Object.keys(request.body) },
          }),
        );
        const after = await definitionByCode(trx, code);
        if (!after) throw new HttpError(404, 'NOT_FOUND', `code: no alert definition ${code}`);
        return definitionBody(after);
      });
    },
  );

  // ---- subscriptions
  const ownerOf = async (request: FastifyRequest, id: string) => {
    const auth = authOf(request);
    const s = await subscriptionById(db, id);
    if (!s || (s.userId !== auth.userId && auth.role !== 'DISTRICT_ADMIN')) {
      throw new HttpError(404, 'NOT_FOUND', `no subscription ${id} of yours`);
    }
    return s;
  };
  const definitionIdOf = async (code: string | null) => {
    if (code === null) return null;
    const d = await definitionByCode(db, code);
    if (!d) throw new HttpError(400, 'VALIDATION', `definitionCode: no alert definition ${code}`);
    return d.id;
  };

  app.get(
    '/subscriptions',
    {
      preHandler: requireRole(...CLINICAL_ROLES),
      schema: {
        tags: ['alerts'],
        summary: "The caller's alert subscriptions (a DISTRICT_ADMIN: anyone's, or userId's)",
        security: [{ bearer: [] }],
        querystring: listSubscriptionsQuery,
        response: { 200: listSubscriptionsResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const userId = request.query.userId ?? null;
      if (userId && userId !== auth.userId && auth.role !== 'DISTRICT_ADMIN') {
        throw new HttpError(
          403,
          'FORBIDDEN',
          'userId: only a DISTRICT_ADMIN reads the subscriptions of others',
        );
      }
      const who = auth.role === 'DISTRICT_ADMIN' ? userId : auth.userId;
      return { subscriptions: await listSubscriptions(db, who) };
    },
  );

  app.post(
    '/subscriptions',
    {
      preHandler: requireRole(...CLINICAL_ROLES),
      schema: {
        tags: ['alerts'],
        summary:
          'Subscribe to alerts (a definition, a category, or all; a priority threshold; channels; quiet hours)',
        security: [{ bearer: [] }],
        body: createSubscriptionRequest,
        response: { 201: alertSubscription, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const b = request.body;
      const userId = b.userId ?? auth.userId;
      if (userId !== auth.userId) {
        if (auth.role !== 'DISTRICT_ADMIN') {
          throw new HttpError(403, 'FORBIDDEN', 'userId: only a DISTRICT_ADMIN subscribes others');
        }
        const u = await db
          .selectFrom('users')
          .select('id')
          .where('id', '=', userId)
          .where('district_id', '=', auth.districtId)
          .executeTakeFirst();
        if (!u) throw new HttpError(404, 'NOT_FOUND', `userId: no user ${userId} in your district`);
      }
      const values: SubscriptionValues = {
        definitionId: await definitionIdOf(b.definitionCode),
        category: b.category,
        priorityThreshold: b.priorityThreshold,
        channels: b.channels,
        isActive: b.isActive,
        quietHoursStart: b.quietHoursStart,
        quietHoursEnd: b.quietHoursEnd,
        weekendDelivery: b.weekendDelivery,
      };
      const now = clock.now();
      const id = await createSubscription(db, now, userId, values);
      const s = await subscriptionById(db, id);
      if (!s) throw new Error(`subscription ${id} vanished after its insert`);
      return reply.code(201).send(s);
    },
  );

  app.patch(
    '/subscriptions/:id',
    {
      preHandler: requireRole(...CLINICAL_ROLES),
      schema: {
        tags: ['alerts'],
        summary: 'Change a subscription',
        security: [{ bearer: [] }],
        params: alertIdParams,
        body: updateSubscriptionRequest,
        response: { 200: alertSubscription, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const s = await ownerOf(request, request.params.id);
      const b = request.body;
      const merged = { ...s, ...b };
      if ((merged.quietHoursStart === null) !== (merged.quietHoursEnd === null)) {
        throw new HttpError(400, 'VALIDATION', 'quietHoursEnd: quiet hours need both a start and an end');
      }
      await updateSubscription(db, clock.now(), s.id, {
        definitionId: await definitionIdOf(merged.definitionCode),
        category: merged.category,
        priorityThreshold: merged.priorityThreshold,
        channels: merged.channels,
        isActive: merged.isActive,
        quietHoursStart: merged.quietHoursStart,
        quietHoursEnd: merged.quietHoursEnd,
        weekendDelivery: merged.weekendDelivery,
      });
      const after = await subscriptionById(db, s.id);
      if (!after) throw new HttpError(404, 'NOT_FOUND', `no subscription ${s.id} of yours`);
      return after;
    },
  );

  app.delete(
    '/subscriptions/:id',
    {
      preHandler: requireRole(...CLINICAL_ROLES),
      schema: {
        tags: ['alerts'],
        summary: 'Delete a subscription',
        security: [{ bearer: [] }],
        params: alertIdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const s = await ownerOf(request, request.params.id);
      await deleteSubscription(db, s.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/stream',
    {
      preHandler: requireRole(...READERS),
      schema: {
        tags: ['alerts'],
        summary:
          'Server-sent events: `event: alert` whenever an alert the caller may see is raised or changes',
        security: [{ bearer: [] }],
        response: {
          200: z
            .string()
            .describe('text/event-stream: `event: alert` with the AlertStreamEvent JSON as data; `: ping` every 25 s'),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
        'x-accel-buffering': 'no',
      });
      const send = (e: AlertStreamEvent) => {
        if (!maySee(auth, e.schoolId)) return;
        res.write(`event: alert\nid: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`);
      };
      const { ready, unsubscribe } = feed.subscribe(send);
      await ready;
      res.write(': connected\n\n');
      const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
      streams.add(res);
      const close = () => {
        clearInterval(ping);
        unsubscribe();
        streams.delete(res);
      };
      request.raw.on('close', close);
      res.on('error', close);
    },
  );

  return Promise.resolve();
};

function definitionBody(d: Awaited<ReturnType<typeof listDefinitions>>[number]) {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    category: d.category,
    priority: d.priority,
    conditions: d.conditions,
    escalation: d.escalation ? { ...d.escalation, escalate_to: [...d.escalation.escalate_to] } : null,
    channels: [...d.channels],
    template: d.template,
    isActive: d.isActive,
    canDismiss: d.canDismiss,
    requireAck: d.requireAck,
    expirationMinutes: d.expirationMinutes,
  };
}
