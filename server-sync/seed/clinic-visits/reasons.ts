import { cellList, oneOf, table, yesNo } from '../helpers';

/** Why students come to the clinic: visit reasons with their ICD-10-CM codes (the district's visit_reasons). */

export type ReasonCategory = 'ILLNESS' | 'INJURY' | 'MEDICATION' | 'ROUTINE_CHECK' | 'CHRONIC_CONDITION';

export interface VisitReasonDef {
  readonly code: string;
  readonly name: string;
  readonly category: ReasonCategory;
  readonly icd10: readonly string[];
  readonly minutes: number;
  readonly notifyParent: boolean;
  readonly vitals: boolean;
  readonly description: string;
}

// code | name | category | ICD-10-CM codes | typical minutes | parent notified | vital signs | description
const VISIT_REASON_TABLE = `
HEADACHE | Headache | ILLNESS | R51.9; G44.209; G43.909 | 15 | N | Y | Headache; rest, water, snack; acetaminophen or ibuprofen with parent consent.
STOMACHACHE | Stomachache / abdominal pain | ILLNESS | R10.9; R10.84; K59.00 | 15 | N | N | Abdominal pain without vomiting; rest, restroom, observe.
NAUSEA_VOMITING | Nausea / vomiting | ILLNESS | R11.0; R11.10; R11.2 | 25 | Y | Y | Nausea or emesis; vomiting at school means going home.
DIARRHEA | Diarrhea | ILLNESS | R19.7; A08.4 | 20 | Y | Y | Loose stools; exclude until 24 hours symptom-free.
FEVER | Fever / feeling ill | ILLNESS | R50.9; J11.1; B34.9 | 25 | Y | Y | Temperature of 100.0 F or above: sent home, return after 24 hours fever-free without medication.
SORE_THROAT | Sore throat | ILLNESS | J02.9; J02.0; J03.90 | 15 | N | Y | Sore throat; check temperature, look for strep signs.
COUGH_COLD | Cough / cold symptoms | ILLNESS | J06.9; R05.9; J00 | 10 | N | Y | Upper respiratory symptoms without fever.
EAR_PAIN | Ear pain | ILLNESS | H92.09; H66.90 | 10 | N | Y | Otalgia; refer to primary care if persistent.
EYE_PROBLEM | Eye irritation / pink eye | ILLNESS | H10.9; H10.33; H57.10 | 15 | Y | N | Red, itchy or discharging eye; purulent conjunctivitis goes home for evaluation.
RASH | Rash / skin problem | ILLNESS | R21; L30.9; B08.4 | 15 | N | N | Rash assessment; exclude if febrile or suspected contagious.
TOOTHACHE | Toothache / dental | ILLNESS | K08.89; K02.9 | 10 | Y | N | Dental pain; referral to a dentist.
MENSTRUAL | Menstrual cramps | ILLNESS | N94.6 | 15 | N | N | Dysmenorrhea; heat pack, ibuprofen with parent consent.
DIZZINESS | Dizziness / fainting | ILLNESS | R42; R55 | 25 | Y | Y | Lightheadedness or syncope; vitals, fluids, observe.
FATIGUE | Fatigue / not feeling well | ILLNESS | R53.83; R68.89 | 10 | N | N | Tired or vaguely unwell; brief rest and return to class.
ANXIETY | Anxiety / emotional distress | ILLNESS | F41.9; R45.0 | 20 | N | Y | Anxiety or distress; calming strategies, counselor referral.
INJURY_PLAYGROUND | Injury - playground / recess | INJURY | S80.811A; S00.83XA; W09.8XXA | 15 | N | N | Scrapes, bumps and bruises at recess: clean, ice, bandage.
INJURY_PE_SPORTS | Injury - PE / sports | INJURY | S93.401A; S63.501A; S80.01XA | 20 | Y | N | Sprain or strain in PE or practice; RICE, evaluate range of motion.
HEAD_INJURY | Head injury | INJURY | S09.90XA; S06.0X0A | 30 | Y | Y | Head bump: concussion symptom check, parent always notified.
NOSEBLEED | Nosebleed | INJURY | R04.0 | 10 | N | N | Epistaxis: lean forward, pinch the soft part of the nose 10 minutes.
INSECT_BITE | Insect bite / sting | INJURY | W57.XXXA; T63.441A | 10 | N | N | Bite or sting; watch for signs of allergic reaction.
SPLINTER_MINOR_WOUND | Splinter / minor wound | INJURY | S60.459A; T14.8XXA | 10 | N | N | Splinter removal, minor cut care.
ALLERGIC_REACTION | Allergic reaction | CHRONIC_CONDITION | T78.40XA; L50.0; T78.1XXA | 30 | Y | Y | Hives, itching or swelling; follow the allergy action plan, epinephrine for anaphylaxis.
ASTHMA | Asthma symptoms | CHRONIC_CONDITION | J45.909; J45.901 | 20 | N | Y | Wheeze, cough or shortness of breath: rescue inhaler per the asthma action plan.
DIABETIC_CHECK | Diabetic check / blood glucose | CHRONIC_CONDITION | E10.9; E10.649; E10.65 | 10 | N | N | Blood glucose check, carbohydrate count, insulin or glucose per the diabetes medical management plan.
SEIZURE | Seizure | CHRONIC_CONDITION | R56.9; G40.909 | 45 | Y | Y | Seizure: time it, protect the airway, rescue medication per the seizure action plan.
MEDICATION_ADMIN | Medication administration | MEDICATION | Z79.899 | 5 | N | N | Scheduled or as-needed medication given by the nurse.
VISION_SCREENING | Vision screening | ROUTINE_CHECK | Z01.00; Z01.01 | 10 | N | N | State-mandated vision screening (grades K, 1, 3, 5, 7, 9, 11).
HEARING_SCREENING | Hearing screening | ROUTINE_CHECK | Z01.10; Z01.118 | 10 | N | N | State-mandated pure-tone hearing screening.
HEAD_LICE_CHECK | Head lice check | ROUTINE_CHECK | B85.0; Z11.8 | 10 | Y | N | Pediculosis check; parent notified of live lice.
IMMUNIZATION | Immunization / flu clinic | ROUTINE_CHECK | Z23 | 10 | N | N | Vaccine given at school with parent consent (VIS provided).
`;

export const VISIT_REASONS: readonly VisitReasonDef[] = table(VISIT_REASON_TABLE, 8).map((c) => ({
  code: c(0),
  name: c(1),
  category: oneOf(c(2), ['ILLNESS', 'INJURY', 'MEDICATION', 'ROUTINE_CHECK', 'CHRONIC_CONDITION'] as const),
  icd10: cellList(c(3)),
  minutes: Number(c(4)),
  notifyParent: yesNo(c(5)),
  vitals: yesNo(c(6)),
  description: c(7),
}));

/** One dose of a school-entry requirement. */
