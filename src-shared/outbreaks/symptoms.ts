import { z } from 'zod';

/**
 * symptom_tracking.symptoms: what a nurse recorded, as outbreak detection reads it. The keys (fever,
 * temp_f and the twelve signs below) are typed; the other findings the workstation's catalog and the demo
 * district record (eye_redness, rash_location, confirmed_test...) are known too, so a pattern may name them;
 * anything else (the workstation's `labels` and `clinic_visit_id`, codes outside the catalog) is kept as is.
 */
export const CORE_SYMPTOM_KEYS = Object.freeze([
  'fever',
  'cough',
  'sore_throat',
  'runny_nose',
  'vomiting',
  'diarrhea',
  'nausea',
  'abdominal_pain',
  'rash',
  'headache',
  'fatigue',
  'conjunctivitis',
] as const);
export type CoreSymptomKey = (typeof CORE_SYMPTOM_KEYS)[number];

/** Yes/no findings beyond the list (the workstation's symptom catalog and the demo district's records). */
export const EXTRA_SYMPTOM_KEYS = Object.freeze([
  'body_aches',
  'itching',
  'eye_redness',
  'eye_discharge',
  'eye_itching',
  'bilateral',
  'swollen_glands',
  'mouth_sores',
  'shortness_of_breath',
  'wheezing',
  'dizziness',
] as const);

/** Every yes/no symptom a pattern may name. */
export const BOOLEAN_SYMPTOM_KEYS: ReadonlySet<string> = new Set<string>([
  ...CORE_SYMPTOM_KEYS,
  ...EXTRA_SYMPTOM_KEYS,
]);
/** Text findings a pattern may require to equal a value. */
export const TEXT_SYMPTOM_KEYS: ReadonlySet<string> = new Set(['confirmed_test', 'rash_type']);
/** List findings a pattern may require to include values. */
export const LIST_SYMPTOM_KEYS: ReadonlySet<string> = new Set(['rash_location']);

const flag = z.boolean().optional();

/** The symptoms JSON (zod): the keys typed, other findings kept. */
export const trackedSymptomsSchema = z
  .object({
    fever: flag,
    temp_f: z.number().min(80).max(115).optional(),
    cough: flag,
    sore_throat: flag,
    runny_nose: flag,
    vomiting: flag,
    diarrhea: flag,
    nausea: flag,
    abdominal_pain: flag,
    rash: flag,
    headache: flag,
    fatigue: flag,
    conjunctivitis: flag,
    confirmed_test: z.string().max(60).optional(),
    rash_type: z.string().max(60).optional(),
    rash_location: z.array(z.string().max(60)).max(20).optional(),
  })
  .catchall(z.unknown());
export type TrackedSymptomsJson = z.infer<typeof trackedSymptomsSchema>;
