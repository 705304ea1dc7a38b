import { describe, expect, it } from 'vitest';
import { MarCorrectArgs, type MarRow } from '../../../src-shared/ipc/contract';
import { correctionArgs } from '../../../src-renderer/mar/AmendDialog';
import { setDisplayTimeZone } from '../../../src-renderer/lib/format';

const id = '00000000-0000-4000-8000-000000000001';
const row: MarRow = {
  administrationId: id,
  studentMedicationId: id,
  studentId: id,
  studentName: 'Ada',
  medicationId: id,
  medication: 'Methylphenidate',
  dose: '10 mg',
  route: 'oral',
  scheduledAt: '2026-12-07T17:00:00.000Z',
  status: 'GIVEN',
  at: '2026-12-07T17:05:00.000Z',
  doseGiven: '10 mg',
};

describe('MAR correction arguments', () => {
  setDisplayTimeZone('America/Chicago');
  it('sends only what changed, the time in the school zone on the dose’s day', () => {
    const a = correctionArgs(row, { dose: '5 mg', time: '11:20', note: '', reason: ' wrong dose ' });
    expect(a).toEqual({
      administrationId: id,
      reason: 'wrong dose',
      doseGiven: '5 mg',
      givenAt: '2026-12-07T17:20:00.000Z',
    });
    expect(MarCorrectArgs.safeParse(a).success).toBe(true);
  });
  it('nothing changed is refused by the contract on the dose field; no reason on the reason', () => {
    const a = correctionArgs(row, { dose: '10 mg', time: '11:05', note: '', reason: '' });
    expect(a).toEqual({ administrationId: id, reason: '' });
    const r = MarCorrectArgs.safeParse(a);
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('reason');
    expect(paths).toContain('doseGiven');
  });
  it('a refused dose: only its note', () => {
    const refused: MarRow = { ...row, status: 'REFUSED', doseGiven: undefined, note: 'spat it out' };
    expect(correctionArgs(refused, { dose: '', time: '', note: 'refused', reason: 'typo' })).toEqual({
      administrationId: id,
      reason: 'typo',
      note: 'refused',
    });
  });
});
