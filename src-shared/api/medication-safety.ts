import { z } from 'zod';
import { DrugClass } from '../enums';
import { DRUG_ROUTES } from '../medication-safety';

/**
 * The HTTP contract of the medication-safety reference on the district server (server-sync/medication-safety/
 * routes.ts, feature 48): which dataset version is loaded (any signed-in district user) and a district's own
 * formulary entry (DISTRICT_ADMIN): a LOCAL drug_catalog row beside the shipped catalog, synced to every
 * workstation and never retired by a dataset load.
 */

export const referenceVersionView = z.object({
  dataset: z.string(),
  version: z.string(),
  published: z.string(),
  checksum: z.string(),
  counts: z.record(z.string(), z.number()),
  loadedAt: z.string(),
  loadedBy: z.string().nullable(),
});
export const referenceVersionResponse = z.object({ loaded: referenceVersionView.nullable() });

const text = (max: number) => z.string().trim().min(1, 'required').max(max);
const classCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an upper-case class code (e.g. "PENICILLINS")');

export const formularyEntryRequest = z
  .object({
    /** lower or mixed case; stored as written (drug_name is it capitalized) */
    genericName: text(200),
    brandNames: z.array(text(200)).max(50).default([]),
    /** the RxNorm ingredient RxCUI; none for a product RxNorm does not know */
    rxnorm: z
      .string()
      .regex(/^\d{1,8}$/, 'an RxCUI: digits')
      .optional(),
    /** the coarse class of drug_catalog.drug_class */
    drugClass: z.enum(DrugClass).default('OTHER'),
    /** class codes of drug_classes (the checks' classes: PENICILLINS, NSAIDS, SEROTONERGIC...) */
    classes: z.array(classCode).min(1, 'choose at least one class').max(20),
    forms: z.array(text(100)).min(1, 'enter at least one form').max(30),
    strengths: z.array(text(100)).min(1, 'enter at least one strength').max(60),
    routes: z.array(z.enum(DRUG_ROUTES)).min(1, 'choose at least one route'),
    schedule: z.enum(['II', 'III', 'IV', 'V']).optional(),
    otc: z.boolean(),
  })
  .strict();
export type FormularyEntryRequest = z.infer<typeof formularyEntryRequest>;

export const formularyEntryView = z.object({
  id: z.string(),
  drugName: z.string(),
  genericName: z.string(),
  brandNames: z.array(z.string()),
  rxnorm: z.string().nullable(),
  drugClass: z.string().nullable(),
  classes: z.array(z.string()),
  forms: z.array(z.string()),
  strengths: z.array(z.string()),
  routes: z.array(z.string()),
  schedule: z.string().nullable(),
  otc: z.boolean(),
  origin: z.enum(['SHIPPED', 'LOCAL']),
  createdAt: z.string(),
});

/** GET /medication-safety/catalog: the catalog a workstation checks against, searched and paged (console). */
export const catalogQuery = z
  .object({
    /** part of the generic or a brand name, or an RxNorm code */
    q: z.string().trim().max(100).optional(),
    origin: z.enum(['SHIPPED', 'LOCAL']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export const catalogResponse = z.object({ total: z.number().int(), entries: z.array(formularyEntryView) });

/** GET /medication-safety/classes: the drug classes an entry may name (the form's choices). */
export const drugClassesResponse = z.object({
  classes: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string() })),
});
