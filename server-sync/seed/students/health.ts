import { checkMedication, type SafetyIndex } from '../../../src-shared/medication-safety';
import type { Faker } from '@faker-js/faker';
import { chance, weighted } from '../helpers';

/** Chronic conditions the seed gives students, their prevalence and their ICD-10-CM codes. */

export type ConditionKey =
  | 'ASTHMA'
  | 'ADHD'
  | 'T1D'
  | 'SEIZURE'
  | 'FOOD_ALLERGY'
  | 'INSECT_ALLERGY'
  | 'MIGRAINE'
  | 'ANXIETY'
  | 'ECZEMA'
  | 'CELIAC';

export type Severity = 'MILD' | 'MODERATE' | 'SEVERE' | 'LIFE_THREATENING';

export interface ConditionRec {
  readonly key: ConditionKey;
  readonly name: string;
  readonly icd10: string;
  readonly severity: Severity;
  readonly actionPlan: string | null;
  readonly emergencyPlan: string | null;
}

/** Prevalence by age (years), so ADHD is rarer in kindergarten and migraine and anxiety grow with age. */
export function conditionPrevalence(
  key: Exclude<ConditionKey, 'FOOD_ALLERGY' | 'INSECT_ALLERGY'>,
  age: number,
  sex: 'F' | 'M',
): number {
  switch (key) {
    case 'ASTHMA':
      return 0.09;
    case 'ADHD':
      return (age < 6 ? 0.03 : 0.075) * (sex === 'M' ? 1.35 : 0.65);
    case 'T1D':
      return 0.003;
    case 'SEIZURE':
      return 0.01;
    case 'MIGRAINE':
      return age < 10 ? 0.01 : sex === 'F' ? 0.05 : 0.025;
    case 'ANXIETY':
      return age < 10 ? 0.01 : 0.045;
    case 'ECZEMA':
      return age < 10 ? 0.06 : 0.03;
    case 'CELIAC':
      return 0.005;
  }
}

export function makeCondition(
  f: Faker,
  key: Exclude<ConditionKey, 'FOOD_ALLERGY' | 'INSECT_ALLERGY'>,
): ConditionRec {
  switch (key) {
    case 'ASTHMA': {
      const [icd10, label, severity] = weighted<[string, string, Severity]>(f, [
        [['J45.20', 'Mild intermittent asthma, uncomplicated', 'MILD'], 40],
        [['J45.30', 'Mild persistent asthma, uncomplicated', 'MILD'], 30],
        [['J45.40', 'Moderate persistent asthma, uncomplicated', 'MODERATE'], 22],
        [['J45.50', 'Severe persistent asthma, uncomplicated', 'SEVERE'], 5],
        [['J45.990', 'Exercise induced bronchospasm', 'MILD'], 3],
      ]);
      return {
        key,
        name: label,
        icd10,
        severity,
        actionPlan:
          'Asthma Action Plan. GREEN: no symptoms, full activity; albuterol 2 puffs 15 minutes before PE if ordered. YELLOW (cough, wheeze, chest tightness): albuterol 2 puffs with spacer, may repeat in 20 minutes, notify parent. RED (hard to breathe, cannot talk, lips blue): albuterol 4-6 puffs, call 911, call parent.',
        emergencyPlan:
          'Call 911 if no improvement 15 minutes after rescue inhaler, struggling to breathe, or lips/fingernails blue.',
      };
    }
    case 'ADHD': {
      const [icd10, label] = weighted<[string, string]>(f, [
        [['F90.2', 'Attention-deficit hyperactivity disorder, combined type'], 50],
        [['F90.0', 'Attention-deficit hyperactivity disorder, predominantly inattentive type'], 35],
        [['F90.1', 'Attention-deficit hyperactivity disorder, predominantly hyperactive type'], 15],
      ]);
      return {
        key,
        name: label,
        icd10,
        severity: 'MILD',
        actionPlan:
          '504 plan on file: preferential seating, extended test time, movement breaks. Midday dose with lunch if ordered.',
        emergencyPlan: null,
      };
    }
    case 'T1D':
      return {
        key,
        name: 'Type 1 diabetes mellitus without complications',
        icd10: 'E10.9',
        severity: 'SEVERE',
        actionPlan:
          'Diabetes Medical Management Plan (DMMP): check blood glucose before lunch, before PE and with symptoms; lunch insulin per carbohydrate ratio plus correction; target 80-180 mg/dL. Low (<70 mg/dL): 15 g fast-acting glucose, recheck in 15 minutes.',
        emergencyPlan:
          'Unconscious, seizing or unable to swallow: glucagon, turn on side, call 911, call parent.',
      };
    case 'SEIZURE': {
      const [icd10, label] = weighted<[string, string]>(f, [
        [['G40.909', 'Epilepsy, unspecified, not intractable, without status epilepticus'], 55],
        [['G40.309', 'Generalized idiopathic epilepsy, not intractable, without status epilepticus'], 25],
        [['G40.A09', 'Absence epileptic syndrome, not intractable, without status epilepticus'], 20],
      ]);
      return {
        key,
        name: label,
        icd10,
        severity: 'SEVERE',
        actionPlan:
          'Seizure Action Plan: stay with the student, time the seizure, protect the head, turn on side, nothing in the mouth. Document duration and behavior.',
        emergencyPlan:
          'Seizure of 5 minutes or longer, or repeated seizures without recovery: give rescue medication as ordered, call 911, call parent.',
      };
    }
    case 'MIGRAINE':
      return {
        key,
        name: 'Migraine, unspecified, not intractable, without status migrainosus',
        icd10: 'G43.909',
        severity: 'MILD',
        actionPlan:
          'Rest in a dark quiet room 20 minutes, water, medication as ordered; send home if no improvement.',
        emergencyPlan: null,
      };
    case 'ANXIETY':
      return {
        key,
        name: 'Generalized anxiety disorder',
        icd10: 'F41.1',
        severity: 'MILD',
        actionPlan:
          'Calm-down space and breathing exercises; contact the school counselor; 10-minute clinic rest limit.',
        emergencyPlan: null,
      };
    case 'ECZEMA':
      return {
        key,
        name: 'Atopic dermatitis, unspecified',
        icd10: 'L20.9',
        severity: 'MILD',
        actionPlan:
          'Moisturizer as needed; avoid known irritants; parent to be told of open or infected skin.',
        emergencyPlan: null,
      };
    case 'CELIAC':
      return {
        key,
        name: 'Celiac disease',
        icd10: 'K90.0',
        severity: 'MODERATE',
        actionPlan: 'Strict gluten-free diet; cafeteria notified; no shared classroom snacks.',
        emergencyPlan: null,
      };
  }
}

export type AllergenType = 'DRUG' | 'FOOD' | 'ENVIRONMENTAL' | 'INSECT' | 'LATEX';

export interface AllergyDef {
  readonly allergen: string;
  readonly type: AllergenType;
  /**
   * drug_catalog key and class code (classes.json) of a DRUG allergy: its student_drug_allergies_xref link, which the
   * medication-safety check reads (the class the allergy is to, not a family above it: SULFONAMIDE_ANTIBIOTICS, not
   * SULFONAMIDES, which would also flag the non-antibiotic sulfonamides as the same class).
   */
  readonly drug?: string;
  readonly drugClass?: string;
  readonly crossReactive?: readonly string[];
  /** ICD-10-CM allergy status code for a food or insect allergy condition. */
  readonly statusCode?: string;
  readonly weight: number;
}

export const ALLERGENS: Readonly<Record<AllergenType, readonly AllergyDef[]>> = {
  FOOD: [
    { allergen: 'Peanut', type: 'FOOD', statusCode: 'Z91.010', weight: 35 },
    { allergen: 'Tree nuts (cashew, walnut, pecan)', type: 'FOOD', statusCode: 'Z91.018', weight: 15 },
    { allergen: 'Milk (cow\u2019s milk protein)', type: 'FOOD', statusCode: 'Z91.011', weight: 12 },
    { allergen: 'Egg', type: 'FOOD', statusCode: 'Z91.012', weight: 10 },
    { allergen: 'Shellfish (shrimp, crab)', type: 'FOOD', statusCode: 'Z91.013', weight: 10 },
    { allergen: 'Sesame', type: 'FOOD', statusCode: 'Z91.018', weight: 6 },
    { allergen: 'Wheat', type: 'FOOD', statusCode: 'Z91.018', weight: 4 },
    { allergen: 'Soy', type: 'FOOD', statusCode: 'Z91.018', weight: 4 },
    { allergen: 'Fish (finned)', type: 'FOOD', statusCode: 'Z91.013', weight: 4 },
  ],
  DRUG: [
    {
      allergen: 'Penicillin',
      type: 'DRUG',
      drug: 'penicillin-v',
      drugClass: 'PENICILLINS',
      crossReactive: [
        'Amoxicillin',
        'Amoxicillin / Clavulanate',
        'Penicillin V',
        'Cephalexin (use with caution: 1-2% cross-reactivity)',
      ],
      weight: 45,
    },
    {
      allergen: 'Amoxicillin',
      type: 'DRUG',
      drug: 'amoxicillin',
      drugClass: 'PENICILLINS',
      crossReactive: ['Amoxicillin / Clavulanate', 'Penicillin V', 'Cephalexin (use with caution)'],
      weight: 20,
    },
    {
      allergen: 'Sulfa drugs (sulfamethoxazole/trimethoprim)',
      type: 'DRUG',
      drug: 'sulfamethoxazole-trimethoprim',
      drugClass: 'SULFONAMIDE_ANTIBIOTICS',
      crossReactive: ['Sulfamethoxazole / Trimethoprim'],
      weight: 18,
    },
    {
      allergen: 'Ibuprofen',
      type: 'DRUG',
      drug: 'ibuprofen',
      drugClass: 'NSAIDS_NONSELECTIVE',
      crossReactive: ['Naproxen', 'Aspirin'],
      weight: 8,
    },
    {
      allergen: 'Cephalexin',
      type: 'DRUG',
      drug: 'cephalexin',
      drugClass: 'CEPHALOSPORINS',
      crossReactive: ['Cefdinir', 'Cefuroxime'],
      weight: 5,
    },
    {
      allergen: 'Azithromycin',
      type: 'DRUG',
      drug: 'azithromycin',
      drugClass: 'MACROLIDES',
      crossReactive: ['Clarithromycin', 'Erythromycin'],
      weight: 4,
    },
  ],
  ENVIRONMENTAL: [
    { allergen: 'Seasonal pollen (tree, grass, ragweed)', type: 'ENVIRONMENTAL', weight: 40 },
    { allergen: 'Dust mites', type: 'ENVIRONMENTAL', weight: 25 },
    { allergen: 'Cat dander', type: 'ENVIRONMENTAL', weight: 15 },
    { allergen: 'Dog dander', type: 'ENVIRONMENTAL', weight: 10 },
    { allergen: 'Mold spores', type: 'ENVIRONMENTAL', weight: 10 },
  ],
  INSECT: [
    { allergen: 'Bee and wasp stings (hymenoptera venom)', type: 'INSECT', statusCode: 'Z91.030', weight: 1 },
  ],
  LATEX: [{ allergen: 'Latex (natural rubber)', type: 'LATEX', weight: 1 }],
};

export interface AllergyPick {
  readonly def: AllergyDef;
  readonly severity: Severity;
  readonly reaction: string;
  readonly epinephrine: boolean;
}

/**
 * Whether the medication-safety check (src-shared/medication-safety, on the shipped reference) finds a conflict
 * between a drug (its generic name in the reference) and a student's allergies: the drug itself, its class, or a
 * documented cross-reactive class, as a nurse giving it on the workstation would be warned. A drug the reference
 * does not know is a mistake of the seed, never "no conflict".
 */
export function allergicTo(index: SafetyIndex, allergies: readonly AllergyPick[], drug: string): boolean {
  const check = checkMedication(index, {
    drug: { text: drug },
    others: [],
    allergies: allergies.map((a) => ({ allergen: a.def.allergen, reactionSeverity: a.severity })),
  });
  if (!check.drug) throw new Error(`seed: ${drug} is not in the medication-safety reference`);
  return check.allergyConflicts.length > 0;
}

export function pickAllergy(f: Faker, type: AllergenType): AllergyPick {
  const def = weighted(
    f,
    (ALLERGENS[type] ?? []).map((a) => [a, a.weight] as const),
  );
  switch (type) {
    case 'FOOD': {
      const severe = chance(
        f,
        def.allergen === 'Peanut' || def.allergen.startsWith('Tree') || def.allergen.startsWith('Shellfish')
          ? 0.8
          : 0.45,
      );
      return {
        def,
        severity: severe
          ? weighted<Severity>(f, [
              ['SEVERE', 55],
              ['LIFE_THREATENING', 45],
            ])
          : 'MODERATE',
        reaction: severe
          ? weighted(f, [
              ['Hives, lip and tongue swelling, vomiting; anaphylaxis treated in the ED', 50],
              ['Throat tightness and wheezing within minutes of exposure', 30],
              ['Generalized hives and repetitive cough; epinephrine given by EMS', 20],
            ])
          : weighted(f, [
              ['Hives around the mouth and itching', 60],
              ['Abdominal pain and vomiting', 40],
            ]),
        epinephrine: severe,
      };
    }
    case 'DRUG': {
      const severity = weighted<Severity>(f, [
        ['MILD', 35],
        ['MODERATE', 45],
        ['SEVERE', 17],
        ['LIFE_THREATENING', 3],
      ]);
      const reaction =
        severity === 'LIFE_THREATENING'
          ? def.drugClass === 'SULFONAMIDES'
            ? 'Stevens-Johnson syndrome (hospitalized)'
            : 'Anaphylaxis: facial swelling, wheezing, hypotension'
          : severity === 'SEVERE'
            ? 'Facial swelling and wheezing'
            : severity === 'MODERATE'
              ? 'Generalized hives (urticaria) and itching'
              : 'Diffuse maculopapular rash';
      return { def, severity, reaction, epinephrine: false };
    }
    case 'INSECT':
      return {
        def,
        severity: 'SEVERE',
        reaction: 'Generalized hives and throat tightness after a bee sting',
        epinephrine: true,
      };
    case 'LATEX':
      return {
        def,
        severity: 'MODERATE',
        reaction: 'Contact urticaria with latex gloves and balloons',
        epinephrine: false,
      };
    case 'ENVIRONMENTAL':
      return {
        def,
        severity: weighted<Severity>(f, [
          ['MILD', 75],
          ['MODERATE', 25],
        ]),
        reaction: weighted(f, [
          ['Sneezing, itchy watery eyes, congestion', 70],
          ['Worsens asthma symptoms', 30],
        ]),
        epinephrine: false,
      };
  }
}
