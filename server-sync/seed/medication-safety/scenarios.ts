import { sql } from 'kysely';
import type { MedicationSafetyDataset } from '../../../src-shared/medication-safety';
import {
  addMinutes,
  insertMany,
  json,
  newId,
  sectionFaker,
  stamps,
  type CatalogIds,
  type NewRow,
  type SeedContext,
} from '../helpers';

/**
 * Demo students whose medications make every kind of medication-safety warning appear when a nurse gives their
 * school medication on the workstation (README, "Demo"). Eight ACTIVE students of the first school (by name) who
 * have no allergy and no medication order are chosen in id order; each gets the order below (given at school),
 * and the home medication or allergy that makes it warn. Home medications the formulary lacks (phenelzine,
 * warfarin) join `medications`, linked to the catalog by RxNorm code, and so does a saline nasal spray the catalog
 * does not have. Each planted allergy gets its student_drug_allergies_xref link (the drug and/or class it is to),
 * which the check reads with the allergy's text. The NSAID student's warning was overridden
 * once yesterday (a dose given with the nurse's reason and the physician's approval): medication_safety_overrides.
 * Its own random stream ('medication-safety'): the rest of the seed is unchanged by it.
 */

/** The scenarios' medication the drug catalog does not have (the check says it cannot check it). */
const OFF_CATALOG_KEY = 'saline-nasal';
const OFF_CATALOG_PRODUCT = {
  name: 'Sodium Chloride 0.65% Nasal Spray',
  generic_name: 'sodium chloride',
  strength: '0.65%',
  dosage_form: 'Nasal Spray',
  route: 'NASAL',
  drug_class: 'OTHER',
  is_otc: true,
} as const;

export interface SafetyScenario {
  /** the warning the school medication raises */
  readonly warning: string;
  /** formulary key of the order given at school */
  readonly school: string;
  /** formulary key (or home-only drug key) of a medication taken at home */
  readonly home?: string;
  readonly allergy?: {
    readonly allergen: string;
    readonly severity: 'MODERATE' | 'SEVERE';
    readonly reaction: string;
    /** its student_drug_allergies_xref link: a drug key of the dataset and/or a class code */
    readonly link: { readonly drug?: string; readonly drugClass?: string };
  };
}

export const SAFETY_SCENARIOS: readonly SafetyScenario[] = [
  {
    warning: 'drug-drug pair (CONTRAINDICATED): methylphenidate at school, phenelzine at home',
    school: 'mph-10',
    home: 'phenelzine',
  },
  {
    warning: 'class rule (MAJOR): an NSAID with an anticoagulant (warfarin at home)',
    school: 'ibu-200',
    home: 'warfarin',
  },
  {
    warning: 'duplicate therapy: acetaminophen at home and in stock',
    school: 'apap-325',
    home: 'apap-160-susp',
  },
  {
    warning: 'allergy to the drug itself: amoxicillin',
    school: 'amox-500',
    allergy: {
      allergen: 'Amoxicillin',
      severity: 'MODERATE',
      reaction: 'Hives over the trunk after the third dose.',
      link: { drug: 'amoxicillin', drugClass: 'PENICILLINS' },
    },
  },
  {
    warning: 'allergy to its class: penicillin allergy, amoxicillin order',
    school: 'amox-400-susp',
    allergy: {
      allergen: 'Penicillin',
      severity: 'SEVERE',
      reaction: 'Facial swelling and wheezing at age 4.',
      link: { drug: 'penicillin-v', drugClass: 'PENICILLINS' },
    },
  },
  {
    warning: 'cross-reactive class: penicillin allergy, cephalexin order',
    school: 'cephalexin-250-susp',
    allergy: {
      allergen: 'Penicillin',
      severity: 'MODERATE',
      reaction: 'Diffuse rash.',
      link: { drug: 'penicillin-v', drugClass: 'PENICILLINS' },
    },
  },
  {
    warning:
      'an allergy known by its catalog link only: the text names no drug, the link names the cephalosporins; cephalexin order',
    school: 'cephalexin-250-susp',
    allergy: {
      allergen: 'Hives at age 3 (details in the previous school records)',
      severity: 'MODERATE',
      reaction:
        'Hives after an antibiotic course; the previous school recorded it as a cephalosporin allergy.',
      link: { drugClass: 'CEPHALOSPORINS' },
    },
  },
  { warning: 'a medication the catalog does not have: saline nasal spray', school: OFF_CATALOG_KEY },
];

/** Home-only medications: drug key in the dataset -> the product's name, strength and form. */
const HOME_ONLY: Readonly<Record<string, { name: string; strength: string; form: string }>> = {
  phenelzine: { name: 'Phenelzine 15 MG Oral Tablet [Nardil]', strength: '15 mg', form: 'Oral Tablet' },
  warfarin: { name: 'Warfarin Sodium 5 MG Oral Tablet', strength: '5 mg', form: 'Oral Tablet' },
};
const HOME_COUNT = Object.keys(HOME_ONLY).length;

export async function seedSafetyScenarios(
  ctx: SeedContext,
  catalogs: CatalogIds,
  dataset: MedicationSafetyDataset,
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'medication-safety');
  const at = addMinutes(ctx.options.asOf, -3 * 24 * 60);
  const school = await ctx.db
    .selectFrom('schools')
    .select('id')
    .orderBy('name')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  // students without allergies or orders first (their warnings are then only the planted ones), in id order
  const busy = sql<boolean>`EXISTS (SELECT 1 FROM allergies a WHERE a.student_id = s.id)
    OR EXISTS (SELECT 1 FROM student_medications m WHERE m.student_id = s.id)`;
  const students = await ctx.db
    .selectFrom('students as s')
    .select('s.id')
    .where('s.school_id', '=', school.id)
    .where('s.enrollment_status', '=', 'ACTIVE')
    .orderBy(busy)
    .orderBy('s.id')
    .limit(SAFETY_SCENARIOS.length)
    .execute();
  const nurse = await ctx.db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.role', '=', 'NURSE')
    .orderBy(
      sql`NOT EXISTS (SELECT 1 FROM user_schools us WHERE us.user_id = u.id AND us.school_id = ${school.id})`,
    )
    .orderBy('u.id')
    .executeTakeFirst();
  // a small demo district plants the scenarios it has students for, in order (the first two always: the pair and the
  // overridden NSAID dose); a tiny one plants none
  if (students.length < 2 || !nurse) return;
  const scenarios = SAFETY_SCENARIOS.slice(0, students.length);

  const medications = new Map(catalogs.medications);
  const drugs = new Map(dataset.drugs.map((d) => [d.key, d]));
  const homeRows: NewRow<'medications'>[] = Object.entries(HOME_ONLY).map(([key, p], i) => {
    const d = drugs.get(key);
    if (!d) throw new Error(`home medication ${key} is not in the medication-safety dataset`);
    const id = newId(f, addMinutes(at, i));
    medications.set(key, id);
    return {
      id,
      name: p.name,
      generic_name: d.genericName,
      strength: p.strength,
      dosage_form: p.form,
      route: 'PO',
      rxnorm_code: d.rxnorm,
      drug_class: d.drugClass,
      is_controlled: d.schedule !== undefined,
      controlled_schedule: d.schedule ?? null,
      is_otc: d.otc,
      is_active: true,
      ...stamps(at),
    };
  });
  const offCatalog = newId(f, addMinutes(at, HOME_COUNT));
  medications.set(OFF_CATALOG_KEY, offCatalog);
  homeRows.push({
    id: offCatalog,
    ...OFF_CATALOG_PRODUCT,
    rxnorm_code: null,
    is_controlled: false,
    controlled_schedule: null,
    is_active: true,
    ...stamps(at),
  });
  await insertMany(ctx.db, 'medications', homeRows, ctx.progress);

  const med = (key: string): string => {
    const id = medications.get(key);
    if (!id) throw new Error(`safety scenario names medication ${key}, missing from the formulary`);
    return id;
  };
  const end = ctx.years.at(-1)!.end;
  const orders: NewRow<'student_medications'>[] = [];
  const allergies: NewRow<'allergies'>[] = [];
  const xref: NewRow<'student_drug_allergies_xref'>[] = [];
  const order = (
    student: string,
    key: string,
    location: 'SCHOOL' | 'HOME',
    t: Date,
  ): NewRow<'student_medications'> => ({
    id: newId(f, t),
    student_id: student,
    medication_id: med(key),
    dose: location === 'HOME' ? 'as prescribed' : '1 tablet',
    route: 'PO',
    frequency: location === 'HOME' ? 'daily at home' : 'once daily at noon',
    schedule_times: json(location === 'HOME' ? [] : ['12:00']),
    is_prn: false,
    start_date: ctx.today,
    end_date: end >= ctx.today ? end : ctx.today,
    prescriber_name: 'Dana Whitfield, MD',
    prescriber_npi: '1234567893',
    parent_consent_on_file: true,
    order_status: 'ACTIVE',
    notes: location === 'HOME' ? 'Taken at home; on record for the medication-safety check.' : null,
    school_id: school.id,
    administration_location: location,
    ...stamps(t),
  });
  scenarios.forEach((s, i) => {
    const student = students[i]!.id;
    const t = addMinutes(at, 10 + i * 5);
    if (s.home) orders.push(order(student, s.home, 'HOME', t));
    orders.push(order(student, s.school, 'SCHOOL', addMinutes(t, 1)));
    if (s.allergy)
      allergies.push({
        id: newId(f, addMinutes(t, 2)),
        student_id: student,
        allergen: s.allergy.allergen,
        allergen_type: 'DRUG',
        severity: s.allergy.severity,
        reaction: s.allergy.reaction,
        onset_date: null,
        epinephrine_required: false,
        verified: true,
        verified_by: nurse.id,
        verified_at: addMinutes(t, 2),
        notes: null,
        school_id: school.id,
        ...stamps(addMinutes(t, 2)),
      });
    if (s.allergy) {
      const { drug, drugClass } = s.allergy.link;
      const drugId = drug === undefined ? null : catalogs.drugs.get(drug);
      if (drugId === undefined)
        throw new Error(`safety scenario links drug ${drug}, missing from the catalog`);
      xref.push({
        id: newId(f, addMinutes(t, 3)),
        student_id: student,
        allergy_id: allergies.at(-1)!.id,
        drug_id: drugId,
        drug_class: drugClass ?? null,
        cross_reactive_drugs: json([]),
        verified_by: nurse.id,
        verification_date: addMinutes(t, 3),
        school_id: school.id,
        ...stamps(addMinutes(t, 3)),
      });
    }
  });
  await insertMany(ctx.db, 'allergies', allergies, ctx.progress);
  await insertMany(ctx.db, 'student_drug_allergies_xref', xref, ctx.progress);
  await insertMany(ctx.db, 'student_medications', orders, ctx.progress);

  // the NSAID student: yesterday's noon dose given despite the class-rule warning
  const nsaid = scenarios.findIndex((s) => s.school === 'ibu-200');
  const student = students[nsaid]!.id;
  const given = addMinutes(ctx.options.asOf, -24 * 60 + 5);
  const schoolOrder = orders.find((o) => o.student_id === student && o.administration_location === 'SCHOOL')!;
  const adminId = newId(f, given);
  await insertMany(
    ctx.db,
    'medication_administrations',
    [
      {
        id: adminId,
        student_id: student,
        student_medication_id: schoolOrder.id,
        medication_id: med('ibu-200'),
        scheduled_for: given,
        administered_at: given,
        administration_status: 'GIVEN',
        dose_given: '200 mg',
        route: 'PO',
        administered_by: nurse.id,
        notes: 'Given after the medication-safety warning was overridden (physician approved).',
        school_id: school.id,
        ...stamps(given),
      },
    ],
    ctx.progress,
  );
  const ibuprofen = referenceIdOfDrug(catalogs, 'ibuprofen');
  await insertMany(
    ctx.db,
    'medication_safety_overrides',
    [
      {
        id: newId(f, given),
        student_id: student,
        school_id: school.id,
        medication_id: med('ibu-200'),
        drug_catalog_id: ibuprofen,
        medication_administration_id: adminId,
        clinic_visit_id: null,
        highest_severity: 'MAJOR',
        findings: json([
          {
            kind: 'CLASS_RULE',
            severity: 'MAJOR',
            drugs: ['Ibuprofen', 'Warfarin'],
            classes: ['NSAIDS', 'ANTICOAGULANTS'],
          },
        ]),
        reason: 'Menstrual cramps; one dose only. Prescriber called and approved a single 200 mg dose.',
        physician_name: 'Dana Whitfield, MD',
        physician_approved_at: addMinutes(given, -10),
        overridden_by: nurse.id,
        overridden_at: given,
        reference_version: dataset.manifest.version,
        ...stamps(given),
      },
    ],
    ctx.progress,
  );
}

const referenceIdOfDrug = (catalogs: CatalogIds, key: string): string | null =>
  catalogs.drugs.get(key) ?? null;
