import { z } from 'zod';
import { id, isoDate, method, requiredText, slice, text } from './slice';

/** The symptoms slice: symptoms recorded at a visit, for outbreak detection (src-main/workstation/symptoms/ipc.ts). */

/**
 * Common symptom codes (the keys of symptom_tracking.symptoms that outbreak detection reads: every key of the
 * symptoms schema, src-shared/outbreaks/symptoms.ts, that is a yes/no finding; temp_f comes from the visit's vitals).
 */
export const SYMPTOM_CATALOG = Object.freeze([
  { code: 'fever', label: 'Fever' },
  { code: 'cough', label: 'Cough' },
  { code: 'sore_throat', label: 'Sore throat' },
  { code: 'runny_nose', label: 'Runny nose' },
  { code: 'headache', label: 'Headache' },
  { code: 'body_aches', label: 'Body aches' },
  { code: 'nausea', label: 'Nausea' },
  { code: 'vomiting', label: 'Vomiting' },
  { code: 'diarrhea', label: 'Diarrhea' },
  { code: 'abdominal_pain', label: 'Abdominal pain' },
  { code: 'rash', label: 'Rash' },
  { code: 'itching', label: 'Itching' },
  { code: 'eye_redness', label: 'Eye redness' },
  { code: 'eye_discharge', label: 'Eye discharge' },
  { code: 'conjunctivitis', label: 'Conjunctivitis (pink eye)' },
  { code: 'swollen_glands', label: 'Swollen glands' },
  { code: 'mouth_sores', label: 'Mouth sores' },
  { code: 'shortness_of_breath', label: 'Shortness of breath' },
  { code: 'wheezing', label: 'Wheezing' },
  { code: 'dizziness', label: 'Dizziness' },
  { code: 'fatigue', label: 'Fatigue' },
] as const);

/** Usual places symptoms begin at school (suggestions for the location field; any text is accepted). */
export const ONSET_LOCATIONS = Object.freeze([
  'Classroom',
  'Cafeteria',
  'Gym',
  'Playground',
  'Bus',
  'Home',
  'Field trip',
] as const);

export const SymptomEntry = z.object({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a symptom code is lower-case letters, digits and _ (e.g. sore_throat)'),
  label: requiredText(100),
  onset: isoDate.optional(),
  severity: z.enum(['MILD', 'MODERATE', 'SEVERE']).optional(),
});
export type SymptomEntry = z.infer<typeof SymptomEntry>;
export const SymptomsRecordArgs = z.object({
  visitId: id,
  symptoms: z.array(SymptomEntry).min(1, 'record at least one symptom').max(40),
  onsetDate: isoDate.optional(),
  severity: z.enum(['MILD', 'MODERATE', 'SEVERE']).optional(),
  diagnosis: text(200).optional(),
  /** ICD-10-CM code of the diagnosis, e.g. J02.9 */
  icd10Code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/, 'an ICD-10-CM code such as J02.9 or A08.4')
    .optional(),
  /** Where the student was when the symptoms began (classroom, cafeteria, bus...) */
  location: text(200).optional(),
  notes: text(2000).optional(),
});

export const symptomsSlice = slice('symptoms', {
  'symptoms.record': method({ args: SymptomsRecordArgs, result: z.object({ id }), access: 'session' }),
});
