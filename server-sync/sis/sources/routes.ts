import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import {
  configIdParams,
  connectionTestResult,
  sourceConfigCreate,
  sourceConfigUpdate,
  sourceConfigView,
  syncNowBody,
  syncNowResult,
} from '../../../src-shared/api/sis-sources';
import { appendAudit, auditEntry } from '../../audit';
import { authOf, requireRole } from '../../auth/plugin';
import type { ServerDb } from '../../db/connect';
import { scopeOf, withTenant, type TenantTx } from '../../db/tenant';
import { enqueueInTransaction, type JobDefinition } from '../../jobs';
import type { Clock } from '../../plugins/clock';
import { errorResponses, HttpError } from '../../plugins/errors';
import { testConnection } from './fetch';
import type { RetryPolicy } from './http';
import type { SisSyncData } from './jobs';
import { configView, credentialsOf, listSourceConfigs, loadSourceConfig, type LoadedConfig } from './store';
import { ConfigInputError, deleteSourceConfig, insertSourceConfig, updateSourceConfig } from './store-write';

export interface SisSourceRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
  /** The server's key-encryption key (seals and opens credentials). */
  readonly kek: () => Buffer;
  /** The sis.sync job ("sync now" enqueues it). */
  readonly syncJob: JobDefinition<SisSyncData>;
  /** Tests shorten the REST client's waits. */
  readonly retry?: Partial<RetryPolicy>;
}

const SECURITY = [{ bearer: [] }];
const TAGS = ['sis'];

/**
 * The district's SIS connections (DISTRICT_ADMIN only): list, add, change, delete, test the connection, sync now.
 * Every call is audited (credentials never: the audit row names the fields changed). A configuration of another
 * district is not found.
 */
export const sisSourceRoutes: FastifyPluginAsyncZod<SisSourceRoutesOptions> = (app, o) => {
  const { db, clock } = o;
  app.addHook('onRequest', app.authenticate);
  const admin = { preHandler: requireRole('DISTRICT_ADMIN') };

  const inDistrict = async (trx: TenantTx, id: string, districtId: string): Promise<LoadedConfig> => {
    const c = await loadSourceConfig(trx, id);
    if (!c || c.districtId !== districtId)
      throw new HttpError(404, 'NOT_FOUND', `id: no SIS configuration ${id}`, { field: 'id' });
    return c;
  };
  const asHttp = (e: unknown): never => {
    if (e instanceof ConfigInputError)
      throw new HttpError(
        e.status,
        e.status === 404 ? 'NOT_FOUND' : e.status === 409 ? 'CONFLICT' : 'BAD_REQUEST',
        e.message,
        { field: e.field },
      );
    throw e;
  };

  app.get(
    '/',
    {
      ...admin,
      schema: {
        tags: TAGS,
        summary: "The district's SIS connections",
        security: SECURITY,
        response: { 200: z.object({ configs: z.array(sourceConfigView) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      return withTenant(db, scopeOf(auth), async (trx) => {
        const configs = await listSourceConfigs(trx, auth.districtId);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'READ',
            tableName: 'sis_sync_configs',
            details: { event: 'sis_configs_listed', count: configs.length },
          }),
        );
        return { configs: configs.map((c) => configView(c, now)) };
      });
    },
  );

  app.get(
    '/:id',
    {
      ...admin,
      schema: {
        tags: TAGS,
        summary: 'One SIS connection',
        security: SECURITY,
        params: configIdParams,
        response: { 200: sourceConfigView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      return withTenant(db, scopeOf(auth), async (trx) => {
        const c = await inDistrict(trx, request.params.id, auth.districtId);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'READ',
            tableName: 'sis_sync_configs',
            recordId: c.id,
            schoolId: c.schoolId,
            details: { event: 'sis_config_read' },
          }),
        );
        return configView(c, now);
      });
    },
  );

  app.post(
    '/',
    {
      ...admin,
      schema: {
        tags: TAGS,
        summary: 'Add a SIS connection (credentials are stored encrypted and never shown again)',
        security: SECURITY,
        body: sourceConfigCreate,
        response: { 201: sourceConfigView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const now = clock.now();
      const id = uuidv7();
      const view = await withTenant(db, scopeOf(auth), async (trx) => {
        await insertSourceConfig(trx, auth.districtId, id, request.body, { kek: o.kek, now }).catch(asHttp);
        const c = await inDistrict(trx, id, auth.districtId);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'CREATE',
            tableName: 'sis_sync_configs',
            recordId: id,
            schoolId: c.schoolId,
            details: {
              event: 'sis_config_created',
              source: c.source.kind,
              credentials: c.sealedCredentials !== null,
            },
          }),
        );
        return configView(c, now);
      });
      return reply.code(201).send(view);
    },
  );

  app.patch(
    '/:id',
    {
      ...admin,
      schema: {
        tags: TAGS,
        summary: 'Change a SIS connection (credentials: new ones replace the stored, null removes them)',
        security: SECURITY,
        params: configIdParams,
        body: sourceConfigUpdate,
        response: { 200: sourceConfigView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      return withTenant(db, scopeOf(auth), async (trx) => {
        await inDistrict(trx, request.params.id, auth.districtId);
        await updateSourceConfig(trx, request.params.id, request.body, { kek: o.kek, now }).catch(asHttp);
        const c = await inDistrict(trx, request.params.id, auth.districtId);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'UPDATE',
            tableName: 'sis_sync_configs',
            recordId: c.id,
            schoolId: c.schoolId,
            details: { event: 'sis_config_changed', fields: Object.keys(request.body).sort() },
          }),
        );
        return configView(c, now);
      });
    },
  );

  app.delete(
    '/:id',
    {
      ...admin,
      schema: {
        tags: TAGS,
        summary: 'Delete a SIS connection that never ran (one with runs is disabled instead)',
        security: SECURITY,
        params: configIdParams,
        response: { 204: z.null(), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const now = clock.now();
      await withTenant(db, scopeOf(auth), async (trx) => {
        const c = await inDistrict(trx, request.params.id, auth.districtId);
        await deleteSourceConfig(trx, c.id).catch(asHttp);
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'DELETE',
            tableName: 'sis_sync_configs',
            recordId: c.id,
            schoolId: c.schoolId,
            details: { event: 'sis_config_deleted' },
          }),
        );
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:id/test',
    {
      ...admin,
      schema: {
        tags: TAGS,
        summary:
          'Test the connection: REST a token and one page of /orgs, SFTP a listing, a folder its ready zips',
        security: SECURITY,
        params: configIdParams,
        response: { 200: connectionTestResult, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const c = await withTenant(db, scopeOf(auth), (trx) =>
        inDistrict(trx, request.params.id, auth.districtId),
      );
      // outside the transaction: a slow service must not hold a database connection
      const result = await testConnection(c, () => credentialsOf(c, o.kek), clock.now(), o.retry);
      await withTenant(db, scopeOf(auth), (trx) =>
        appendAudit(
          trx,
          auditEntry(request, clock.now(), {
            action: 'ADMIN',
            tableName: 'sis_sync_configs',
            recordId: c.id,
            schoolId: c.schoolId,
            details: { event: 'sis_connection_tested', ok: result.ok },
          }),
        ),
      );
      return result;
    },
  );

  app.post(
    '/:id/sync',
    {
      ...admin,
      schema: {
        tags: TAGS,
        summary:
          "Sync now (a job; dryRun defaults to the configuration's test mode, full ignores the delta cursor)",
        security: SECURITY,
        params: configIdParams,
        body: syncNowBody,
        response: { 202: syncNowResult, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const now = clock.now();
      const c = await withTenant(db, scopeOf(auth), (trx) =>
        inDistrict(trx, request.params.id, auth.districtId),
      );
      if (c.source.kind === 'CSV_UPLOAD' || c.source.kind === 'WATCHED_FOLDER')
        throw new HttpError(
          409,
          'CONFLICT',
          `id: a ${c.source.kind === 'CSV_UPLOAD' ? 'CSV-upload' : 'watched-folder'} configuration syncs when a file arrives`,
          { field: 'id' },
        );
      // the queue's tables are the platform's (the owner writes them, not the tenant role)
      const jobId = await db.transaction().execute((trx) =>
        enqueueInTransaction(
          trx,
          o.syncJob,
          {
            configId: c.id,
            trigger: 'MANUAL',
            userId: auth.userId,
            ...(request.body.dryRun !== undefined ? { dryRun: request.body.dryRun } : {}),
            ...(request.body.full ? { full: true } : {}),
          },
          { now },
        ),
      );
      await withTenant(db, scopeOf(auth), (trx) =>
        appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'ADMIN',
            tableName: 'sis_sync_configs',
            recordId: c.id,
            schoolId: c.schoolId,
            details: { event: 'sis_sync_requested', jobId },
          }),
        ),
      );
      return reply.code(202).send({ jobId });
    },
  );
  return Promise.resolve();
};
