import type { AllergyMatch } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { opt, query, type WorkstationContext } from '../context';
import { drugIdentity, matchAllergy, type DrugIdentity } from '../../../src-shared/drug-interactions';

/**
 * The allergy check before a dose: the student's recorded allergies (DRUG and OTHER) against the drug and its
 * classes. This module reads the rows; the rules are the drug-interactions feature's (src-shared/drug-interactions).
 */

/** A formulary medication as the checks before a dose read it. */
export type MedicationInfo = NonNullable<ReturnType<typeof readMedication>>;

function readMedication(ctx: WorkstationContext, medicationId: string) {
  return ctx.first(
    query
      .selectFrom('medications')
      .select([
        'id',
        'name',
        'generic_name',
        'drug_class',
        'rxnorm_code',
        'is_otc',
        'is_active',
        'route',
        'strength',
      ])
      .where('id', '=', medicationId)
      .where('deleted_at', 'is', null),
  );
}

export interface DrugProfile extends DrugIdentity {
  readonly medication: MedicationInfo;
}

export function requireMedication(
  ctx: WorkstationContext,
  medicationId: string,
  field: string,
): MedicationInfo {
  const m = readMedication(ctx, medicationId);
  if (!m) throw new IpcError('NOT_FOUND', `no medication ${medicationId} in the formulary`, field);
  return m;
}

export function drugProfile(ctx: WorkstationContext, m: MedicationInfo): DrugProfile {
  const cat = m.rxnorm_code
    ? ctx.first(
        query
          .selectFrom('drug_catalog')
          .select(['id', 'drug_name', 'generic_name', 'brand_names', 'drug_class', 'indications'])
          .where('rxnorm_code', '=', m.rxnorm_code)
          .where('deleted_at', 'is', null),
      )
    : undefined;
  const identity = drugIdentity({
    name: m.name,
    genericName: m.generic_name,
    drugClass: m.drug_class,
    catalog: cat
      ? {
          id: cat.id,
          drugName: cat.drug_name,
          genericName: cat.generic_name,
          brandNames: cat.brand_names,
          drugClass: cat.drug_class,
          indications: cat.indications,
        }
      : null,
  });
  return { ...identity, medication: m };
}

export function checkAllergies(
  ctx: WorkstationContext,
  studentId: string,
  drug: DrugProfile,
): AllergyMatch[] {
  const allergies = ctx.all(
    query
      .selectFrom('allergies')
      .select(['id', 'allergen', 'allergen_type', 'severity', 'reaction'])
      .where('student_id', '=', studentId)
      .where('deleted_at', 'is', null)
      .where('allergen_type', 'in', ['DRUG', 'OTHER']),
  );
  if (allergies.length === 0) return [];
  const xrefs = ctx.all(
    query
      .selectFrom('student_drug_allergies_xref')
      .select(['allergy_id', 'drug_id', 'drug_class', 'cross_reactive_drugs'])
      .where('student_id', '=', studentId)
      .where('deleted_at', 'is', null),
  );
  const out: AllergyMatch[] = [];
  for (const a of allergies) {
    const match = matchAllergy(
      {
        allergen: a.allergen,
        crossReferences: xrefs
          .filter((x) => x.allergy_id === a.id)
          .map((x) => ({
            drugId: x.drug_id,
            drugClass: x.drug_class,
            crossReactiveDrugs: x.cross_reactive_drugs,
          })),
      },
      drug,
    );
    if (match)
      out.push({
        allergyId: a.id,
        allergen: a.allergen,
        severity: a.severity,
        reaction: opt(a.reaction),
        ...match,
      });
  }
  return out;
}
