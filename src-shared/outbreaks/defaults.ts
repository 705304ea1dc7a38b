/** The district's default outbreak patterns (data): what a new district starts with, editable by its admins. */

export type PatternSeverity = 'LOW' | 'MODERATE' | 'HIGH' | 'EPIDEMIC';
export type DiseaseCategory =
  'RESPIRATORY' | 'GASTROINTESTINAL' | 'SKIN_INFECTION' | 'COMMUNICABLE_DISEASE' | 'VECTOR_BORNE';

export interface OutbreakPatternData {
  readonly name: string;
  readonly category: DiseaseCategory;
  /** symptom_combination (expression.ts) */
  readonly symptoms: Readonly<Record<string, unknown>>;
  readonly thresholdStudents: number;
  /** threshold_percentage of the enrolled students, 0 to 100 */
  readonly thresholdPercent: number;
  readonly windowDays: number;
  readonly severity: PatternSeverity;
  readonly reportable: boolean;
}

export const DEFAULT_OUTBREAK_PATTERNS: readonly OutbreakPatternData[] = Object.freeze([
  {
    name: 'Influenza-like illness (ILI)',
    category: 'RESPIRATORY',
    // CDC ILINet: fever of 100 °F or more with cough or sore throat
    symptoms: { fever: true, min_temp_f: 100, any_of: ['cough', 'sore_throat'] },
    thresholdStudents: 5,
    thresholdPercent: 2,
    windowDays: 7,
    severity: 'MODERATE',
    reportable: false,
  },
  {
    name: 'Acute gastrointestinal illness',
    category: 'GASTROINTESTINAL',
    symptoms: { any_of: ['vomiting', 'diarrhea'] },
    thresholdStudents: 3,
    thresholdPercent: 1,
    windowDays: 3,
    severity: 'HIGH',
    reportable: true,
  },
  {
    name: 'Rash illness',
    category: 'SKIN_INFECTION',
    // febrile rash (measles, varicella, HFMD...): rash with fever or mouth sores
    symptoms: { rash: true, any_of: ['fever', 'mouth_sores'] },
    thresholdStudents: 2,
    thresholdPercent: 0.5,
    windowDays: 14,
    severity: 'HIGH',
    reportable: true,
  },
  {
    name: 'Conjunctivitis',
    category: 'COMMUNICABLE_DISEASE',
    symptoms: { any_of: ['conjunctivitis', { eye_redness: true, eye_discharge: true }] },
    thresholdStudents: 3,
    thresholdPercent: 1,
    windowDays: 7,
    severity: 'LOW',
    reportable: false,
  },
]);
