import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import {
  catalogQuery,
  catalogResponse,
  drugClassesResponse,
  formularyEntryRequest,
  formularyEntryView,
  referenceVersionResponse,
} from '../../src-shared/api/medication-safety';
import type { DrugCatalogTable } from '../../src-shared/db/server-schema.generated';
import { authOf, requireRole } from '../auth/plugin';
import { appendAudit, auditEntry } from '../audit';
import type { ServerDb } from '../db/connect';
import type { Clock } from '../plugins/clock';
import { errorResponses, HttpError } from '../plugins/errors';
import { loadedVersion } from './load';
import { catalogName } from './rows';

export interface MedicationSafetyRoutesOptions {
  readonly db: ServerDb;
  readonly clock: Clock;
}

const SECURITY = [{ bearer: [] }];

/** A refusal naming its field, as a request's own validation names it. */
const fieldError = (field: string, message: string) =>
  new HttpError(400, 'BAD_REQUEST', `invalid body: body.${field}: ${message}`, {
    issues: [{ path: `body.${field}`, message }],
  });

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** A drug_catalog row as the API shows it. */
function entryView(row: Selectable<DrugCatalogTable>): z.infer<typeof formularyEntryView> {
  return {
    id: row.id,
    drugName: row.drug_name,
    genericName: row.generic_name ?? row.drug_name,
    brandNames: list(row.brand_names),
    rxnorm: row.rxnorm_code,
    drugClass: row.drug_class,
    classes: list(row.class_codes),
    forms: list(row.dosage_forms),
    strengths: list(row.strengths),
    routes: list(row.administration_routes),
    schedule: row.controlled_substance_schedule,
    otc: row.is_otc,
    origin: row.origin,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * /medication-safety/...: the loaded reference version and the catalog with its classes (every signed-in district
 * user: reference data, no student's), and a district's own
 * formulary entry (DISTRICT_ADMIN): a LOCAL drug_catalog row, written as the owner (drug_catalog is district
 * reference data, no row-level security), captured for sync like the shipped rows, audited.
 */
export const medicationSafetyRoutes: FastifyPluginAsyncZod<MedicationSafetyRoutesOptions> = (
  app,
  { db, clock },
) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/version',
    {
      schema: {
        tags: ['medication-safety'],
        summary: 'The medication-safety reference dataset loaded now (its newest load)',
        security: SECURITY,
        response: { 200: referenceVersionResponse, ...errorResponses(401) },
      },
    },
    async () => {
      const v = await loadedVersion(db);
      if (!v) return { loaded: null };
      const counts = (v.counts ?? {}) as Record<string, number>;
      return {
        loaded: {
          dataset: v.dataset,
          version: v.version,
          published: v.published,
          checksum: v.checksum,
          counts,
          loadedAt: v.loadedAt.toISOString(),
          loadedBy: v.loadedBy,
        },
      };
    },
  );

  app.post(
    '/formulary',
    {
      preHandler: requireRole('DISTRICT_ADMIN'),
      schema: {
        tags: ['medication-safety'],
        summary:
          "Add a district's own drug to the catalog (LOCAL), checked against every workstation's rules",
        security: SECURITY,
        body: formularyEntryRequest,
        response: { 201: formularyEntryView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      authOf(request);
      const now = clock.now();
      const id = uuidv7({ msecs: now.getTime() });
      const row = await db.transaction().execute(async (trx) => {
        const known = new Set(
          (
            await trx
              .selectFrom('drug_classes')
              .select('code')
              .where('code', 'in', b.classes)
              .where('deleted_at', 'is', null)
              .execute()
          ).map((c) => c.code),
        );
        const unknown = b.classes.findIndex((c) => !known.has(c));
        if (unknown >= 0) throw fieldError(`classes.${unknown}`, `no drug class ${b.classes[unknown]}`);
        const dup = new Set<string>();
        for (const [i, c] of b.classes.entries()) {
          if (dup.has(c)) throw fieldError(`classes.${i}`, `${c} is listed twice`);
          dup.add(c);
        }
        if (b.rxnorm !== undefined) {
          const taken = await trx
            .selectFrom('drug_catalog')
            .select(['drug_name', 'deleted_at'])
            .where('rxnorm_code', '=', b.rxnorm)
            .executeTakeFirst();
          if (taken)
            throw fieldError(
              'rxnorm',
              `RxNorm ${b.rxnorm} is already in the catalog (${taken.drug_name}${taken.deleted_at ? ', retired' : ''})`,
            );
        }
        const inserted = await trx
          .insertInto('drug_catalog')
          .values({
            id,
            drug_name: catalogName(b.genericName),
            generic_name: b.genericName,
            brand_names: JSON.stringify(b.brandNames),
            rxnorm_code: b.rxnorm ?? null,
            drug_class: b.drugClass,
            controlled_substance_schedule: b.schedule ?? null,
            dosage_forms: JSON.stringify(b.forms),
            strengths: JSON.stringify(b.strengths),
            administration_routes: JSON.stringify(b.routes),
            class_codes: JSON.stringify(b.classes),
            is_otc: b.otc,
            is_active: true,
            origin: 'LOCAL',
            dataset_key: null,
            last_updated: now,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(
          trx,
          auditEntry(request, now, {
            action: 'CREATE',
            tableName: 'drug_catalog',
            recordId: id,
            details: { event: 'formulary_local_entry', rxnorm: b.rxnorm ?? null, classes: b.classes.length },
          }),
        );
        return inserted;
      });
      return reply.code(201).send(entryView(row));
    },
  );

  app.get(
    '/catalog',
    {
      schema: {
        tags: ['medication-safety'],
        summary: 'The drug catalog every workstation checks against (shipped and local), searched and paged',
        security: SECURITY,
        querystring: catalogQuery,
        response: { 200: catalogResponse, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { q, origin, limit, offset } = request.query;
      const base = db
        .selectFrom('drug_catalog')
        .where('deleted_at', 'is', null)
        .$if(origin !== undefined, (b) => b.where('origin', '=', origin!))
        .$if(q !== undefined && q !== '', (b) => {
          const like = `%${q!.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          return b.where((eb) =>
            eb.or([
              eb(sql<string>`lower(drug_name)`, 'like', like),
              eb(sql<string>`lower(coalesce(generic_name, ''))`, 'like', like),
              eb(sql<string>`lower(brand_names::text)`, 'like', like),
              eb('rxnorm_code', '=', q!),
            ]),
          );
        });
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy('drug_name').orderBy('id').limit(limit).offset(offset).execute(),
        base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(count.n), entries: rows.map(entryView) };
    },
  );

  app.get(
    '/classes',
    {
      schema: {
        tags: ['medication-safety'],
        summary: 'The drug classes a catalog entry may name',
        security: SECURITY,
        response: { 200: drugClassesResponse, ...errorResponses(401) },
      },
    },
    async () => ({
      classes: await db
        .selectFrom('drug_classes')
        .select(['code', 'name', 'kind'])
        .where('deleted_at', 'is', null)
        .orderBy('code')
        .execute(),
    }),
  );
  return Promise.resolve();
};
