import type { AllergyMatch } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { opt, type WorkstationContext } from '../context';
import { drugIdentity, matchAllergy, type DrugIdentity } from '../../../src-shared/drug-interactions';

/**
 * The allergy check before a dose: the student's recorded allergies (DRUG and OTHER) against the drug and its
 * classes. This module reads the rows; the rules are the drug-interactions feature's (src-shared/drug-interactions).
 */

interface MedicationInfo {
  id: string;
  name: string;
  generic_name: string | null;
  drug_class: string | null;
  rxnorm_code: string | null;
  is_otc: number;
  is_active: number;
  route: string | null;
  strength: string | null;
}

export interface DrugProfile extends DrugIdentity {
  readonly medication: MedicationInfo;
}

export function requireMedication(
  ctx: WorkstationContext,
  medicationId: string,
  field: string,
): MedicationInfo {
  const m = ctx
    .stmt(
      `SELECT id, name, generic_name, drug_class, rxnorm_code, is_otc, is_active, route, strength FROM medications
       WHERE id = ? AND deleted_at IS NULL`,
    )
    .get(medicationId) as MedicationInfo | undefined;
  if (!m) throw new IpcError('NOT_FOUND', `no medication ${medicationId} in the formulary`, field);
  return m;
}

export function drugProfile(ctx: WorkstationContext, m: MedicationInfo): DrugProfile {
  const cat = (
    m.rxnorm_code
      ? ctx
          .stmt(
            `SELECT id, drug_name, generic_name, brand_names, drug_class, indications FROM drug_catalog
             WHERE rxnorm_code = ? AND deleted_at IS NULL`,
          )
          .get(m.rxnorm_code)
      : undefined
  ) as
    | {
        id: string;
        drug_name: string;
        generic_name: string | null;
        brand_names: string | null;
        drug_class: string | null;
        indications: string | null;
      }
    | undefined;
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
  const allergies = ctx
    .stmt(
      `SELECT id, allergen, allergen_type, severity, reaction FROM allergies
       WHERE student_id = ? AND deleted_at IS NULL AND allergen_type IN ('DRUG', 'OTHER')`,
    )
    .all(studentId) as {
    id: string;
    allergen: string;
    allergen_type: string;
    severity: AllergyMatch['severity'];
    reaction: string | null;
  }[];
  if (allergies.length === 0) return [];
  const xrefs = ctx
    .stmt(
      `SELECT allergy_id, drug_id, drug_class, cross_reactive_drugs FROM student_drug_allergies_xref
       WHERE student_id = ? AND deleted_at IS NULL`,
    )
    .all(studentId) as {
    allergy_id: string;
    drug_id: string | null;
    drug_class: string | null;
    cross_reactive_drugs: string | null;
  }[];
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
