import { OUTBREAK_PATTERN_KEYS, type OutbreakPatternKey } from '../../../src-shared/outbreaks';
import { jsonObjectCell, oneOf, table, yesNo } from '../helpers';

/** Outbreak detection patterns (outbreak_patterns), as a reference table. */

export interface OutbreakPatternDef {
  readonly key: OutbreakPatternKey;
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
  key: oneOf(c(0), OUTBREAK_PATTERN_KEYS),
  name: c(1),
  category: oneOf(c(2), [
    'RESPIRATORY',
    'GASTROINTESTINAL',
    'SKIN_INFECTION',
    'COMMUNICABLE_DISEASE',
    'VECTOR_BORNE',
  ] as const),
  symptoms: jsonObjectCell(c(3)),
  thresholdStudents: Number(c(4)),
  thresholdPercent: c(5),
  windowDays: Number(c(6)),
  severity: oneOf(c(7), ['LOW', 'MODERATE', 'HIGH', 'EPIDEMIC'] as const),
  reportable: yesNo(c(8)),
}));
