import { describe, expect, it } from 'vitest';
import { IPC_METHODS, ipcContract, isIpcMethod } from '../../../src-shared/ipc/contract';
import { IpcError, ipcErrorFromZod } from '../../../src-shared/ipc/errors';
import { localDate, localDayRange, zonedToUtc } from '../../../src-shared/time';

/** The IPC contract's own checks: what the UI gets back as a field error before the core runs anything. */

const field = (method: keyof typeof ipcContract, args: unknown): string | undefined => {
  const r = ipcContract[method].args.safeParse(args);
  return r.success ? undefined : ipcErrorFromZod(r.error).field;
};
const visit = {
  studentId: 's1',
  arrivedAt: '2026-03-04T14:00:00Z',
  reasonText: 'Headache',
  triage: 'ROUTINE',
  complaint: 'Headache',
};

describe('ipcContract', () => {
  it('names every method of the plan, frozen', () => {
    expect(IPC_METHODS).toEqual(
      expect.arrayContaining([
        'app.status',
        'app.enroll',
        'app.signIn',
        'app.unlock',
        'app.setPin',
        'app.clearPin',
        'app.lock',
        'app.signOut',
        'app.activity',
        'app.breakGlass',
        'today.get',
        'students.search',
        'students.chart',
        'catalog.visitReasons',
        'catalog.medications',
        'medicationSafety.check',
        'clinicVisits.create',
        'clinicVisits.excuseNote',
        'symptoms.record',
        'mar.today',
        'mar.record',
        'immunizations.record',
        'sync.status',
        'sync.now',
        'sync.conflicts',
        'sync.resolveConflict',
        'sync.rejections',
      ]),
    );
    expect(Object.isFrozen(ipcContract)).toBe(true);
    expect(isIpcMethod('constructor')).toBe(false);
    expect(isIpcMethod('clinicVisits.create')).toBe(true);
  });

  it('refuses out-of-range vitals with the field', () => {
    expect(field('clinicVisits.create', { ...visit, vitals: { temperatureC: 31 } })).toBe(
      'vitals.temperatureC',
    );
    expect(field('clinicVisits.create', { ...visit, vitals: { temperatureF: 111 } })).toBe(
      'vitals.temperatureF',
    );
    expect(field('clinicVisits.create', { ...visit, vitals: { heartRate: 72.5 } })).toBe('vitals.heartRate');
    expect(field('clinicVisits.create', { ...visit, vitals: { systolic: 120 } })).toBe('vitals.diastolic');
    expect(field('clinicVisits.create', { ...visit, vitals: { temperatureC: 37, temperatureF: 98.6 } })).toBe(
      'vitals.temperatureF',
    );
    expect(field('clinicVisits.create', { ...visit, vitals: { bloodSugar: 90 } })).toBe('vitals');
    expect(
      field('clinicVisits.create', {
        ...visit,
        vitals: { temperatureC: 37.2, heartRate: 80, systolic: 110, diastolic: 70 },
      }),
    ).toBeUndefined();
  });

  it('refuses times out of order with the field', () => {
    expect(field('clinicVisits.create', { ...visit, returnedToClassAt: '2026-03-04T13:59:00Z' })).toBe(
      'returnedToClassAt',
    );
    expect(field('clinicVisits.create', { ...visit, departedAt: '2026-03-04T08:59:00-05:00' })).toBe(
      'departedAt',
    );
    expect(field('clinicVisits.create', { ...visit, parentNotifiedAt: 'yesterday' })).toBe(
      'parentNotifiedAt',
    );
    expect(
      field('clinicVisits.create', { ...visit, sentHome: true, returnedToClassAt: '2026-03-04T15:00:00Z' }),
    ).toBe('returnedToClassAt');
    expect(
      field('clinicVisits.create', {
        ...visit,
        medications: [{ medicationId: 'm', dose: '1', route: 'oral', givenAt: '2026-03-04T13:00:00Z' }],
      }),
    ).toBe('medications.0.givenAt');
  });

  it('requires a reason, a break-glass reason of 10 characters, a note for a dose not given', () => {
    expect(field('clinicVisits.create', { ...visit, reasonText: undefined })).toBe('reasonId');
    expect(field('app.breakGlass', { reason: 'urgent' })).toBe('reason');
    expect(
      field('mar.record', {
        studentMedicationId: 'x',
        scheduledAt: '2026-03-04T17:00:00Z',
        status: 'MISSED',
      }),
    ).toBe('note');
    expect(
      field('immunizations.record', {
        studentId: 's',
        cvx: '3a',
        administeredOn: '2020-01-01',
        source: 'HISTORICAL',
      }),
    ).toBe('cvx');
    expect(field('students.search', { query: '' })).toBe('query');
  });

  it('refuses free text a database cannot store (NUL, lone surrogate) with the field, in every slice', () => {
    expect(field('clinicVisits.create', { ...visit, notes: 'a\u0000b' })).toBe('notes');
    expect(field('clinicVisits.create', { ...visit, complaint: 'pain \ud800' })).toBe('complaint');
    expect(field('clinicVisits.create', { ...visit, complaint: 'pain 😀' })).toBeUndefined();
    expect(
      field('symptoms.record', {
        visitId: 'v1',
        symptoms: [{ code: 'fever', label: 'Fever' }],
        notes: '\u0000',
      }),
    ).toBe('notes');
    expect(field('app.breakGlass', { reason: 'Student collapsed \udc00 in the gym' })).toBe('reason');
    expect(field('sync.resolveConflict', { id: 'c1', choice: 'KEEP_SERVER', reason: 'ok\u0000ok' })).toBe(
      'reason',
    );
  });

  it('turns a zod failure into a VALIDATION IpcError naming the field', () => {
    const r = ipcContract['app.signIn'].args.safeParse({ email: 'x', password: 'p' });
    expect(r.success).toBe(false);
    if (r.success) return;
    const e = ipcErrorFromZod(r.error);
    expect(e).toBeInstanceOf(IpcError);
    expect(e.toShape()).toMatchObject({ code: 'VALIDATION', field: 'email' });
    expect(e.message).toMatch(/^email: /);
  });
});

describe('school time', () => {
  it('converts local schedule times across daylight saving', () => {
    expect(new Date(zonedToUtc('2026-01-15', '12:00', 'America/New_York')).toISOString()).toBe(
      '2026-01-15T17:00:00.000Z',
    );
    expect(new Date(zonedToUtc('2026-07-15', '12:00', 'America/New_York')).toISOString()).toBe(
      '2026-07-15T16:00:00.000Z',
    );
    expect(localDate(Date.parse('2026-07-16T03:30:00Z'), 'America/New_York')).toBe('2026-07-15');
    expect(localDayRange('2026-03-08', 'America/New_York')).toEqual({
      from: '2026-03-08T05:00:00.000Z',
      to: '2026-03-09T04:00:00.000Z',
    });
  });
});
