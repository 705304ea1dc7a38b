import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  connectionTestResult,
  connectionView,
  queryRequest,
  queryResponse,
  resubmitResponse,
  statisticsView,
  submissionDetail,
  submissionIdParams,
  submissionListQuery,
  submissionView as submissionViewSchema,
  SubmissionState,
} from '../../src-shared/api/registry';
import { dateTimeIn } from '../../src-shared/time';
import { authOf, requireRole } from '../auth/plugin';
import { appendAudit, auditEntry } from '../audit';
import type { ServerDb } from '../db/connect';
import { scopeOf, withTenant } from '../db/tenant';
import type { Clock } from '../plugins/clock';
import { errorResponses, HttpError } from '../plugins/errors';
import { loadRegistryCredentials } from './credentials';
import { queryRegistry } from './query';
import { resubmit } from './queue';
import { testConnection } from './transport';
import { stateFilter, stateOf, submissionsQuery, submissionView } from './views';

export interface RegistryRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
  readonly kek: () => Uint8Array | null;
  readonly caPem?: string | null;
}

const SECURITY = [{ bearer: [] }];
const TAGS = ['registry'];

/**
 * The registry's routes (src-shared/api/registry.ts). Reads run under row-level security with the caller's
 * schools and are audited (READ) in the same transaction; resubmitting and testing a connection are audited.
 */
export const registryRoutes: FastifyPluginAsyncZod<RegistryRoutesOptions> = (
  app,
  { db, clock, kek, caPem },
) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('preHandler', requireRole('DISTRICT_ADMIN', 'SCHOOL_ADMIN', 'NURSE'));

  app.get(
    '/submissions',
    {
      schema: {
        tags: TAGS,
        summary: "The registry queue of the caller's schools, newest first, by state",
        security: SECURITY,
        querystring: submissionListQuery,
        response: {
          200: z.object({ submissions: z.array(submissionViewSchema) }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const q = request.query;
      const names = auth.role !== 'DISTRICT_ADMIN';
      return withTenant(db, scopeOf(auth), async (trx) => {
        let s = submissionsQuery(trx);
        if (q.state) s = s.where(stateFilter(q.state));
        if (q.schoolId) s = s.where('r.school_id', '=', q.schoolId);
        const rows = await s.orderBy('r.submission_date', 'desc').orderBy('r.id').limit(q.limit).execute();
        await appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'READ',
            tableName: 'registry_submissions',
            schoolId: q.schoolId ?? null,
            details: { event: 'registry_queue', state: q.state ?? null, resultCount: rows.length },
          }),
        );
        return { submissions: rows.map((r) => submissionView(r, names)) };
      });
    },
  );

  app.get(
    '/submissions/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'A submission with its errors (field, value sent, plain words), its message and the answer',
        security: SECURITY,
        params: submissionIdParams,
        response: { 200: submissionDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return withTenant(db, scopeOf(auth), async (trx) => {
        const r = await submissionsQuery(trx).where('r.id', '=', request.params.id).executeTakeFirst();
        if (!r)
          throw new HttpError(
            404,
            'NOT_FOUND',
            `no registry submission ${request.params.id} in your schools`,
          );
        const errors = await trx
          .selectFrom('submission_error_log')
          .selectAll()
          .where('submission_id', '=', r.id)
          .orderBy('error_timestamp')
          .orderBy('id')
          .execute();
        const resp = await trx
          .selectFrom('registry_responses')
          .select('response_metadata')
          .where('submission_id', '=', r.id)
          .executeTakeFirst();
        await appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'READ',
            tableName: 'registry_submissions',
            recordId: r.id,
            schoolId: r.school_id,
            details: { event: 'registry_submission', vaccinationId: r.vaccination_id },
          }),
        );
        const meta = z.object({ summary: z.string().nullable() }).safeParse(resp?.response_metadata);
        const holds = z.array(z.object({ field: z.string(), reason: z.string() })).safeParse(r.hold_reasons);
        return {
          ...submissionView(r, auth.role !== 'DISTRICT_ADMIN'),
          holdReasons: holds.success ? holds.data : [],
          errors: errors.map((e) => ({
            id: e.id,
            type: e.error_type,
            code: e.error_code,
            segment: e.hl7_segment,
            field: e.field_number,
            valueSent: e.field_value,
            message: e.error_message,
            resolution: e.resolution_status,
            at: e.error_timestamp.toISOString(),
            atLocal: dateTimeIn(e.error_timestamp.getTime(), r.time_zone, true),
          })),
          summary: meta.success ? meta.data.summary : null,
          hl7Message: r.hl7_message,
          hl7Response: r.hl7_response,
        };
      });
    },
  );

  app.post(
    '/submissions/:id/resubmit',
    {
      preHandler: requireRole('DISTRICT_ADMIN', 'SCHOOL_ADMIN'),
      schema: {
        tags: TAGS,
        summary: 'Send a rejected dose again as it is now, or check a held one again',
        security: SECURITY,
        params: submissionIdParams,
        response: { 200: resubmitResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      // visible to the caller (row-level security) before anything is done
      const seen = await withTenant(db, scopeOf(auth), (trx) =>
        trx
          .selectFrom('registry_submissions')
          .select(['id', 'school_id'])
          .where('id', '=', request.params.id)
          .executeTakeFirst(),
      );
      if (!seen)
        throw new HttpError(404, 'NOT_FOUND', `no registry submission ${request.params.id} in your schools`);
      const r = await resubmit(db, seen.id, clock.now());
      if (!r.ok) {
        const why = {
          NOT_FOUND: 'it does not exist',
          IN_FLIGHT: 'it is being sent; wait for its answer',
          ACCEPTED: 'the registry accepted it; a change to the dose is sent as an update by itself',
          NOT_A_DOSE: 'it is not the report of a dose',
          NOT_READY: 'its registry connection is inactive or has no stored credentials',
        }[r.reason];
        throw new HttpError(r.reason === 'NOT_FOUND' ? 404 : 409, r.reason, `cannot resubmit: ${why}`);
      }
      await withTenant(db, scopeOf(auth), (trx) =>
        appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'UPDATE',
            tableName: 'registry_submissions',
            recordId: r.submissionId,
            schoolId: seen.school_id,
            details: { event: 'registry_resubmit', of: seen.id, held: r.held },
          }),
        ),
      );
      return { submissionId: r.submissionId, held: r.held };
    },
  );

  app.post(
    '/students/:id/query',
    {
      schema: {
        tags: TAGS,
        summary:
          "Query the registry for a student's history (Z34) or evaluated history and forecast (Z44), reconciled with the record",
        security: SECURITY,
        params: submissionIdParams,
        body: queryRequest,
        response: { 200: queryResponse, ...errorResponses(400, 401, 403, 404, 502) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const seen = await withTenant(db, scopeOf(auth), (trx) =>
        trx.selectFrom('students').select('id').where('id', '=', request.params.id).executeTakeFirst(),
      );
      if (!seen) throw new HttpError(404, 'NOT_FOUND', `no student ${request.params.id} in your schools`);
      const { userId, deviceId, ip, userAgent } = auditEntry(request, clock.now(), { action: 'EXPORT' });
      const r = await queryRegistry(
        db,
        clock.now(),
        seen.id,
        request.body.profile,
        { kek, caPem: caPem ?? null },
        {
          userId,
          deviceId,
          ip,
          userAgent,
        },
      );
      if (!r.ok) throw new HttpError(502, 'REGISTRY_UNAVAILABLE', r.message);
      const p = r.rsp.outcome === 'HISTORY' ? r.rsp.patients[0] : undefined;
      const rec = r.reconciliation;
      const dose = (d: (typeof r.rsp.patients)[number]['doses'][number]) => ({
        date: d.date,
        cvx: d.cvx,
        vaccineName: d.vaccineName,
        lot: d.lot,
        mvx: d.mvx,
        historical: d.historical,
      });
      return {
        submissionId: r.submissionId,
        outcome: r.rsp.outcome,
        summary: r.rsp.ack.summary,
        registryId: p?.registryId ?? null,
        matched: (rec?.matched ?? []).map((m) => ({
          doseId: m.doseId,
          date: m.registry.date,
          cvx: m.registry.cvx,
        })),
        added: (rec?.added ?? []).map(dose),
        differences: [...(rec?.differences ?? [])],
        forecasts: (p?.forecasts ?? []).map((f) => ({
          vaccineGroup: f.vaccineGroup,
          observations: [...f.observations],
        })),
      };
    },
  );

  app.get(
    '/statistics',
    {
      preHandler: requireRole('DISTRICT_ADMIN', 'SCHOOL_ADMIN'),
      schema: {
        tags: TAGS,
        summary: "Submissions per school and state (the caller's schools)",
        security: SECURITY,
        response: { 200: statisticsView, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return withTenant(db, scopeOf(auth), async (trx) => {
        const rows = await trx
          .selectFrom('registry_submissions as r')
          .innerJoin('schools as sc', 'sc.id', 'r.school_id')
          .select([
            'r.school_id',
            'sc.name',
            'r.submission_status',
            'r.hold_reasons',
            'r.acknowledgment_code',
          ])
          .execute();
        const bySchool = new Map<
          string,
          { schoolId: string; schoolName: string; counts: Record<SubmissionState, number> }
        >();
        for (const r of rows) {
          const s = bySchool.get(r.school_id) ?? {
            schoolId: r.school_id,
            schoolName: r.name,
            counts: Object.fromEntries(SubmissionState.map((k) => [k, 0])) as Record<SubmissionState, number>,
          };
          s.counts[stateOf(r)] += 1;
          bySchool.set(r.school_id, s);
        }
        await appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'READ',
            tableName: 'registry_submissions',
            details: { event: 'registry_statistics', schools: bySchool.size },
          }),
        );
        return { schools: [...bySchool.values()].sort((a, b) => a.schoolName.localeCompare(b.schoolName)) };
      });
    },
  );

  app.get(
    '/connections',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: TAGS,
        summary: "The district's registry connections (never their secrets)",
        security: SECURITY,
        response: { 200: z.object({ connections: z.array(connectionView) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const rows = await db
        .selectFrom('registry_connections as c')
        .leftJoin('registry_credentials as k', 'k.vault_key', 'c.credential_vault_key')
        .selectAll('c')
        .select('k.vault_key as stored')
        .where('c.district_id', '=', auth.districtId)
        .orderBy('c.state_code')
        .execute();
      return {
        connections: rows.map((c) => ({
          id: c.id,
          name: c.registry_name,
          stateCode: c.state_code,
          endpoint: c.endpoint_url,
          status: c.connection_status,
          testMode: c.test_mode,
          facilityId: c.facility_id,
          receivingApplication: c.receiving_application,
          receivingFacility: c.receiving_facility,
          credentialsStored: c.stored !== null,
          clientCertificate: c.client_certificate_pem !== null,
          lastSuccess: c.last_successful_connection?.toISOString() ?? null,
          lastError: c.last_connection_error,
        })),
      };
    },
  );

  app.post(
    '/connections/:id/test',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: TAGS,
        summary: "CDC's connectivityTest against a registry connection; the outcome is recorded on it",
        security: SECURITY,
        params: submissionIdParams,
        response: { 200: connectionTestResult, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const c = await db
        .selectFrom('registry_connections')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('district_id', '=', auth.districtId)
        .executeTakeFirst();
      if (!c)
        throw new HttpError(404, 'NOT_FOUND', `no registry connection ${request.params.id} in your district`);
      const at = clock.now();
      const { ok, message } = await testConnection(
        c,
        () => loadRegistryCredentials(db, kek(), c.credential_vault_key),
        at,
        caPem ?? null,
      );
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('registry_connections')
          .set(
            ok
              ? {
                  last_successful_connection: at,
                  connection_status: c.connection_status === 'ERROR' ? 'ACTIVE' : c.connection_status,
                  updated_at: at,
                }
              : { last_connection_error: message, connection_status: 'ERROR', updated_at: at },
          )
          .where('id', '=', c.id)
          .execute();
        await appendAudit(
          trx,
          auditEntry(request, at, {
            action: 'ADMIN',
            tableName: 'registry_connections',
            recordId: c.id,
            details: { event: 'registry_connection_test', ok },
          }),
        );
      });
      return { ok, message };
    },
  );
  return Promise.resolve();
};
