import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { enrollRequest, enrollResponse } from '../../src-shared/api/admin';
import { auditEntry, appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { errorResponses } from '../plugins/errors';
import { strictRateLimit } from '../plugins/security';
import { enrollDevice } from './enrollment';

export interface EnrollRouteOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
  readonly rateLimitMax: number;
}

/** POST /devices/enroll: public (the code is the credential), rate-limited like login. */
export const enrollRoute: FastifyPluginAsyncZod<EnrollRouteOptions> = (app, { db, clock, rateLimitMax }) => {
  app.post(
    '/enroll',
    {
      config: strictRateLimit(rateLimitMax),
      schema: {
        tags: ['devices'],
        summary:
          'Enroll this workstation with a one-time code; returns its device id and secret (shown once)',
        body: enrollRequest,
        response: {
          201: enrollResponse,
          ...errorResponses(400, 404, 409, 410, 429),
        },
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const enrolled = await db.transaction().execute(async (trx) => {
        const d = await enrollDevice(trx, { ...request.body, now });
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'ADMIN',
            userId: d.authorizedBy,
            deviceId: d.deviceId,
            tableName: 'devices',
            recordId: d.deviceId,
            schoolId: d.schoolId,
            details: { event: 'device_enrolled', enrollmentCode: d.codeId },
          }),
        );
        return d;
      });
      return reply.code(201).send({
        deviceId: enrolled.deviceId,
        deviceSecret: enrolled.deviceSecret,
        schoolId: enrolled.schoolId,
      });
    },
  );
  return Promise.resolve();
};
