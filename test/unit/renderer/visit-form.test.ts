import { describe, expect, it } from 'vitest';
import {
  VisitCreateArgs,
  type SafetyCheckView,
  type SafetyRequirement,
} from '../../../src-shared/ipc/contract';
import { emptyOverride } from '../../../src-renderer/medication-safety';
import { zodFieldErrors } from '../../../src-renderer/lib/form';
import { toLocalInput } from '../../../src-renderer/lib/format';
import { symptomCode } from '../../../src-renderer/symptoms/SymptomsForm';
import { choiceFor } from '../../../src-renderer/sync/SyncPage';
import {
  buildArgs,
  localErrors,
  vitalWarnings,
  type MedLine,
  type VisitFormState,
} from '../../../src-renderer/clinic-visits/visit-form';

/**
 * The New visit form's logic (src-renderer/clinic-visits/visit-form.ts): what the nurse types becomes the contract's
 * clinicVisits.create arguments, checked by the contract's own schema, plus the checks only the form can make.
 */

const STUDENT = '019fbd69-dee0-7084-8a7a-619af7fb83ba';
const KEY = 'a1b2c3d4-e5f6-4711-8000-000000000001';
/** Yesterday 10:00 local: always in the past, and 10:00-10:30 never crosses midnight. */
const arrival = (() => {
  const d = new Date();
  d.setDate(d.getDate() - 1);
  d.setHours(10, 0, 0, 0);
  return d;
})();

function form(patch: Partial<VisitFormState> = {}): VisitFormState {
  return {
    arrivedAt: toLocalInput(arrival),
    reasonId: '019fbd69-0000-7000-8000-000000000001',
    reasonText: '',
    triage: 'ROUTINE',
    complaint: 'Headache since lunch',
    tempUnit: 'F',
    temperature: '',
    heartRate: '',
    systolic: '',
    diastolic: '',
    bloodGlucose: '',
    spo2: '',
    respiratoryRate: '',
    painScore: '',
    painScale: 'NUMERIC',
    peakFlow: '',
    symptoms: [],
    treatment: '',
    meds: [],
    disposition: 'RETURNED',
    leftAt: toLocalInput(new Date(arrival.getTime() + 20 * 60_000)).slice(11, 16),
    parentNotified: false,
    parentNotifiedAt: '',
    followUp: '',
    period: '',
    subject: '',
    minutesMissed: '',
    notes: '',
    ...patch,
  };
}

const level = (severity: 'MODERATE' | 'MAJOR' | 'CONTRAINDICATED') => ({
  severity,
  displayName: severity,
  color: '#B3261E',
  guidance: 'Check before giving.',
});

/** The check's answer for ibuprofen and a student allergic to NSAIDs (what medicationSafety.check returns). */
const allergyView = (requires: SafetyRequirement = 'REASON'): SafetyCheckView => ({
  drug: { id: '019fbd69-0000-7000-8000-0000000000dd', name: 'Ibuprofen' },
  medication: 'Ibuprofen 200 mg tablet',
  unknown: [],
  findings: [
    {
      kind: 'ALLERGY',
      match: 'CLASS',
      level: level(requires === 'PHYSICIAN' ? 'CONTRAINDICATED' : 'MAJOR'),
      with: 'Allergy: NSAIDs (moderate)',
      description: 'Ibuprofen is an NSAID; the student is allergic to NSAIDs.',
      evidence: 'HIGH',
      blocking: true,
    },
  ],
  highest: level(requires === 'PHYSICIAN' ? 'CONTRAINDICATED' : 'MAJOR'),
  requires,
  version: '2026.12.1',
});

const ibuprofen = (patch: Partial<MedLine> = {}): MedLine => ({
  key: 'k1',
  source: 'STOCK',
  orderId: '',
  medicationId: '019fbd69-0000-7000-8000-0000000000aa',
  medicationName: 'Ibuprofen 200 mg tablet',
  dose: '200 mg',
  route: 'oral',
  givenAt: toLocalInput(new Date(arrival.getTime() + 5 * 60_000)).slice(11, 16),
  acknowledged: false,
  override: emptyOverride,
  check: { state: 'done', view: allergyView() },
  ...patch,
});

function check(f: VisitFormState) {
  const args = buildArgs(f, STUDENT, KEY);
  const parsed = VisitCreateArgs.safeParse(args);
  return {
    args,
    errors: { ...(parsed.success ? {} : zodFieldErrors(parsed.error)), ...localErrors(f, args) },
  };
}

describe('New visit form → clinicVisits.create arguments', () => {
  it('a complete visit becomes arguments the contract accepts, times on the arrival day in UTC', () => {
    const { args, errors } = check(
      form({
        temperature: '100.9',
        heartRate: '96',
        systolic: '110',
        diastolic: '70',
        period: '3',
        subject: 'Math',
        minutesMissed: '20',
      }),
    );
    expect(errors).toEqual({});
    expect(args.vitals).toEqual({ temperatureF: 100.9, heartRate: 96, systolic: 110, diastolic: 70 });
    expect(args.classTimeMissed).toEqual({ period: '3', subject: 'Math', minutes: 20 });
    expect(args.returnedToClassAt && Date.parse(args.returnedToClassAt) - Date.parse(args.arrivedAt)).toBe(
      20 * 60_000,
    );
    expect(args.sentHome).toBeUndefined();
    expect(args.idempotencyKey).toBe(KEY);
  });

  it('an out-of-range reading is refused by the contract, next to that field', () => {
    const { errors } = check(form({ heartRate: '400', temperature: '38.5', tempUnit: 'C' }));
    expect(errors['vitals.heartRate']).toMatch(/above 250/);
    expect(errors['vitals.temperatureC']).toBeUndefined();
  });

  it('a reading that is not a number is refused', () => {
    expect(check(form({ systolic: 'abc', diastolic: '70' })).errors['vitals.systolic']).toBeDefined();
  });

  it('soft warnings flag a fever and a high pulse without refusing them', () => {
    expect(vitalWarnings({ temperatureC: 38.2, heartRate: 130 })).toEqual({
      temperature: 'Fever',
      heartRate: 'Unusual for a school-age child: recheck',
    });
    expect(vitalWarnings({ temperatureF: 98.6, heartRate: 80 })).toEqual({});
  });

  it('nothing in the future: arrival, return to class, parent notification', () => {
    const later = new Date(Date.now() + 3 * 60 * 60_000);
    expect(check(form({ arrivedAt: toLocalInput(later) })).errors.arrivedAt).toBe('cannot be in the future');
    const f = form({ arrivedAt: toLocalInput(new Date(Date.now() - 5 * 60_000)), parentNotified: true });
    expect(check(f).errors.parentNotifiedAt).toBe('when was the parent notified?');
  });

  it('a return to class before the arrival is refused by the contract', () => {
    const { errors } = check(
      form({ leftAt: toLocalInput(new Date(arrival.getTime() - 30 * 60_000)).slice(11, 16) }),
    );
    expect(errors.returnedToClassAt).toBe('return to class cannot be before arrival');
  });

  it('a missing reason and complaint are named', () => {
    const { errors } = check(form({ reasonId: '', complaint: '  ' }));
    expect(errors.reasonId).toBe('choose a reason or type one');
    expect(errors.complaint).toBe('required');
  });

  it('an allergy conflict must be acknowledged, with a reason, before anything is sent', () => {
    expect(check(form({ meds: [ibuprofen()] })).errors['medications.0.safety']).toMatch(
      /acknowledge the allergy warning/,
    );
    const withReason = (reason: string) =>
      ibuprofen({ acknowledged: true, override: { ...emptyOverride, reason } });
    expect(check(form({ meds: [withReason('ok')] })).errors['medications.0.safetyOverride.reason']).toMatch(
      /at least 5/,
    );
    const done = check(form({ meds: [withReason('Parent confirmed by phone')] }));
    expect(done.errors).toEqual({});
    expect(done.args.medications?.[0]?.safetyOverride).toEqual({ reason: 'Parent confirmed by phone' });
    expect(done.args.medications?.[0]?.studentMedicationId).toBeUndefined(); // stock, not an order
  });

  it('a contraindicated finding also needs the approving physician', () => {
    const line = (physicianName: string) =>
      ibuprofen({
        acknowledged: true,
        override: { ...emptyOverride, reason: 'Allergist cleared it', physicianName },
        check: { state: 'done', view: allergyView('PHYSICIAN') },
      });
    expect(check(form({ meds: [line('')] })).errors['medications.0.safetyOverride.physicianName']).toMatch(
      /physician/,
    );
    const done = check(form({ meds: [line('Dr. Amy Patel')] }));
    expect(done.errors).toEqual({});
    expect(done.args.medications?.[0]?.safetyOverride).toEqual({
      reason: 'Allergist cleared it',
      physicianName: 'Dr. Amy Patel',
    });
  });

  it('a drug not in the catalog must be confirmed as unchecked', () => {
    const unknown: SafetyCheckView = {
      medication: 'Herbal tea',
      unknown: ['Herbal tea'],
      findings: [],
      requires: 'ACKNOWLEDGE_UNKNOWN',
      version: '2026.12.1',
    };
    const line = (acknowledgeUnknown: boolean) =>
      ibuprofen({
        check: { state: 'done', view: unknown },
        override: { ...emptyOverride, acknowledgeUnknown },
      });
    expect(
      check(form({ meds: [line(false)] })).errors['medications.0.safetyOverride.acknowledgeUnknown'],
    ).toMatch(/not checked/);
    const done = check(form({ meds: [line(true)] }));
    expect(done.errors).toEqual({});
    expect(done.args.medications?.[0]?.safetyOverride).toEqual({ acknowledgeUnknown: true });
  });

  it('a medication whose safety check has not answered yet cannot be saved', () => {
    const pending = ibuprofen({ check: { state: 'checking' } });
    expect(check(form({ meds: [pending] })).errors['medications.0.safety']).toMatch(/still checking/);
  });

  it('a dose given under the student’s order carries the order id; a dose with nothing found needs no override', () => {
    const order = ibuprofen({
      source: 'ORDER',
      orderId: '019fbd69-0000-7000-8000-0000000000cc',
      check: { state: 'done', view: { ...allergyView('NONE'), findings: [], highest: undefined } },
    });
    const { args, errors } = check(form({ meds: [order] }));
    expect(errors).toEqual({});
    expect(args.medications?.[0]).toMatchObject({
      studentMedicationId: '019fbd69-0000-7000-8000-0000000000cc',
      safetyOverride: undefined,
    });
  });

  it('sent home: departure time, no return to class', () => {
    const { args, errors } = check(form({ disposition: 'SENT_HOME' }));
    expect(errors).toEqual({});
    expect(args.sentHome).toBe(true);
    expect(args.returnedToClassAt).toBeUndefined();
    expect(args.departedAt).toBeDefined();
  });

  it('class time missed needs the minutes once a period or subject is given', () => {
    expect(check(form({ period: '2' })).errors['classTimeMissed.minutes']).toBeDefined();
  });
});

describe('symptom codes and conflict choices', () => {
  it('a typed symptom gets a code the contract accepts', () => {
    expect(symptomCode('Light sensitivity')).toBe('light_sensitivity');
    expect(symptomCode('  Ear-ache!! ')).toBe('ear_ache');
    expect(symptomCode('3rd degree burn')).toBe('s_3rd_degree_burn');
  });

  it('choosing a side maps to the contract’s resolution', () => {
    // the other workstation's value is in the record: keep it, or apply mine (the other value)
    expect(choiceFor('THEIRS', false)).toBe('KEEP_SERVER');
    expect(choiceFor('MINE', false)).toBe('APPLY_OTHER');
    // mine is in the record: keep it, or apply theirs
    expect(choiceFor('MINE', true)).toBe('KEEP_SERVER');
    expect(choiceFor('THEIRS', true)).toBe('APPLY_OTHER');
    // a district rule's refusal has no other value to apply
    expect(choiceFor('MINE', false, 'CONSTRAINT')).toBeUndefined();
    expect(choiceFor('THEIRS', false, 'CONSTRAINT')).toBe('KEEP_SERVER');
  });
});
