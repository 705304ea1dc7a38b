import { acetaminophenDose, describeDose, ibuprofenDose } from '../../../src-shared/mar';
import type { Faker } from '@faker-js/faker';
import type { SafetyIndex } from '../../../src-shared/medication-safety';
import { formularyName, type OrderRec, type OrdersResult } from '../mar';
import type { ClinicalEvent } from './model';
import { allergicTo, type StudentRec } from '../students';
import { addMinutes, chance, weighted } from '../helpers';

/**
 * What the nurse does for each visit reason: triage, PRN and stock medication (weight- and
 * age-based doses, allergy checks), emergencies (epinephrine, seizure rescue, EMS) and the
 * diabetic lunch check with its insulin dose.
 */

export interface Given {
  readonly key: string;
  readonly dose: string;
  readonly route: string;
  readonly order?: OrderRec | undefined;
  readonly status?: 'GIVEN' | 'HELD';
  readonly note?: string;
  readonly witness?: string;
}

export interface CareInput {
  readonly f: Faker;
  readonly s: StudentRec;
  readonly day: string;
  readonly reason: string;
  readonly age: number;
  readonly arrival: Date;
  readonly id: string;
  readonly nurseId: string;
  readonly hospital: string;
  readonly orders: OrdersResult;
  readonly temp: number | null;
  /** the medication-safety reference the seed loaded (its allergy check before a stock dose) */
  readonly safety: SafetyIndex;
}

export interface Care {
  readonly triage: 'ROUTINE' | 'URGENT' | 'EMERGENCY';
  /** Replaces the templated complaint / treatment when set. */
  readonly complaint: string | null;
  readonly treatment: string | null;
  readonly notes: string | null;
  readonly ems: boolean;
  readonly given: readonly Given[];
  readonly events: readonly ClinicalEvent[];
}

export function careFor(input: CareInput): Care {
  const { f, s, day, reason, age, arrival, id, nurseId, hospital, orders, temp, safety } = input;
  let triage: Care['triage'] = 'ROUTINE';
  let complaint: string | null = null;
  let treatment: string | null = null;
  let notes: string | null = null;
  let ems = false;
  const given: Given[] = [];
  const events: ClinicalEvent[] = [];
  // stock ibuprofen is not given when the check before a dose finds an allergy conflict (the drug, the NSAIDs)
  const nsaidAllergy = allergicTo(safety, s.allergies, 'ibuprofen');
  const analgesic = (prefer: 'apap' | 'ibu') => {
    if (prefer === 'ibu' && nsaidAllergy) {
      events.push({
        kind: 'ALLERGY_WARNING',
        student: s,
        at: addMinutes(arrival, 3),
        nurseId,
        visitId: id,
        data: {
          allergen: 'Ibuprofen (NSAIDs)',
          medication: formularyName(age >= 12 ? 'ibu-200' : 'ibu-100-susp'),
          action: 'Not given; acetaminophen substituted',
        },
      });
      prefer = 'apap';
    }
    // The stock item of the form the standing order calls for.
    const dose = prefer === 'ibu' ? ibuprofenDose(s.weightKg, age) : acetaminophenDose(s.weightKg, age);
    const key =
      prefer === 'ibu'
        ? dose.form === 'TABLET'
          ? 'ibu-200'
          : 'ibu-100-susp'
        : dose.form === 'TABLET'
          ? 'apap-325'
          : dose.form === 'CHEWABLE_TABLET'
            ? 'apap-160-chew'
            : 'apap-160-susp';
    return given.push({ key, dose: describeDose(dose), route: 'PO' });
  };
  switch (reason) {
    case 'HEADACHE':
    case 'TOOTHACHE':
      if (chance(f, 0.4)) analgesic(chance(f, 0.5) ? 'apap' : 'ibu');
      break;
    case 'MENSTRUAL':
      if (chance(f, 0.6)) analgesic('ibu');
      break;
    case 'INJURY_PE_SPORTS':
      if (chance(f, 0.25)) analgesic('ibu');
      break;
    case 'STOMACHACHE':
      if (age >= 10 && chance(f, 0.1))
        given.push({ key: 'tums-500', dose: '500 mg (1 chewable tablet)', route: 'PO' });
      break;
    case 'INSECT_BITE':
      if (chance(f, 0.4))
        given.push({ key: 'hc-cream', dose: 'Thin layer to affected area', route: 'TOPICAL' });
      break;
    case 'INJURY_PLAYGROUND':
    case 'SPLINTER_MINOR_WOUND':
      if (chance(f, 0.3))
        given.push({ key: 'bacitracin-oint', dose: 'Thin layer to wound', route: 'TOPICAL' });
      break;
    case 'ASTHMA': {
      const order = orders.orderFor(s, 'RESCUE_INHALER', day);
      const severe = chance(f, 0.1);
      triage = severe ? 'URGENT' : 'ROUTINE';
      if (order && chance(f, 0.92))
        given.push({ key: order.medKey, dose: severe ? '4 puffs' : order.dose, route: order.route, order });
      if (severe && chance(f, 0.15)) {
        triage = 'EMERGENCY';
        ems = true;
        treatment =
          'Albuterol 4 puffs x2 with spacer; no relief, 911 called per asthma action plan; EMS transported.';
      }
      break;
    }
    case 'ALLERGIC_REACTION': {
      const epi = orders.orderFor(s, 'EPINEPHRINE', day);
      if (epi && chance(f, 0.15)) {
        triage = 'EMERGENCY';
        ems = true;
        complaint = 'Throat tightness, hives and vomiting after lunch (possible exposure)';
        treatment = `Epinephrine auto-injector to the outer thigh at once; 911 called; EMS transported to ${hospital}.`;
        given.push({
          key: epi.medKey,
          dose: epi.dose,
          route: epi.route,
          order: epi,
          witness: s.school.adminId,
        });
        events.push({
          kind: 'EPINEPHRINE',
          student: s,
          at: addMinutes(arrival, 2),
          nurseId,
          visitId: id,
          data: { dose: epi.dose, ems_called: true },
        });
      } else {
        triage = chance(f, 0.3) ? 'URGENT' : 'ROUTINE';
        const ah = orders.orderFor(s, 'ANTIHISTAMINE', day);
        if (ah) given.push({ key: ah.medKey, dose: ah.dose, route: ah.route, order: ah });
        else if (chance(f, 0.6))
          given.push({
            key: s.weightKg < 25 ? 'dph-12-liq' : 'dph-25',
            dose: s.weightKg < 25 ? '12.5 mg (5 mL)' : '25 mg',
            route: 'PO',
          });
      }
      break;
    }
    case 'SEIZURE': {
      triage = 'URGENT';
      const rescue = orders.orderFor(s, 'SEIZURE_RESCUE', day);
      if (rescue && chance(f, 0.25)) {
        triage = 'EMERGENCY';
        ems = chance(f, 0.6);
        complaint = 'Generalized tonic-clonic seizure lasting more than 5 minutes';
        treatment = `Seizure timed at 5 minutes; rescue medication given per seizure action plan; ${ems ? '911 called, EMS transported' : 'seizure stopped at 7 minutes, parent picked up'}.`;
        given.push({
          key: rescue.medKey,
          dose: rescue.dose,
          route: rescue.route,
          order: rescue,
          witness: s.school.adminId,
        });
        events.push({
          kind: 'SEIZURE_RESCUE',
          student: s,
          at: addMinutes(arrival, 6),
          nurseId,
          visitId: id,
          data: { medication: formularyName(rescue.medKey), ems_called: ems },
        });
      }
      break;
    }
    case 'HEAD_INJURY':
      triage = chance(f, 0.4) ? 'URGENT' : 'ROUTINE';
      break;
    case 'FEVER':
    case 'SORE_THROAT':
      if (temp !== null && temp >= 100.0 && chance(f, 0.3)) analgesic('apap');
      break;
    case 'DIABETIC_CHECK': {
      const insulin = orders.orderFor(s, 'INSULIN', day);
      const bg = weighted(f, [
        [f.number.int({ min: 90, max: 180 }), 75],
        [f.number.int({ min: 181, max: 299 }), 17],
        [f.number.int({ min: 48, max: 69 }), 5],
        [f.number.int({ min: 300, max: 420 }), 3],
      ]);
      const carbs = f.number.int({ min: 9, max: 15 }) * 5;
      const carbUnits = Math.round(carbs / 15);
      const corr = bg > 150 ? Math.floor((bg - 150) / 50) : 0;
      if (bg < 70) {
        triage = 'URGENT';
        const glucose = orders.orderFor(s, 'GLUCOSE', day);
        given.push({ key: 'glucose-4g', dose: '16 g (4 tablets)', route: 'PO', order: glucose });
        if (insulin)
          given.push({
            key: insulin.medKey,
            dose: insulin.dose,
            route: insulin.route,
            order: insulin,
            status: 'HELD',
            note: `Held: blood glucose ${bg} mg/dL; treated with 16 g glucose, recheck 15 minutes later ${bg + f.number.int({ min: 25, max: 50 })} mg/dL; lunch insulin after eating per DMMP.`,
          });
        notes = `BG ${bg} mg/dL (low). 16 g fast-acting glucose given; rechecked in 15 minutes.`;
        events.push({
          kind: 'LOW_BG',
          student: s,
          at: addMinutes(arrival, 4),
          nurseId,
          visitId: id,
          data: { value_mg_dl: bg },
        });
      } else {
        if (insulin)
          given.push({
            key: insulin.medKey,
            dose: `${carbUnits + corr} units`,
            route: insulin.route,
            order: insulin,
            note: `${carbUnits} units for ${carbs} g carbohydrate + ${corr} units correction.`,
          });
        notes = `BG ${bg} mg/dL; lunch ${carbs} g carbohydrate.${bg >= 300 ? ' Urine ketones negative; water encouraged, parent notified.' : ''}`;
      }
      break;
    }
    default:
      break;
  }

  return { triage, complaint, treatment, notes, ems, given, events };
}
