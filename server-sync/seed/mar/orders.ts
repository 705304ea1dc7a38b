import type { Faker } from '@faker-js/faker';
import type { CatalogIds } from '../helpers';
import { allergicTo, enrolledOn, hasCondition, isAbsent, nurseOf, type StudentRec } from '../students';
import {
  insertMany,
  json,
  sectionFaker,
  addDays,
  addMinutes,
  ageOn,
  chance,
  localTime,
  makeNpi,
  newId,
  pick,
  stamps,
  weighted,
  type SeedContext,
  type SchoolYear,
  type NewRow,
  type ColumnOf,
} from '../helpers';
import { formularyName } from './formulary';

/**
 * student_medications (one order per school year: Ohio medication authorizations are renewed each
 * year) and the scheduled doses of the non-visit orders in medication_administrations: the midday
 * ADHD dose and short antibiotic courses (lunch insulin is given during the diabetic-check visit,
 * see clinic-visits). PRN doses are written with the visit that used them.
 */

export interface OrderRec {
  readonly id: string;
  readonly student: StudentRec;
  readonly medKey: string;
  readonly medId: string;
  readonly dose: string;
  readonly route: string;
  readonly prn: boolean;
  /** Local 'HH:MM' times of scheduled doses. */
  readonly times: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly kind:
    | 'ADHD'
    | 'INSULIN'
    | 'ANTIBIOTIC'
    | 'RESCUE_INHALER'
    | 'EPINEPHRINE'
    | 'ANTIHISTAMINE'
    | 'GLUCAGON'
    | 'GLUCOSE'
    | 'SEIZURE_RESCUE'
    | 'MIGRAINE';
}

export interface AdministrationEvent {
  readonly id: string;
  readonly student: StudentRec;
  readonly order: OrderRec;
  readonly status: 'MISSED' | 'REFUSED';
  readonly scheduledFor: Date;
  readonly nurseId: string;
}

export interface OrdersResult {
  readonly orders: readonly OrderRec[];
  /** Orders active for a student on a date, by kind. */
  orderFor(student: StudentRec, kind: OrderRec['kind'], date: string): OrderRec | undefined;
  readonly missed: readonly AdministrationEvent[];
}

/** Amoxicillin 400 mg/5 mL, about 15 mg/kg per dose (three times daily), rounded to half a milliliter. */
const amoxMl = (kg: number): number => Math.max(2, Math.round(((kg * 15) / 80) * 2) / 2);

/** Cephalexin 250 mg/5 mL, about 12.5 mg/kg per dose, in 50 mg steps from 100 to 500 mg. */
const cephalexinMg = (kg: number): number => Math.max(100, Math.min(500, Math.round((kg * 12.5) / 50) * 50));

/**
 * The antibiotic a prescriber orders for a short course with a midday dose (formulary key and dose): amoxicillin,
 * else cephalexin, the first the medication-safety check finds no allergy conflict with (the drug, its class or a
 * documented cross-reactive class: a penicillin allergy rules out both). None when both conflict: the course is
 * then another antibiotic given at home, not at school.
 */
export function antibioticFor(
  catalogs: Pick<CatalogIds, 'safety'>,
  s: Pick<StudentRec, 'allergies' | 'weightKg'>,
): readonly [medKey: string, dose: string] | null {
  if (!allergicTo(catalogs.safety, s.allergies, 'amoxicillin'))
    return s.weightKg < 33
      ? ['amox-400-susp', `${amoxMl(s.weightKg) * 80} mg (${amoxMl(s.weightKg)} mL)`]
      : ['amox-500', '500 mg'];
  if (!allergicTo(catalogs.safety, s.allergies, 'cephalexin'))
    return ['cephalexin-250-susp', `${cephalexinMg(s.weightKg)} mg (${cephalexinMg(s.weightKg) / 50} mL)`];
  return null;
}

interface OrderDraft {
  kind: OrderRec['kind'];
  medKey: string;
  dose: string;
  route: string;
  frequency: string;
  times: string[];
  prnInstructions: string | null;
  notes: string | null;
  start?: string;
  end?: string;
}

function chronicOrders(f: Faker, s: StudentRec, age: number): OrderDraft[] {
  const out: OrderDraft[] = [];
  const g = s.grade === 'K' ? 0 : Number(s.grade);
  if (hasCondition(s, 'ADHD') && chance(f, g <= 5 ? 0.65 : g <= 8 ? 0.5 : 0.3)) {
    const [medKey, dose] = weighted<[string, string]>(f, [
      [['mph-5', '5 mg'], 30],
      [['mph-10', '10 mg'], 35],
      [['dmph-5', '5 mg'], 15],
      [['mas-5', '5 mg'], 20],
    ]);
    out.push({
      kind: 'ADHD',
      medKey,
      dose,
      route: 'PO',
      frequency: 'Once daily at school (with lunch)',
      times: ['12:00'],
      prnInstructions: null,
      notes: 'Schedule II: count on receipt and weekly; parent delivers, nurse and parent sign the count.',
    });
  }
  if (hasCondition(s, 'T1D')) {
    out.push({
      kind: 'INSULIN',
      medKey: pick(f, ['lispro-pen', 'aspart-pen']),
      dose: '1 unit/15 g carb + correction',
      route: 'SC',
      frequency: 'Daily before lunch',
      times: ['11:30'],
      prnInstructions:
        'Correction: 1 unit per 50 mg/dL above 150 mg/dL. Hold if blood glucose is below 70 mg/dL; treat the low first.',
      notes: 'Diabetes Medical Management Plan on file.',
    });
    out.push({
      kind: 'GLUCOSE',
      medKey: 'glucose-4g',
      dose: '16 g (4 tablets)',
      route: 'PO',
      frequency: 'As needed',
      times: [],
      prnInstructions:
        'Blood glucose below 70 mg/dL or symptoms of low blood sugar; recheck in 15 minutes and repeat if still below 70.',
      notes: null,
    });
    out.push({
      kind: 'GLUCAGON',
      medKey: age >= 4 ? 'glucagon-nasal' : 'glucagon-gvoke',
      dose: age >= 4 ? '3 mg (1 device)' : '0.5 mg',
      route: age >= 4 ? 'NASAL' : 'SC',
      frequency: 'Once as needed',
      times: [],
      prnInstructions:
        'Severe hypoglycemia: unconscious, seizing or unable to swallow. Give, turn on side, call 911.',
      notes: null,
    });
  }
  if (hasCondition(s, 'ASTHMA') && chance(f, 0.85)) {
    const selfCarry = g >= 4 && chance(f, 0.45);
    out.push({
      kind: 'RESCUE_INHALER',
      medKey: 'albuterol-hfa',
      dose: '2 puffs',
      route: 'INH',
      frequency: 'Every 4 hours as needed',
      times: [],
      prnInstructions:
        'Cough, wheeze, chest tightness or shortness of breath; 2 puffs with spacer 15 minutes before PE if needed. May repeat once after 20 minutes; call 911 if no relief.',
      notes: selfCarry
        ? 'Self-carry authorized (ORC 3313.716); backup inhaler kept in the clinic.'
        : 'Inhaler and spacer kept in the clinic.',
    });
  }
  const epi = s.allergies.find((a) => a.epinephrine);
  if (epi) {
    const small = s.weightKg < 25;
    out.push({
      kind: 'EPINEPHRINE',
      medKey: small ? 'epi-0.15' : 'epi-0.3',
      dose: small ? '0.15 mg' : '0.3 mg',
      route: 'IM',
      frequency: 'Once; may repeat in 5-15 minutes',
      times: [],
      prnInstructions: `Anaphylaxis after exposure to ${epi.def.allergen.toLowerCase()}: inject into the outer thigh, call 911, call parent.`,
      notes: 'Two auto-injectors on file: clinic and classroom go-bag.',
    });
    if (chance(f, 0.5) || age < 6) {
      out.push({
        kind: 'ANTIHISTAMINE',
        medKey: small ? 'dph-12-liq' : 'dph-25',
        dose: small ? '12.5 mg (5 mL)' : '25 mg',
        route: 'PO',
        frequency: 'Every 6 hours as needed',
        times: [],
        prnInstructions: 'Mild symptoms only (a few hives, itchy mouth); never instead of epinephrine.',
        notes: null,
      });
    } else {
      out.push({
        kind: 'ANTIHISTAMINE',
        medKey: 'cetirizine-10',
        dose: '10 mg',
        route: 'PO',
        frequency: 'Once daily as needed',
        times: [],
        prnInstructions: 'Mild symptoms only; never instead of epinephrine.',
        notes: null,
      });
    }
  }
  if (hasCondition(s, 'SEIZURE')) {
    const older = age >= 12;
    out.push({
      kind: 'SEIZURE_RESCUE',
      medKey: older ? 'midazolam-nasal' : 'diazepam-rectal',
      dose: older ? '5 mg (1 spray)' : s.weightKg < 20 ? '5 mg' : '10 mg',
      route: older ? 'NASAL' : 'PR',
      frequency: 'Once as needed',
      times: [],
      prnInstructions:
        'Seizure lasting 5 minutes or longer, or 3 or more seizures in 1 hour. Call 911 and the parent.',
      notes: 'Schedule IV: count verified monthly.',
    });
  }
  if (hasCondition(s, 'MIGRAINE') && age >= 12 && chance(f, 0.4)) {
    out.push({
      kind: 'MIGRAINE',
      medKey: 'sumatriptan-nasal',
      dose: '20 mg (1 spray)',
      route: 'NASAL',
      frequency: 'As needed, max 2 doses/day',
      times: [],
      prnInstructions: 'At migraine onset; may repeat once after 2 hours.',
      notes: null,
    });
  }
  return out;
}

export async function seedOrders(
  ctx: SeedContext,
  catalogs: CatalogIds,
  students: readonly StudentRec[],
): Promise<OrdersResult> {
  const f = sectionFaker(ctx.options.seed, 'medication-orders');
  const prescribers = Array.from({ length: 8 }, () => ({
    name: `${f.person.firstName()} ${f.person.lastName()}, ${pick(f, ['MD', 'MD', 'DO', 'CNP'])}`,
    npi: makeNpi(f, 'individual'),
  }));
  const orders: OrderRec[] = [];
  const orderRows: NewRow<'student_medications'>[] = [];
  const adminRows: NewRow<'medication_administrations'>[] = [];
  const missed: AdministrationEvent[] = [];

  const place = (s: StudentRec, y: SchoolYear, d: OrderDraft, prescriber: { name: string; npi: string }) => {
    const days = y.days.filter((day) => enrolledOn(s, day));
    const first = days[0];
    if (!first) return;
    const start = d.start ?? days[Math.min(days.length - 1, f.number.int({ min: 0, max: 4 }))] ?? first;
    let end = d.end ?? y.end;
    let status: ColumnOf<'student_medications', 'order_status'> = end < ctx.today ? 'EXPIRED' : 'ACTIVE';
    let reason: string | null = null;
    if (s.withdrawalDate && s.withdrawalDate <= end) {
      end = s.withdrawalDate < start ? start : s.withdrawalDate;
      status = 'DISCONTINUED';
      reason = 'Student withdrew from the district.';
    } else if (d.kind === 'ADHD' && chance(f, 0.04)) {
      const later = days.filter((day) => day > start);
      const stop = later[f.number.int({ min: 0, max: Math.max(0, later.length - 1) })];
      if (stop && stop < ctx.today) {
        end = stop;
        status = 'DISCONTINUED';
        reason = 'Prescriber changed to a long-acting dose given at home.';
      }
    }
    const createdAt = new Date(
      Math.max(
        s.createdAt.getTime() + 300_000,
        localTime(
          addDays(start, -f.number.int({ min: 1, max: 3 })),
          10,
          f.number.int({ min: 0, max: 50 }),
        ).getTime(),
      ),
    );
    const medId = catalogs.medications.get(d.medKey);
    if (!medId) throw new Error(`formulary item ${d.medKey} missing`);
    const id = newId(f, createdAt);
    const order: OrderRec = {
      id,
      student: s,
      medKey: d.medKey,
      medId,
      dose: d.dose,
      route: d.route,
      prn: d.times.length === 0,
      times: d.times,
      start,
      end,
      kind: d.kind,
    };
    orders.push(order);
    orderRows.push({
      id,
      student_id: s.id,
      medication_id: medId,
      dose: d.dose,
      route: d.route,
      frequency: d.frequency,
      schedule_times: json(d.times),
      is_prn: d.times.length === 0,
      prn_instructions: d.prnInstructions,
      start_date: start,
      end_date: end,
      prescriber_name: prescriber.name,
      prescriber_npi: prescriber.npi,
      parent_consent_on_file: true,
      order_status: status,
      discontinued_reason: reason,
      notes: d.notes,
      school_id: s.school.id,
      ...stamps(createdAt, status === 'DISCONTINUED' ? localTime(end, 15) : createdAt),
    });
    if (d.times.length > 0 && d.kind !== 'INSULIN') scheduleDoses(order, days);
  };

  const scheduleDoses = (o: OrderRec, days: readonly string[]) => {
    const s = o.student;
    for (const day of days) {
      if (day < o.start || day > o.end || day > ctx.today) continue;
      for (const time of o.times) {
        const [hh, mm] = time.split(':').map(Number) as [number, number];
        const scheduledFor = localTime(day, hh, mm);
        if (scheduledFor.getTime() > ctx.options.asOf.getTime()) continue;
        const nurse = nurseOf(s);
        const absent = isAbsent(ctx.options.seed, s, day);
        const status = absent
          ? 'NOT_IN_SCHOOL'
          : weighted(f, [
              ['GIVEN', 98.4],
              ['MISSED', 0.8],
              ['REFUSED', 0.6],
              ['HELD', 0.2],
            ] as const);
        const given =
          status === 'GIVEN' ? addMinutes(scheduledFor, f.number.int({ min: -10, max: 25 })) : null;
        if (given && given.getTime() > ctx.options.asOf.getTime()) continue;
        const recorded = given ?? addMinutes(scheduledFor, 35);
        const id = newId(f, recorded);
        adminRows.push({
          id,
          student_id: s.id,
          student_medication_id: o.id,
          medication_id: o.medId,
          clinic_visit_id: null,
          scheduled_for: scheduledFor,
          administered_at: given,
          administration_status: status,
          dose_given: given ? o.dose : null,
          route: o.route,
          administered_by: given ? nurse : null,
          witness_user_id: null,
          reason_not_given:
            status === 'NOT_IN_SCHOOL'
              ? 'Student absent'
              : status === 'MISSED'
                ? pick(f, [
                    'Student did not come to the clinic; not located before the dosing window closed.',
                    'Student on a field trip; medication was not sent with the chaperone.',
                    'Class assembly ran over the dosing window; parent notified.',
                  ])
                : status === 'REFUSED'
                  ? pick(f, [
                      'Student refused the dose; parent notified by phone.',
                      'Student declined, said stomach upset; parent informed.',
                    ])
                  : status === 'HELD'
                    ? 'Held at parent request (student unwell today).'
                    : null,
          notes: null,
          school_id: s.school.id,
          ...stamps(recorded),
        });
        if (status === 'MISSED' || status === 'REFUSED')
          missed.push({ id, student: s, order: o, status, scheduledFor, nurseId: nurse });
      }
    }
  };

  for (const s of students) {
    const age = ageOn(s.dob, ctx.today);
    const prescriber = pick(f, prescribers);
    const drafts = chronicOrders(f, s, age);
    for (const y of ctx.years) {
      for (const d of drafts) place(s, y, d, prescriber);
      // Short antibiotic courses with a midday dose (about 1.5% of students a year).
      const days = y.days.filter((day) => enrolledOn(s, day) && day <= ctx.today);
      if (days.length > 10 && chance(f, 0.015 * (days.length / y.fullYearDays))) {
        const startDay = days[f.number.int({ min: 0, max: days.length - 1 })] ?? days[0];
        const course = antibioticFor(catalogs, s);
        if (startDay && course) {
          const [medKey, dose] = course;
          const indication = pick(f, [
            'Acute otitis media',
            'Streptococcal pharyngitis',
            'Acute bacterial sinusitis',
          ]);
          place(
            s,
            y,
            {
              kind: 'ANTIBIOTIC',
              medKey,
              dose,
              route: 'PO',
              frequency: 'Three times daily; midday dose at school',
              times: ['12:00'],
              prnInstructions: null,
              notes: `${indication}: 10-day course. ${formularyName(medKey)}.`,
              start: startDay,
              end: addDays(startDay, 9),
            },
            prescriber,
          );
        }
      }
    }
  }

  await insertMany(ctx.db, 'student_medications', orderRows, ctx.progress);
  await insertMany(ctx.db, 'medication_administrations', adminRows, ctx.progress);
  const byStudent = new Map<string, OrderRec[]>();
  for (const o of orders) byStudent.set(o.student.id, [...(byStudent.get(o.student.id) ?? []), o]);
  return {
    orders,
    missed,
    orderFor: (student, kind, date) =>
      byStudent.get(student.id)?.find((o) => o.kind === kind && o.start <= date && date <= o.end),
  };
}
