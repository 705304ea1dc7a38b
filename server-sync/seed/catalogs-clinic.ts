import { z } from 'zod';
import { jsonValue, type JsonValue } from '../../src-shared/db/column-types';
import { cellList, oneOf, table } from './helpers';

/**
 * Clinic reference data of the demo district: visit reasons with ICD-10-CM codes, Ohio school-entry
 * immunization requirements, alert definitions and outbreak detection patterns. Written as reference
 * tables (one row a line, cells separated by '|', lists by ';', JSON where a column holds an object).
 */

const yes = (cell: string): boolean => oneOf(cell, ['Y', 'N'] as const) === 'Y';
const optionalInt = (cell: string): number | null => (cell === '' ? null : Number(cell));

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
  notifyParent: yes(c(5)),
  vitals: yes(c(6)),
  description: c(7),
}));

/** One dose of a school-entry requirement. */
export interface ScheduleDef {
  readonly vaccine: string;
  readonly dose: number;
  readonly minAgeMonths: number;
  readonly maxAgeMonths: number | null;
  readonly minIntervalDays: number | null;
  readonly grade: 'K' | '7' | '12';
  readonly reference: string;
  /** false = recommended, not a school-entry requirement (reminders only). */
  readonly required: boolean;
}

const CDC = 'CDC Child and Adolescent Immunization Schedule; Ohio Revised Code 3313.671, OAC 3701-53';

// Ohio school-entry requirements (K: DTaP 5, IPV 4, MMR 2, HepB 3, VAR 2; grade 7: Tdap 1, MenACWY 1; grade 12: MenACWY 2), plus the recommended HPV series.
// vaccine | dose | minimum age (months) | maximum age (months) | minimum interval from the previous dose (days) | required from grade | required or recommended | schedule note
const SCHEDULE_TABLE = `
DTaP | 1 | 2 | 83 |  | K | required | DTaP dose 1 at 2 months (minimum 6 weeks)
DTaP | 2 | 4 | 83 | 28 | K | required | DTaP dose 2 at 4 months
DTaP | 3 | 6 | 83 | 28 | K | required | DTaP dose 3 at 6 months
DTaP | 4 | 15 | 83 | 180 | K | required | DTaP dose 4 at 15-18 months (6 months after dose 3)
DTaP | 5 | 48 | 83 | 180 | K | required | DTaP dose 5 at 4-6 years (not needed if dose 4 at or after age 4)
IPV | 1 | 2 |  |  | K | required | IPV dose 1 at 2 months
IPV | 2 | 4 |  | 28 | K | required | IPV dose 2 at 4 months
IPV | 3 | 6 |  | 28 | K | required | IPV dose 3 at 6-18 months
IPV | 4 | 48 |  | 180 | K | required | IPV final dose at or after age 4, 6 months after the previous dose
MMR | 1 | 12 |  |  | K | required | MMR dose 1 at 12-15 months
MMR | 2 | 48 |  | 28 | K | required | MMR dose 2 at 4-6 years (minimum 28 days after dose 1)
HepB | 1 | 0 |  |  | K | required | HepB dose 1 at birth
HepB | 2 | 1 |  | 28 | K | required | HepB dose 2 at 1-2 months
HepB | 3 | 6 |  | 56 | K | required | HepB dose 3 at 6-18 months (minimum age 24 weeks)
VAR | 1 | 12 |  |  | K | required | varicella dose 1 at 12-15 months
VAR | 2 | 48 |  | 90 | K | required | varicella dose 2 at 4-6 years (minimum 3 months after dose 1 under age 13)
Tdap | 1 | 132 |  |  | 7 | required | Tdap at 11-12 years, required for 7th grade entry
MenACWY | 1 | 132 |  |  | 7 | required | MenACWY dose 1 at 11-12 years, required for 7th grade entry
MenACWY | 2 | 192 |  | 56 | 12 | required | MenACWY booster at 16 years, required for 12th grade entry
HPV | 1 | 108 |  |  | 7 | recommended | HPV dose 1 at 11-12 years (may start at 9); recommended, not required in Ohio
HPV | 2 | 114 |  | 150 | 7 | recommended | HPV dose 2 6-12 months after dose 1 when started before age 15; recommended
`;

export const SCHEDULES: readonly ScheduleDef[] = table(SCHEDULE_TABLE, 8).map((c) => ({
  vaccine: c(0),
  dose: Number(c(1)),
  minAgeMonths: Number(c(2)),
  maxAgeMonths: optionalInt(c(3)),
  minIntervalDays: optionalInt(c(4)),
  grade: oneOf(c(5), ['K', '7', '12'] as const),
  required: oneOf(c(6), ['required', 'recommended'] as const) === 'required',
  reference: `${CDC}: ${c(7)}`,
}));

export type Priority = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' | 'EMERGENCY';
export type AlertCategory = 'HEALTH_EMERGENCY' | 'MEDICATION' | 'COMPLIANCE' | 'SYSTEM';

export interface AlertDef {
  readonly code: string;
  readonly name: string;
  readonly category: AlertCategory;
  readonly priority: Priority;
  readonly conditions: Record<string, unknown>;
  readonly escalation: Record<string, unknown> | null;
  readonly channels: readonly string[];
  readonly template: string;
  readonly dismiss: boolean;
  readonly ack: boolean;
  readonly expires: number | null;
}

const jsonObject = z.record(z.string(), jsonValue);
const object = (cell: string): Record<string, JsonValue> => jsonObject.parse(JSON.parse(cell));

// code | name | category | priority | conditions (JSON) | escalation rules (JSON) | channels | user can dismiss | acknowledgment required | expires after (minutes) | message template
const ALERT_TABLE = `
MEDICATION_MISSED | Scheduled medication not given | MEDICATION | HIGH | {"trigger": "medication_missed", "time_past_due_minutes": 30} | {"escalate_after_minutes": 30, "escalate_to": ["SCHOOL_ADMIN"]} | IN_APP; EMAIL | N | Y | 480 | {{student_name}} did not receive {{medication}} scheduled at {{scheduled_time}}.
EMERGENCY_HEALTH | Health emergency at school | HEALTH_EMERGENCY | EMERGENCY | {"trigger": "triage", "severity_triage": "EMERGENCY"} | {"escalate_after_minutes": 5, "escalate_to": ["SCHOOL_ADMIN", "DISTRICT_ADMIN"]} | IN_APP; SMS; VOICE | N | Y |  | EMERGENCY: {{student_name}} ({{school}}) - {{complaint}}. 911 called: {{ems_called}}.
OUTBREAK_DETECTED | Possible outbreak detected | HEALTH_EMERGENCY | CRITICAL | {"trigger": "outbreak_pattern_threshold", "evaluation": "daily"} | {"escalate_after_minutes": 60, "escalate_to": ["DISTRICT_ADMIN"]} | IN_APP; EMAIL; SMS | N | Y |  | {{pattern}}: {{count}} students at {{school}} in {{days}} days ({{percent}}%).
IMMUNIZATION_OVERDUE | Required immunization overdue | COMPLIANCE | MEDIUM | {"trigger": "immunization_overdue", "grace_period_days": 30} |  | IN_APP; EMAIL | Y | N |  | {{student_name}} is overdue for {{vaccine}} dose {{dose}} (due {{due_date}}).
ALLERGY_WARNING | Allergy conflict with a medication | MEDICATION | CRITICAL | {"trigger": "medication_allergy_match", "match": ["drug_id", "drug_class", "cross_reactive_drugs"]} |  | IN_APP | N | Y | 60 | STOP: {{student_name}} is allergic to {{allergen}} ({{reaction}}); {{medication}} is in the same class.
DRUG_INTERACTION | Drug interaction detected | MEDICATION | HIGH | {"trigger": "drug_interaction", "minimum_severity": "MAJOR"} |  | IN_APP | N | Y | 60 | {{drug_a}} + {{drug_b}}: {{severity}} interaction. {{management}}
LOW_BLOOD_GLUCOSE | Low blood glucose | HEALTH_EMERGENCY | CRITICAL | {"trigger": "glucose_reading", "below_mg_dl": 70} | {"escalate_after_minutes": 15, "escalate_to": ["SCHOOL_ADMIN"]} | IN_APP; SMS | N | Y | 120 | {{student_name}} blood glucose {{value}} mg/dL at {{time}}: treat per DMMP and recheck in 15 minutes.
SEIZURE_RESCUE_GIVEN | Seizure rescue medication given | HEALTH_EMERGENCY | EMERGENCY | {"trigger": "medication_given", "drug_class_any": ["BENZODIAZEPINES"]} | {"escalate_after_minutes": 5, "escalate_to": ["SCHOOL_ADMIN"]} | IN_APP; SMS; VOICE | N | Y |  | Seizure rescue medication given to {{student_name}} at {{time}}; EMS {{ems_status}}.
EPINEPHRINE_ADMINISTERED | Epinephrine administered | HEALTH_EMERGENCY | EMERGENCY | {"trigger": "medication_given", "drug": "epinephrine"} | {"escalate_after_minutes": 5, "escalate_to": ["SCHOOL_ADMIN", "DISTRICT_ADMIN"]} | IN_APP; SMS; VOICE | N | Y |  | Epinephrine given to {{student_name}} at {{time}}; 911 called.
CHRONIC_VISITOR | Frequent clinic visits | COMPLIANCE | LOW | {"trigger": "visit_frequency", "visits_in_30_days": 10} |  | IN_APP | Y | N | 10080 | {{student_name}} has visited the clinic {{count}} times in 30 days.
MEDICATION_ORDER_EXPIRING | Medication order expiring | MEDICATION | LOW | {"trigger": "order_end_date", "days_before": 14} |  | IN_APP; EMAIL | Y | N |  | The order for {{medication}} ({{student_name}}) ends on {{end_date}}: request a renewal.
CONTROLLED_COUNT_DISCREPANCY | Controlled substance count discrepancy | MEDICATION | HIGH | {"trigger": "count_mismatch", "schedules": ["II", "III", "IV"]} | {"escalate_after_minutes": 60, "escalate_to": ["DISTRICT_ADMIN"]} | IN_APP; EMAIL | N | Y |  | Count of {{medication}} at {{school}} is {{counted}}, expected {{expected}}.
SYNC_FAILURE | Workstation has not synced | SYSTEM | MEDIUM | {"trigger": "device_last_seen", "hours": 24} |  | IN_APP; EMAIL | Y | N |  | Workstation {{device}} at {{school}} has not synced for {{hours}} hours.
`;

export const ALERT_DEFINITIONS: readonly AlertDef[] = table(ALERT_TABLE, 11).map((c) => ({
  code: c(0),
  name: c(1),
  category: oneOf(c(2), ['HEALTH_EMERGENCY', 'MEDICATION', 'COMPLIANCE', 'SYSTEM'] as const),
  priority: oneOf(c(3), ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'EMERGENCY'] as const),
  conditions: object(c(4)),
  escalation: c(5) === '' ? null : object(c(5)),
  channels: cellList(c(6)),
  dismiss: yes(c(7)),
  ack: yes(c(8)),
  expires: optionalInt(c(9)),
  template: c(10),
}));

export interface OutbreakPatternDef {
  readonly key: 'ILI' | 'GI' | 'STREP' | 'CONJUNCTIVITIS' | 'HFMD' | 'VARICELLA';
  readonly name: string;
  readonly category:
    'RESPIRATORY' | 'GASTROINTESTINAL' | 'SKIN_INFECTION' | 'COMMUNICABLE_DISEASE' | 'VECTOR_BORNE';
  readonly symptoms: Record<string, unknown>;
  readonly thresholdStudents: number;
  readonly thresholdPercent: string;
  readonly windowDays: number;
  readonly severity: 'LOW' | 'MODERATE' | 'HIGH' | 'EPIDEMIC';
  readonly reportable: boolean;
}

// key | pattern name | disease category | symptom combination (JSON) | threshold students | threshold percent | window days | severity | reportable
const OUTBREAK_PATTERN_TABLE = `
ILI | Influenza-like illness (ILI) | RESPIRATORY | {"fever": true, "min_temp_f": 100, "any_of": ["cough", "sore_throat"]} | 5 | 2.00 | 7 | MODERATE | N
GI | Acute gastrointestinal illness | GASTROINTESTINAL | {"any_of": ["vomiting", "diarrhea"], "onset_within_hours": 72} | 3 | 1.00 | 3 | HIGH | Y
STREP | Streptococcal pharyngitis cluster | RESPIRATORY | {"sore_throat": true, "fever": true, "cough": false, "confirmed_test": "rapid_strep"} | 3 | 1.00 | 14 | MODERATE | N
CONJUNCTIVITIS | Conjunctivitis cluster | COMMUNICABLE_DISEASE | {"eye_redness": true, "eye_discharge": true} | 3 | 1.00 | 7 | LOW | N
HFMD | Hand, foot and mouth disease | SKIN_INFECTION | {"rash": true, "rash_location": ["hands", "feet", "mouth"], "mouth_sores": true} | 3 | 1.00 | 14 | LOW | N
VARICELLA | Varicella (chickenpox) | COMMUNICABLE_DISEASE | {"rash": true, "rash_type": "vesicular", "fever": true} | 1 | 0.10 | 21 | HIGH | Y
`;

export const OUTBREAK_PATTERNS: readonly OutbreakPatternDef[] = table(OUTBREAK_PATTERN_TABLE, 9).map((c) => ({
  key: oneOf(c(0), ['ILI', 'GI', 'STREP', 'CONJUNCTIVITIS', 'HFMD', 'VARICELLA'] as const),
  name: c(1),
  category: oneOf(c(2), [
    'RESPIRATORY',
    'GASTROINTESTINAL',
    'SKIN_INFECTION',
    'COMMUNICABLE_DISEASE',
    'VECTOR_BORNE',
  ] as const),
  symptoms: object(c(3)),
  thresholdStudents: Number(c(4)),
  thresholdPercent: c(5),
  windowDays: Number(c(6)),
  severity: oneOf(c(7), ['LOW', 'MODERATE', 'HIGH', 'EPIDEMIC'] as const),
  reportable: yes(c(8)),
}));
