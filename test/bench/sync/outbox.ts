import type { LocalStore } from '../../../src-main/store/open';
import {
  ALLERGENS,
  COMPLAINTS,
  FIRST_NAMES,
  LAST_NAMES,
  NOTES,
  SUBJECTS,
  SYMPTOMS,
  TREATMENTS,
  VACCINES,
  isoDate,
} from './random';
import type { Rng } from './random';

/**
 * A nurse's day of offline work on a workstation, written through the local store (so every row lands in the
 * outbox in the same transaction, as in the app): new clinic visits with the class time they cost, symptoms,
 * vaccinations given at school, medication doses, now and then a new allergy or guardian. Clinical events are
 * insert-mostly (docs/architecture.md), so this is what a push carries.
 */

export interface OutboxContext {
  readonly store: LocalStore;
  readonly rng: Rng;
  readonly schoolId: string;
  readonly nurseId: string;
  readonly students: readonly string[];
  readonly medications: readonly string[];
  readonly reasons: readonly string[];
}

type Kind = 'visit' | 'class_time' | 'symptom' | 'vaccination' | 'dose' | 'allergy' | 'guardian';
const MIX: readonly (readonly [Kind, number])[] = [
  ['visit', 0.4],
  ['class_time', 0.15],
  ['symptom', 0.1],
  ['vaccination', 0.15],
  ['dose', 0.1],
  ['allergy', 0.05],
  ['guardian', 0.05],
];

function pickKind(rng: Rng): Kind {
  let x = rng.next();
  for (const [k, p] of MIX) {
    if (x < p) return k;
    x -= p;
  }
  return 'visit';
}

/** Writes `count` new rows through the store, in transactions of 100; returns rows written per table. */
export function writeOutbox(ctx: OutboxContext, count: number): Record<string, number> {
  const { store, rng, schoolId, nurseId } = ctx;
  const written: Record<string, number> = {};
  const visits: { id: string; student: string }[] = [];
  const now = () => new Date().toISOString();
  const one = (): void => {
    const student = rng.pick(ctx.students);
    const id = rng.id(Date.now());
    let kind = pickKind(rng);
    if (kind === 'class_time' && visits.length === 0) kind = 'visit';
    if (kind === 'dose' && ctx.medications.length === 0) kind = 'visit';
    switch (kind) {
      case 'visit': {
        store.insert('clinic_visits', {
          id,
          student_id: student,
          school_id: schoolId,
          arrival_time: now(),
          visit_reason_id: ctx.reasons.length > 0 ? rng.pick(ctx.reasons) : null,
          severity_triage: 'ROUTINE',
          presenting_complaint: rng.pick(COMPLAINTS),
          vital_signs_taken: 1,
          temperature_f: 97 + rng.int(0, 40) / 10,
          heart_rate: rng.int(65, 115),
          treatment_provided: rng.pick(TREATMENTS),
          nurse_notes: rng.pick(NOTES),
          attended_by_user_id: nurseId,
        });
        visits.push({ id, student });
        break;
      }
      case 'class_time': {
        const v = rng.pick(visits);
        store.insert('class_time_missed', {
          id,
          clinic_visit_id: v.id,
          student_id: v.student,
          school_id: schoolId,
          class_period: `Period ${rng.int(1, 7)}`,
          subject: rng.pick(SUBJECTS),
          minutes_missed: rng.int(5, 45),
        });
        break;
      }
      case 'symptom':
        store.insert('symptom_tracking', {
          id,
          student_id: student,
          school_id: schoolId,
          reported_date: now(),
          symptom_onset_date: isoDate(Date.now()),
          symptoms: JSON.stringify([rng.pick(SYMPTOMS)]),
          severity_assessment: 'MILD',
          location_at_onset: 'Classroom',
          reported_by: nurseId,
        });
        break;
      case 'vaccination': {
        const [type, cvx, name] = rng.pick(VACCINES);
        store.insert('vaccinations', {
          id,
          student_id: student,
          school_id: schoolId,
          vaccine_type: type,
          cvx_code: cvx,
          vaccine_name: name,
          dose_number: rng.int(1, 4),
          administration_date: isoDate(Date.now()),
          lot_number: `LOT${rng.int(10000, 99999)}`,
          site: 'LD',
          route: 'IM',
          dose_volume_ml: 0.5,
          source: 'ADMINISTERED',
          administered_by_user_id: nurseId,
        });
        break;
      }
      case 'dose':
        store.insert('medication_administrations', {
          id,
          student_id: student,
          medication_id: rng.pick(ctx.medications),
          school_id: schoolId,
          scheduled_for: now(),
          administered_at: now(),
          administration_status: 'GIVEN',
          dose_given: '1 tablet',
          route: 'ORAL',
          administered_by: nurseId,
        });
        break;
      case 'allergy': {
        const [allergen, type] = rng.pick(ALLERGENS);
        store.insert('allergies', {
          id,
          student_id: student,
          school_id: schoolId,
          allergen,
          allergen_type: type,
          severity: 'MODERATE',
          reaction: 'Hives',
        });
        break;
      }
      case 'guardian':
        store.insert('guardians', {
          id,
          student_id: student,
          school_id: schoolId,
          first_name: rng.pick(FIRST_NAMES),
          last_name: rng.pick(LAST_NAMES),
          relationship: 'Grandparent',
          phone_primary: `555-${rng.int(100, 999)}-${rng.int(1000, 9999)}`,
          contact_priority: 3,
        });
        break;
    }
    const table = {
      visit: 'clinic_visits',
      class_time: 'class_time_missed',
      symptom: 'symptom_tracking',
      vaccination: 'vaccinations',
      dose: 'medication_administrations',
      allergy: 'allergies',
      guardian: 'guardians',
    }[kind];
    written[table] = (written[table] ?? 0) + 1;
  };
  for (let done = 0; done < count; done += 100) {
    const n = Math.min(100, count - done);
    store.transaction(() => {
      for (let i = 0; i < n; i++) one();
    });
  }
  return written;
}
