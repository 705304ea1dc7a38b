import type { Faker } from '@faker-js/faker';
import type { VisitReasonDef } from './reasons';
import { hasCondition, type StudentRec } from '../students';
import { addDays, chance, daysBetween, pick } from '../helpers';

/**
 * The shapes and rules of a clinic visit: what brings a student in (seasonal reason weights), when
 * school is in session, what class time a visit costs, vital signs, and the symptoms a communicable
 * illness visit records for outbreak detection.
 */

export interface SymptomInfo {
  readonly symptoms: Record<string, unknown>;
  readonly diagnosis: string;
  readonly icd10: string;
  readonly severity: 'MILD' | 'MODERATE' | 'SEVERE';
  readonly location: string;
  readonly onset: string;
  readonly followUp: boolean;
}

export interface VisitRec {
  readonly id: string;
  readonly student: StudentRec;
  readonly day: string;
  readonly arrival: Date;
  readonly reason: string;
  readonly sentHome: boolean;
  readonly nurseId: string;
  readonly symptom: SymptomInfo | null;
}

export type EventKind = 'LOW_BG' | 'EPINEPHRINE' | 'SEIZURE_RESCUE' | 'ALLERGY_WARNING' | 'EMERGENCY';

export interface ClinicalEvent {
  readonly kind: EventKind;
  readonly student: StudentRec;
  readonly at: Date;
  readonly nurseId: string;
  readonly visitId: string;
  readonly data: Record<string, unknown>;
}

/** A visit the caller decided on (the GI cluster). */
export interface ForcedVisit {
  readonly student: StudentRec;
  readonly day: string;
  readonly reason: 'NAUSEA_VOMITING' | 'DIARRHEA';
}

/** Influenza activity, 0..1: peaks in early February. */
export function fluIntensity(day: string): number {
  const y = Number(day.slice(0, 4)) + (day.slice(5) >= '08-01' ? 1 : 0);
  const d = daysBetween(`${y}-02-01`, day);
  return Math.exp(-0.5 * (d / 21) ** 2);
}

/** Norovirus-season activity, 0..1: broad winter peak. */
export function giIntensity(day: string): number {
  const y = Number(day.slice(0, 4)) + (day.slice(5) >= '08-01' ? 1 : 0);
  return Math.exp(-0.5 * (daysBetween(`${y}-01-15`, day) / 45) ** 2);
}

export type Band = 'ELEM' | 'MIDDLE' | 'HIGH';
export const bandOf = (g: number): Band => (g <= 5 ? 'ELEM' : g <= 8 ? 'MIDDLE' : 'HIGH');
/** School day in local minutes after midnight: [start, end]. */
export const HOURS: Readonly<Record<Band, readonly [number, number]>> = {
  ELEM: [8 * 60 + 45, 15 * 60 + 15],
  MIDDLE: [8 * 60 + 15, 14 * 60 + 55],
  HIGH: [7 * 60 + 35, 14 * 60 + 20],
};

export function reasonWeights(s: StudentRec, g: number, day: string): [string, number][] {
  const band = bandOf(g);
  const flu = fluIntensity(day);
  const gi = giIntensity(day);
  const month = Number(day.slice(5, 7));
  const warm = month >= 8 && month <= 10 ? 1 : month >= 4 && month <= 6 ? 1 : 0.1;
  const age = g + 5;
  const w: [string, number][] = [
    ['HEADACHE', band === 'ELEM' ? 10 : 15],
    ['STOMACHACHE', band === 'ELEM' ? 15 : 10],
    ['NAUSEA_VOMITING', 3 + 3 * gi],
    ['DIARRHEA', 0.8 + 1.2 * gi],
    ['FEVER', 4 * (1 + 7 * flu)],
    ['SORE_THROAT', 4 * (1 + 1.5 * flu)],
    ['COUGH_COLD', 4 * (1 + 2 * flu)],
    ['EAR_PAIN', band === 'ELEM' ? 3 : 1],
    ['EYE_PROBLEM', band === 'ELEM' ? 3 : 1.5],
    ['RASH', 2],
    ['TOOTHACHE', 2],
    ['MENSTRUAL', s.sex === 'F' && age >= 11 ? 7 : 0],
    ['DIZZINESS', band === 'HIGH' ? 3 : 1],
    ['FATIGUE', band === 'ELEM' ? 3 : 6],
    ['ANXIETY', (band === 'ELEM' ? 1 : 3) + (hasCondition(s, 'ANXIETY') ? 12 : 0)],
    ['INJURY_PLAYGROUND', band === 'ELEM' ? 14 * (0.5 + warm) : 1],
    ['INJURY_PE_SPORTS', band === 'ELEM' ? 2 : 7],
    ['HEAD_INJURY', band === 'ELEM' ? 3 : 2],
    ['NOSEBLEED', 3],
    ['INSECT_BITE', 2.5 * warm],
    ['SPLINTER_MINOR_WOUND', band === 'ELEM' ? 4 : 2],
    ['ALLERGIC_REACTION', 0.7 + (s.allergies.length > 0 ? 6 : 0)],
    ['ASTHMA', hasCondition(s, 'ASTHMA') ? 14 * (1 + flu) : 0],
    ['SEIZURE', hasCondition(s, 'SEIZURE') ? 8 : 0],
    ['VISION_SCREENING', 0.8],
    ['HEARING_SCREENING', 0.5],
    ['HEAD_LICE_CHECK', band === 'ELEM' ? 2.5 : 0.1],
  ];
  return w.filter(([, x]) => x > 0);
}

export const BASE_SENT_HOME: Readonly<Record<string, number>> = {
  NAUSEA_VOMITING: 0.85,
  DIARRHEA: 0.6,
  EYE_PROBLEM: 0.3,
  HEAD_INJURY: 0.2,
  RASH: 0.1,
  TOOTHACHE: 0.08,
  ALLERGIC_REACTION: 0.1,
  ASTHMA: 0.06,
  SEIZURE: 0.7,
  DIZZINESS: 0.15,
  INJURY_PE_SPORTS: 0.08,
  MENSTRUAL: 0.06,
  HEADACHE: 0.05,
  STOMACHACHE: 0.05,
  EAR_PAIN: 0.08,
  HEAD_LICE_CHECK: 0,
};

export const SUBJECTS: Readonly<Record<Band, readonly string[]>> = {
  ELEM: [
    'English Language Arts',
    'Mathematics',
    'Science',
    'Social Studies',
    'Art',
    'Music',
    'Physical Education',
    'Library',
  ],
  MIDDLE: [
    'English 7',
    'Math 7',
    'Life Science',
    'World History',
    'Spanish I',
    'Physical Education',
    'Band',
    'Art',
    'Health',
  ],
  HIGH: [
    'English 10',
    'Algebra II',
    'Biology',
    'Chemistry',
    'U.S. History',
    'Government',
    'Spanish II',
    'Physical Education',
    'Health',
    'Computer Science',
    'AP Psychology',
  ],
};

/** The class period and subject at a local time, and the instructional minutes lost until `until`. */
export function classTime(
  f: Faker,
  band: Band,
  arrivalMin: number,
  untilMin: number,
): { period: string; subject: string; minutes: number } {
  const [start, end] = HOURS[band];
  const lunch: [number, number] =
    band === 'ELEM'
      ? [12 * 60, 12 * 60 + 45]
      : band === 'MIDDLE'
        ? [11 * 60 + 30, 12 * 60]
        : [11 * 60 + 5, 11 * 60 + 35];
  const lost =
    Math.max(0, Math.min(untilMin, end) - arrivalMin) -
    Math.max(0, Math.min(untilMin, lunch[1]) - Math.max(arrivalMin, lunch[0]));
  const inLunch = arrivalMin >= lunch[0] && arrivalMin < lunch[1];
  if (band === 'ELEM') {
    const [period, subject] = inLunch
      ? ['Lunch and recess', 'Lunch/Recess']
      : arrivalMin < 10 * 60 + 15
        ? ['Morning literacy block', 'English Language Arts']
        : arrivalMin < 11 * 60
          ? ['Specials', pick(f, ['Art', 'Music', 'Physical Education', 'Library'])]
          : arrivalMin < 12 * 60
            ? ['Math block', 'Mathematics']
            : arrivalMin < 14 * 60
              ? ['Afternoon block', pick(f, ['Science', 'Social Studies'])]
              : ['Afternoon block', 'Writing'];
    return { period, subject, minutes: Math.max(0, Math.min(480, lost)) };
  }
  const n = Math.min(7, Math.max(1, 1 + Math.floor((arrivalMin - start) / 55)));
  return {
    period: inLunch ? 'Lunch' : `Period ${n}`,
    subject: inLunch ? 'Lunch' : pick(f, SUBJECTS[band]),
    minutes: Math.max(0, Math.min(480, lost)),
  };
}

export const LOCATIONS = [
  'Classroom',
  'Classroom',
  'Classroom',
  'Cafeteria',
  'Gym',
  'Playground',
  'Bus',
  'Home (before school)',
];

export function symptomFor(
  f: Faker,
  reason: string,
  day: string,
  temp: number | null,
  elem: boolean,
  cluster: boolean,
  complaintIndex: number,
): SymptomInfo | null {
  const feverish = temp !== null && temp >= 100.0;
  const flu = fluIntensity(day);
  const onset = chance(f, 0.6) ? day : addDays(day, -1);
  const location = pick(f, LOCATIONS);
  const sev = (p: number): SymptomInfo['severity'] =>
    chance(f, p) ? 'MODERATE' : chance(f, 0.08) ? 'SEVERE' : 'MILD';
  const t = temp === null ? {} : { temp_f: temp };
  switch (reason) {
    case 'FEVER':
      return {
        symptoms: {
          fever: true,
          ...t,
          cough: chance(f, 0.7),
          sore_throat: chance(f, 0.5),
          body_aches: chance(f, 0.45),
          headache: chance(f, 0.4),
          vomiting: chance(f, 0.05),
        },
        diagnosis: flu > 0.2 ? 'Influenza-like illness' : 'Fever, unspecified',
        icd10: flu > 0.2 ? 'J11.1' : 'R50.9',
        severity: sev(0.5),
        location,
        onset,
        followUp: false,
      };
    case 'COUGH_COLD':
      return {
        symptoms: { fever: false, ...t, cough: true, runny_nose: true, sore_throat: chance(f, 0.3) },
        diagnosis: 'Acute upper respiratory infection',
        icd10: 'J06.9',
        severity: 'MILD',
        location,
        onset,
        followUp: false,
      };
    case 'SORE_THROAT': {
      const strep = feverish && chance(f, 0.35);
      return {
        symptoms: {
          sore_throat: true,
          fever: feverish,
          ...t,
          cough: !strep && chance(f, 0.3),
          swollen_glands: chance(f, strep ? 0.7 : 0.2),
          ...(strep ? { confirmed_test: 'rapid_strep' } : {}),
        },
        diagnosis: strep ? 'Streptococcal pharyngitis (rapid strep positive at PCP)' : 'Acute pharyngitis',
        icd10: strep ? 'J02.0' : 'J02.9',
        severity: sev(strep ? 0.6 : 0.2),
        location,
        onset,
        followUp: strep,
      };
    }
    case 'NAUSEA_VOMITING':
    case 'DIARRHEA': {
      const vomiting = reason === 'NAUSEA_VOMITING' ? chance(f, 0.75) || cluster : chance(f, 0.2);
      const diarrhea = reason === 'DIARRHEA' ? true : chance(f, 0.2);
      return {
        symptoms: {
          nausea: reason === 'NAUSEA_VOMITING',
          vomiting,
          diarrhea,
          abdominal_pain: chance(f, 0.55),
          fever: feverish,
          ...t,
        },
        diagnosis: vomiting || diarrhea ? 'Viral gastroenteritis, suspected' : 'Nausea',
        icd10: vomiting || diarrhea ? 'A08.4' : 'R11.0',
        severity: sev(0.4),
        location,
        onset,
        followUp: false,
      };
    }
    case 'EYE_PROBLEM': {
      const discharge = complaintIndex <= 1;
      return {
        symptoms: {
          eye_redness: true,
          eye_discharge: discharge,
          eye_itching: chance(f, 0.5),
          bilateral: chance(f, 0.4),
        },
        diagnosis: discharge ? 'Acute conjunctivitis' : 'Eye irritation',
        icd10: discharge ? 'H10.33' : 'H57.10',
        severity: 'MILD',
        location,
        onset,
        followUp: discharge,
      };
    }
    case 'RASH': {
      const hfmd = elem && complaintIndex === 1;
      return hfmd
        ? {
            symptoms: {
              rash: true,
              rash_location: ['hands', 'feet', 'mouth'],
              mouth_sores: true,
              fever: feverish,
              ...t,
            },
            diagnosis: 'Hand, foot and mouth disease',
            icd10: 'B08.4',
            severity: 'MILD',
            location,
            onset,
            followUp: true,
          }
        : {
            symptoms: {
              rash: true,
              rash_location: [pick(f, ['arms', 'legs', 'trunk', 'face'])],
              itching: chance(f, 0.7),
              fever: feverish,
            },
            diagnosis: 'Rash, unspecified',
            icd10: 'R21',
            severity: 'MILD',
            location,
            onset,
            followUp: false,
          };
    }
    default:
      return null;
  }
}

export interface Vitals {
  readonly vitals: boolean;
  readonly temp: number | null;
  readonly hr: number | null;
  readonly sys: number | null;
  readonly dia: number | null;
}

/** Temperature, heart rate and (from age 10, or for dizziness and head complaints) blood pressure, within the clinic_visits CHECK ranges. */
export function vitalsFor(f: Faker, reason: string, age: number, def: VisitReasonDef | undefined): Vitals {
  const feverReason = reason === 'FEVER';
  const febrileChance: Record<string, number> = {
    FEVER: 1,
    SORE_THROAT: 0.3,
    NAUSEA_VOMITING: 0.2,
    DIARRHEA: 0.15,
    EAR_PAIN: 0.15,
    RASH: 0.1,
  };
  const vitals = (def?.vitals ?? false) || chance(f, 0.25);
  let temp: number | null = null;
  if (vitals) {
    const febrile = feverReason || chance(f, febrileChance[reason] ?? 0);
    temp = febrile
      ? Math.round(f.number.float({ min: 100.2, max: 103.4 }) * 10) / 10
      : Math.round(f.number.float({ min: 97.4, max: 99.3 }) * 10) / 10;
  }
  const baseHr = age <= 6 ? 95 : age <= 11 ? 85 : 76;
  const hr = vitals
    ? Math.round(
        baseHr +
          f.number.int({ min: -10, max: 12 }) +
          (temp !== null && temp > 98.6 ? (temp - 98.6) * 10 : 0) +
          (['ANXIETY', 'ASTHMA', 'INJURY_PE_SPORTS'].includes(reason) ? 10 : 0),
      )
    : null;
  const bp = vitals && (age >= 10 || ['DIZZINESS', 'HEAD_INJURY', 'HEADACHE'].includes(reason));
  const sys = bp ? Math.round(92 + 1.6 * age + f.number.int({ min: -8, max: 10 })) : null;
  const dia =
    bp && sys !== null
      ? Math.min(sys - 25, Math.round(52 + 1.1 * age + f.number.int({ min: -6, max: 8 })))
      : null;

  return { vitals, temp, hr, sys, dia };
}
