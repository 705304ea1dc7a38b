import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import {
  CONSOLE_ROLES,
  districtActivityQuery,
  districtActivityResponse,
  type SchoolActivity,
} from '../../src-shared/api/console';
import { localDate, localDayRange } from '../../src-shared/time';
import { authOf, requireRole } from '../auth/plugin';
import { auditEntry, appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { scopeOf, withTenant } from '../db/tenant';
import type { Clock } from '../plugins/clock';
import { errorResponses } from '../plugins/errors';

const FALLBACK_TIME_ZONE = 'America/New_York';

/**
 * GET /district/activity: the clinic's day per school of the caller (counts only, no student): visits that arrived
 * on the date in the school's own time zone, emergencies, students sent home, visits still open, medication doses
 * given. Read under row-level security, and audited (aggregate health data).
 */
export const districtActivityRoutes: FastifyPluginAsyncZod<{ db: ServerDb; clock: Clock }> = (
  app,
  { db, clock },
) => {
  app.get(
    '/activity',
    {
      onRequest: app.authenticate,
      preHandler: requireRole(...CONSOLE_ROLES),
      schema: {
        tags: ['console'],
        summary: "Today's (or a date's) clinic activity per school, in each school's time zone",
        security: [{ bearer: [] }],
        querystring: districtActivityQuery,
        response: { 200: districtActivityResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const now = clock.now();
      const district = await db
        .selectFrom('districts')
        .select('timezone')
        .where('id', '=', auth.districtId)
        .executeTakeFirst();
      const districtZone = district?.timezone || FALLBACK_TIME_ZONE;
      const date = request.query.date ?? localDate(now.getTime(), districtZone);
      const schools = auth.schoolIds.length
        ? await db
            .selectFrom('schools')
            .select(['id', 'name', 'timezone'])
            .where('id', 'in', [...auth.schoolIds])
            .where('is_active', '=', true)
            .orderBy('name')
            .execute()
        : [];
      const rows = await withTenant(db, scopeOf(auth), async (trx) => {
        const out: SchoolActivity[] = [];
        for (const s of schools) {
          const timeZone = s.timezone || districtZone;
          const { from, to } = localDayRange(date, timeZone);
          const v = await sql<{ visits: number; emergencies: number; sent_home: number; open: number }>`
            SELECT count(*)::int AS visits,
                   count(*) FILTER (WHERE severity_triage = 'EMERGENCY')::int AS emergencies,
                   count(*) FILTER (WHERE sent_home)::int AS sent_home,
                   count(*) FILTER (WHERE departure_time IS NULL)::int AS open
            FROM clinic_visits
            WHERE school_id = ${s.id} AND deleted_at IS NULL
              AND arrival_time >= ${from}::timestamptz AND arrival_time < ${to}::timestamptz`.execute(trx);
          const m = await sql<{ given: number }>`
            SELECT count(*)::int AS given FROM medication_administrations
            WHERE school_id = ${s.id} AND deleted_at IS NULL AND administration_status = 'GIVEN'
              AND administered_at >= ${from}::timestamptz AND administered_at < ${to}::timestamptz`.execute(
            trx,
          );
          const c = v.rows[0];
          out.push({
            schoolId: s.id,
            schoolName: s.name,
            timeZone,
            visits: c?.visits ?? 0,
            emergencies: c?.emergencies ?? 0,
            sentHome: c?.sent_home ?? 0,
            open: c?.open ?? 0,
            medicationsGiven: m.rows[0]?.given ?? 0,
          });
        }
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'READ',
            tableName: 'clinic_visits',
            details: { event: 'district_activity', date, schools: out.length },
          }),
        );
        return out;
      });
      return { date, schools: rows };
    },
  );
  return Promise.resolve();
};
