import { describe, expect, it } from 'vitest';
import { draftMeds, draftOf, isDirty } from '../../../src-renderer/clinic-visits/use-visit-draft';
import { buildArgs, localErrors, type VisitFormState } from '../../../src-renderer/clinic-visits/visit-form';
import { toLocalInput } from '../../../src-renderer/lib/format';
import { VisitCreateArgs } from '../../../src-shared/ipc/contract';

const empty = (): VisitFormState => ({
  arrivedAt: toLocalInput(new Date(Date.now() - 30 * 60_000)),
  reasonId: '019fbd69-0000-7000-8000-000000000001',
  reasonText: '',
  triage: 'ROUTINE',
  complaint: '',
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
  disposition: 'IN_CLINIC',
  leftAt: '',
  parentNotified: false,
  parentNotifiedAt: '',
  followUp: '',
  period: '',
  subject: '',
  minutesMissed: '',
  notes: '',
});

describe('the new-visit form, issue 10', () => {
  it('a diabetic check asks for the glucose before anything is sent', () => {
    const f = { ...empty(), complaint: 'Shaky' };
    const args = buildArgs(f, 'student-1', 'key-12345678');
    expect(localErrors(f, args, 'DIABETIC_CHECK')['vitals.bloodGlucose']).toBe(
      'this reason records the blood glucose (20–600 mg/dL)',
    );
    expect(localErrors(f, args, 'HEADACHE')['vitals.bloodGlucose']).toBeUndefined();
    const g = { ...f, bloodGlucose: '65' };
    expect(localErrors(g, buildArgs(g, 'student-1', 'key-12345678'), 'DIABETIC_CHECK')).toEqual({});
  });

  it('the new readings and the symptom checklist become contract arguments', () => {
    const f = {
      ...empty(),
      complaint: 'Wheezing after recess',
      peakFlow: '240',
      spo2: '95',
      respiratoryRate: '28',
      symptoms: ['wheezing', 'cough'],
    };
    const args = buildArgs(f, 'student-1', 'key-12345678');
    expect(args.vitals).toEqual({ peakFlow: 240, spo2: 95, respiratoryRate: 28 });
    expect(args.symptoms).toEqual([
      { code: 'cough', label: 'Cough' },
      { code: 'wheezing', label: 'Wheezing' },
    ]);
    expect(VisitCreateArgs.safeParse(args).success).toBe(true);
    const bad = VisitCreateArgs.safeParse(buildArgs({ ...f, peakFlow: '1000' }, 'student-1', 'key-12345678'));
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['vitals.peakFlow']);
  });

  it('a form is dirty once something is typed; the draft keeps the medication lines without their check', () => {
    const initial = empty();
    expect(isDirty(initial, initial)).toBe(false);
    expect(isDirty({ ...initial, complaint: 'x' }, initial)).toBe(true);
    expect(isDirty({ ...initial, symptoms: ['fever'] }, initial)).toBe(true);
    const withMed = {
      ...initial,
      meds: [
        {
          key: 'k',
          source: 'STOCK' as const,
          orderId: '',
          medicationId: 'm',
          medicationName: 'Ibuprofen',
          dose: '200 mg',
          route: 'oral',
          givenAt: '10:00',
          acknowledged: true,
          override: { reason: 'Parent asked', physicianName: '', acknowledgeUnknown: false },
          check: { state: 'done' as const },
        },
      ],
    };
    expect(isDirty(withMed, initial)).toBe(true);
    const kept = draftOf(withMed);
    expect(kept.meds).toEqual([
      {
        source: 'STOCK',
        orderId: '',
        medicationId: 'm',
        medicationName: 'Ibuprofen',
        dose: '200 mg',
        route: 'oral',
        givenAt: '10:00',
      },
    ]);
    // stored as JSON and read back after a restart: the same lines, never the acknowledgement
    const stored = JSON.parse(JSON.stringify(kept)) as Record<string, unknown>;
    expect(draftMeds(stored)).toEqual(kept.meds);
    // a line that does not read as one is left out
    expect(draftMeds({ meds: [{ medicationId: '' }, 'x', kept.meds[0]] })).toEqual(kept.meds);
    expect(draftMeds({})).toEqual([]);
  });
});
