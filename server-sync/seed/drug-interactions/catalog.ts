import type { Faker } from '@faker-js/faker';
import {
  addMinutes,
  insertMany,
  isoDate,
  json,
  newId,
  stamps,
  type NewRow,
  type SeedContext,
} from '../helpers';
import { DRUGS } from './drugs';
import { INTERACTIONS, SEVERITY_LEVELS } from './interactions';

/**
 * The drug-interaction reference data pulled to the workstations: drug_catalog, drug_interactions (reviewed by
 * the district's pharmacists 45 days before go-live) and interaction_severity_levels. `f` is the catalog step's
 * random stream (catalog.ts). Returns drug key -> drug_catalog.id.
 */
export async function seedDrugCatalog(
  ctx: SeedContext,
  f: Faker,
  at: Date,
): Promise<ReadonlyMap<string, string>> {
  const reviewed = isoDate(addMinutes(ctx.setupAt, -60 * 24 * 45));
  // drug_catalog
  const drugs = new Map<string, string>();
  const drugRows = DRUGS.map((dr, i): NewRow<'drug_catalog'> => {
    const id = newId(f, addMinutes(at, i / 100));
    drugs.set(dr.key, id);
    const ndc = [0, 1].map(
      () =>
        `${dr.labeler}-${f.string.numeric({ length: 4, allowLeadingZeros: true })}-${f.string.numeric({ length: 2, allowLeadingZeros: true })}`,
    );
    return {
      id,
      drug_name: dr.name,
      generic_name: dr.name.toLowerCase(),
      brand_names: json(dr.brands),
      rxnorm_code: dr.rxnorm,
      ndc_codes: json(ndc),
      drug_class: dr.cls,
      controlled_substance_schedule: dr.schedule ?? null,
      fda_approval_status: 'APPROVED',
      dosage_forms: json(dr.forms),
      strengths: json(dr.strengths),
      administration_routes: json(dr.routes),
      indications: `${dr.indications} Class: ${dr.subclass}.`,
      contraindications: dr.contraindications,
      warnings: dr.warnings,
      side_effects: json(dr.sideEffects),
      pregnancy_category: dr.pregnancy,
      is_active: true,
      last_updated: at,
      data_source: i % 3 === 2 ? 'CLINICAL_PHARMACOLOGY' : 'FDA_DATABASE',
      ...stamps(at),
    };
  });
  await insertMany(ctx.db, 'drug_catalog', drugRows, ctx.progress);

  const pharmacists = [0, 1].map(() => `${f.person.firstName()} ${f.person.lastName()}, PharmD`);
  const interactionRows = INTERACTIONS.map((x, i): NewRow<'drug_interactions'> => {
    const a = drugs.get(x.a);
    const b = drugs.get(x.b);
    if (!a || !b) throw new Error(`interaction ${x.a} + ${x.b} names a drug missing from the catalog`);
    const [lo, hi] = a < b ? [a, b] : [b, a];
    return {
      id: newId(f, addMinutes(at, 1 + i / 100)),
      drug_a_id: lo,
      drug_b_id: hi,
      interaction_severity: x.severity,
      interaction_type: x.type,
      description: x.description,
      clinical_effects: x.effects,
      management_recommendations: x.management,
      evidence_level: x.evidence,
      onset: x.onset,
      documentation_quality: x.quality,
      last_reviewed_date: reviewed,
      reviewed_by: pharmacists[i % 2],
      ...stamps(at),
    };
  });
  await insertMany(ctx.db, 'drug_interactions', interactionRows, ctx.progress);

  await insertMany(
    ctx.db,
    'interaction_severity_levels',
    SEVERITY_LEVELS.map((l, i): NewRow<'interaction_severity_levels'> => ({
      id: newId(f, addMinutes(at, 2 + i / 100)),
      severity_code: l.code,
      severity_rank: l.rank,
      display_name: l.name,
      color_code: l.color,
      icon_name: l.icon,
      clinical_guidance: l.guidance,
      alert_threshold: l.alert,
      require_physician_approval: l.physician,
      prevent_prescribing: l.prevent,
      ...stamps(at),
    })),
    ctx.progress,
  );
  return drugs;
}
