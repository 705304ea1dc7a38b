/**
 * Which tracked cases count toward which outbreak pattern (outbreak_patterns.symptom_combination): by the
 * symptoms recorded in symptom_tracking.symptoms, or by the confirmed diagnosis (ICD-10-CM) where a test decides.
 */

export const OUTBREAK_PATTERN_KEYS = Object.freeze([
  'ILI',
  'GI',
  'STREP',
  'CONJUNCTIVITIS',
  'HFMD',
  'VARICELLA',
] as const);
export type OutbreakPatternKey = (typeof OUTBREAK_PATTERN_KEYS)[number];

export interface TrackedSymptoms {
  /** symptom_tracking.symptoms */
  readonly symptoms: Readonly<Record<string, unknown>>;
  /** symptom_tracking.icd10_code */
  readonly icd10: string | null;
}

/** Whether a case matches a pattern. */
export function matchesOutbreakPattern(key: OutbreakPatternKey, c: TrackedSymptoms): boolean {
  const s = c.symptoms;
  switch (key) {
    case 'ILI':
      // Influenza-like illness: fever of 100.0 F or more with cough or sore throat.
      return (
        s['fever'] === true &&
        typeof s['temp_f'] === 'number' &&
        s['temp_f'] >= 100 &&
        (s['cough'] === true || s['sore_throat'] === true)
      );
    case 'GI':
      return s['vomiting'] === true || s['diarrhea'] === true;
    case 'STREP':
      return c.icd10 === 'J02.0';
    case 'CONJUNCTIVITIS':
      return s['eye_redness'] === true && s['eye_discharge'] === true;
    case 'HFMD':
      return c.icd10 === 'B08.4';
    case 'VARICELLA':
      return c.icd10 === 'B01.9';
  }
}
