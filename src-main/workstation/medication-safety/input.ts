import type {
  AllergyInput,
  DrugRef,
  OtherMedication,
  SafetyCheckInput,
  SafetyIndex,
} from '../../../src-shared/medication-safety';
import { normalizeText } from '../../../src-shared/medication-safety';
import { localDate, timeIn } from '../../../src-shared/time';
import { query, type WorkstationContext } from '../context';

/**
 * What the check reads about one student before a dose: the drug about to be given, the student's DRUG and OTHER
 * allergies, the school's active orders in effect today, the medications taken at home (orders with
 * administration_location HOME), and the doses GIVEN in the last 24 hours (not voided). A formulary medication
 * maps to the catalog by its RxNorm code (catalogId), else by its generic name or name as written; the rules then
 * match that text exactly or call it unknown.
 */

export const LAST_DOSES_MS = 24 * 60 * 60_000;

/** A formulary medication as the check names it. */
export interface FormularyDrug {
  readonly id: string;
  readonly name: string;
  readonly generic_name: string | null;
  readonly rxnorm_code: string | null;
}

/**
 * The catalog entry of a formulary medication: by its RxNorm code in the loaded index (an ambiguous code — a
 * shipped and a local entry both claiming it and none winning — is not a match), else the text the rules look up.
 */
export function drugRefOf(index: SafetyIndex, m: FormularyDrug): DrugRef {
  const text = m.generic_name?.trim() || m.name;
  if (!m.rxnorm_code) return { text };
  const cat = index.byRxnorm.get(normalizeText(m.rxnorm_code));
  return cat ? { catalogId: cat.id, text } : { text };
}

export interface SafetyInputOptions {
  /** the order the dose is given under: not compared with itself */
  readonly excludeStudentMedicationId?: string | undefined;
  /** medications given with it and not saved yet (the earlier lines of the same visit) */
  readonly alsoGiven?: readonly FormularyDrug[];
}

export function safetyInputFor(
  ctx: WorkstationContext,
  index: SafetyIndex,
  studentId: string,
  medication: FormularyDrug,
  options: SafetyInputOptions = {},
): SafetyCheckInput {
  const refs = new Map<string, DrugRef>();
  const refOf = (m: FormularyDrug): DrugRef => {
    let r = refs.get(m.id);
    if (!r) {
      r = drugRefOf(index, m);
      refs.set(m.id, r);
    }
    return r;
  };
  const allergies: AllergyInput[] = ctx
    .all(
      query
        .selectFrom('allergies')
        .select(['id', 'allergen', 'severity'])
        .where('student_id', '=', studentId)
        .where('deleted_at', 'is', null)
        .where('allergen_type', 'in', ['DRUG', 'OTHER']),
    )
    .map((a) => ({ id: a.id, allergen: a.allergen, reactionSeverity: a.severity }));

  const today = localDate(ctx.now(), ctx.timeZone());
  const others: OtherMedication[] = [];
  const orders = ctx.all(
    query
      .selectFrom('student_medications as sm')
      .innerJoin('medications as m', 'm.id', 'sm.medication_id')
      .select([
        'sm.id',
        'sm.dose',
        'sm.administration_location',
        'm.id as medication_id',
        'm.name',
        'm.generic_name',
        'm.rxnorm_code',
      ])
      .where('sm.student_id', '=', studentId)
      .where('sm.deleted_at', 'is', null)
      .where('sm.order_status', '=', 'ACTIVE')
      .where('sm.start_date', '<=', today)
      .where((eb) => eb.or([eb('sm.end_date', 'is', null), eb('sm.end_date', '>=', today)])),
  );
  for (const o of orders) {
    if (o.id === options.excludeStudentMedicationId) continue;
    const home = o.administration_location === 'HOME';
    others.push({
      drug: refOf({
        id: o.medication_id,
        name: o.name,
        generic_name: o.generic_name,
        rxnorm_code: o.rxnorm_code,
      }),
      kind: home ? 'HOME_MEDICATION' : 'ACTIVE_ORDER',
      label: `${o.name} ${o.dose} (${home ? 'home medication' : 'school order'})`,
      sourceId: o.id,
    });
  }

  const since = new Date(ctx.now() - LAST_DOSES_MS).toISOString();
  const tz = ctx.timeZone();
  const given = ctx.all(
    query
      .selectFrom('medication_administrations as a')
      .innerJoin('medications as m', 'm.id', 'a.medication_id')
      .select([
        'a.id',
        'a.administered_at',
        'm.id as medication_id',
        'm.name',
        'm.generic_name',
        'm.rxnorm_code',
      ])
      .where('a.student_id', '=', studentId)
      .where('a.deleted_at', 'is', null)
      .where('a.voided_at', 'is', null)
      .where('a.administration_status', '=', 'GIVEN')
      .where('a.administered_at', '>=', since)
      .orderBy('a.administered_at', 'desc')
      .$narrowType<{ administered_at: string }>(),
  );
  for (const g of given)
    others.push({
      drug: refOf({
        id: g.medication_id,
        name: g.name,
        generic_name: g.generic_name,
        rxnorm_code: g.rxnorm_code,
      }),
      kind: 'GIVEN_LAST_24H',
      label: `${g.name} (given ${timeIn(Date.parse(g.administered_at), tz)})`,
      sourceId: g.id,
    });

  for (const m of options.alsoGiven ?? [])
    others.push({ drug: refOf(m), kind: 'GIVEN_LAST_24H', label: `${m.name} (given in this visit)` });

  return { drug: refOf(medication), others, allergies };
}
