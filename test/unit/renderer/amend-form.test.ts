import { describe, expect, it } from 'vitest';
import { AMENDABLE_FIELDS } from '../../../src-shared/clinic-visits';
import { VisitAmendArgs, type VisitDetail } from '../../../src-shared/ipc/contract';
import {
  AMEND_FORM_FIELDS,
  changeOf,
  choicesOf,
  currentOf,
  historyValue,
  kindOf,
} from '../../../src-renderer/clinic-visits/amend-form';
import { setDisplayTimeZone } from '../../../src-renderer/lib/format';

const visitId = '019fbd69-dee0-7084-8a7a-619af7fb83ba';
const visit: VisitDetail = {
  visitId,
  studentId: visitId,
  studentName: 'Ana Diaz',
  arrivedAt: '2026-12-07T15:00:00.000Z',
  departedAt: '2026-12-07T15:40:00.000Z',
  sentHome: true,
  disposition: 'SENT_HOME',
  inClinic: false,
  reason: 'Injury',
  complaint: 'Fell at recess',
  vitals: { painScore: 6, heartRate: 96 },
  painScale: 'FACES',
  amendments: [],
};

describe('the amend form', () => {
  setDisplayTimeZone('America/Chicago');

  it('offers every field the amend method accepts (the pain scale with the pain score)', () => {
    const offered = new Set<string>([...AMEND_FORM_FIELDS, 'painScale']);
    expect(offered).toEqual(new Set(Object.keys(AMENDABLE_FIELDS)));
  });

  it('gives each field its control', () => {
    expect(kindOf('complaint')).toBe('text');
    expect(kindOf('heartRate')).toBe('number');
    expect(kindOf('painScore')).toBe('pain');
    expect(kindOf('disposition')).toBe('choice');
    expect(kindOf('triage')).toBe('choice');
    expect(kindOf('returnedToClassAt')).toBe('time');
    expect(kindOf('parentNotifiedAt')).toBe('time');
    expect(choicesOf('disposition').map((c) => c.value)).toEqual([
      '',
      'RETURNED_TO_CLASS',
      'SENT_HOME',
      'EMERGENCY_TRANSPORT',
    ]);
  });

  it('starts from the saved value, times in the school’s zone', () => {
    expect(currentOf(visit, 'departedAt').value).toBe('2026-12-07T09:40');
    expect(currentOf(visit, 'painScore')).toEqual({ value: '6', painScale: 'FACES' });
    expect(currentOf(visit, 'disposition').value).toBe('SENT_HOME');
    expect(currentOf(visit, 'treatment').value).toBe('');
  });

  it('sends the change the contract checks, naming the field when it is wrong', () => {
    const time = changeOf('returnedToClassAt', { value: '2026-12-07T10:05', painScale: 'NUMERIC' });
    expect(time).toEqual({ returnedToClassAt: '2026-12-07T16:05:00.000Z' });
    expect(changeOf('disposition', { value: '', painScale: 'NUMERIC' })).toEqual({ disposition: null });
    expect(changeOf('painScore', { value: '8', painScale: 'FACES' })).toEqual({
      painScore: 8,
      painScale: 'FACES',
    });
    expect(changeOf('painScore', { value: '', painScale: 'FACES' })).toEqual({
      painScore: null,
      painScale: null,
    });
    const bad = VisitAmendArgs.safeParse({
      visitId,
      reason: 'typo in the time',
      changes: changeOf('departedAt', { value: 'soon', painScale: 'NUMERIC' }),
    });
    expect(bad.error?.issues[0]?.path).toEqual(['changes', 'departedAt']);
    const empty = VisitAmendArgs.safeParse({
      visitId,
      reason: 'cleared by mistake',
      changes: changeOf('complaint', { value: '  ', painScale: 'NUMERIC' }),
    });
    expect(empty.error?.issues[0]?.path).toEqual(['changes', 'complaint']);
  });

  it('the history reads outcomes, scales and times as a person says them', () => {
    expect(historyValue('SENT_HOME', 'disposition')).toBe('Sent home');
    expect(historyValue('FACES', 'painScale')).toBe('Faces');
    expect(historyValue('URGENT', 'triage')).toBe('Urgent');
    expect(historyValue(null, 'notes')).toBe('(empty)');
    expect(historyValue('2025-12-07T16:05:00.000Z', 'parentNotifiedAt')).toMatch(/10:05/);
  });
});
