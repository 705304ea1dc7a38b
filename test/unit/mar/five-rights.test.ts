import { describe, expect, it } from 'vitest';
import {
  applyEntry,
  doseGivenProblem,
  doseTiming,
  doseWindow,
  isRepeatDose,
  ledgerBalance,
  orderIntervalMs,
  overdrawProblem,
  parseDose,
  unitsForDose,
} from '../../../src-shared/mar';

const min = 60_000;
const hour = 60 * min;

describe('doseTiming', () => {
  const at = Date.parse('2026-12-07T15:00:00.000Z');
  it('is on time exactly where doseWindow says DUE, early before, late after', () => {
    expect(doseTiming(at, at - 30 * min - 1)).toBe('EARLY');
    expect(doseTiming(at, at - 30 * min)).toBe('ON_TIME');
    expect(doseTiming(at, at + 30 * min)).toBe('ON_TIME');
    expect(doseTiming(at, at + 30 * min + 1)).toBe('LATE');
    for (const d of [-30 * min, -1, 0, 29 * min, 30 * min])
      expect(doseWindow(at, at + d) === 'DUE').toBe(doseTiming(at, at + d) === 'ON_TIME');
  });
});

describe('the dose given', () => {
  it('parses a number and a unit', () => {
    expect(parseDose('10 mg')).toEqual({ amount: 10, unit: 'mg' });
    expect(parseDose('2.5mL')).toEqual({ amount: 2.5, unit: 'ml' });
    expect(parseDose('2 puffs')).toEqual({ amount: 2, unit: 'puffs' });
    expect(parseDose('ten mg')).toBeNull();
    expect(parseDose('10')).toBeNull();
  });
  it('is more than 0 and at most the ordered dose, in its unit', () => {
    expect(doseGivenProblem('10 mg', '10 mg')).toBeNull();
    expect(doseGivenProblem('10 mg', '5 mg')).toBeNull();
    expect(doseGivenProblem('10 mg', '100 mg')).toBe('doseGiven: more than 0 and at most the ordered 10 mg');
    expect(doseGivenProblem('10 mg', '0 mg')).toBe('doseGiven: more than 0 and at most the ordered 10 mg');
    expect(doseGivenProblem('10 mg', '10 mL')).toBe(
      "doseGiven: in the order's unit (mg), the order is 10 mg",
    );
    expect(doseGivenProblem('10 mg', 'a lot')).toBe('doseGiven: a number and a unit, e.g. "10 mg"');
  });
  it('takes any plausible amount when the order is free text', () => {
    expect(doseGivenProblem('one tablet with lunch', '1 tablet')).toBeNull();
    expect(doseGivenProblem('one tablet with lunch', 'one tablet with lunch')).toBeNull();
    expect(doseGivenProblem('one tablet with lunch', 'two tablets')).toBe(
      'doseGiven: a number and a unit, e.g. "10 mg"',
    );
    expect(doseGivenProblem('one tablet with lunch', '20000 tablet')).toBe(
      'doseGiven: more than 0 and at most 10000 tablet',
    );
  });
});

describe('the order interval and repeats', () => {
  it('reads every N hours / qNh from the frequency, else the shortest gap, else a day', () => {
    expect(orderIntervalMs([], 'every 4 hours as needed')).toBe(4 * hour);
    expect(orderIntervalMs([], 'q6h PRN')).toBe(6 * hour);
    expect(orderIntervalMs([], 'Q4-6H')).toBe(4 * hour);
    expect(orderIntervalMs(['08:00', '12:00', '15:00'], 'three times a day')).toBe(3 * hour);
    expect(orderIntervalMs(['12:00'], 'daily')).toBe(24 * hour);
    expect(orderIntervalMs([], null)).toBe(24 * hour);
  });
  it('calls a dose within the interval less the hour of the window a repeat, in either order', () => {
    const t = Date.parse('2026-12-07T15:00:00.000Z');
    expect(isRepeatDose(t, t + 2 * hour, 4 * hour)).toBe(true);
    expect(isRepeatDose(t, t + 3 * hour - 1, 4 * hour)).toBe(true);
    expect(isRepeatDose(t, t + 3 * hour, 4 * hour)).toBe(false);
    expect(isRepeatDose(t + 2 * hour, t, 4 * hour)).toBe(true);
    expect(isRepeatDose(t, t + 20 * hour, 24 * hour)).toBe(true);
  });
  it('counts unit doses by strength', () => {
    expect(unitsForDose('10 mg', '5 mg')).toBe(2);
    expect(unitsForDose('10 mg', '10 mg')).toBe(1);
    expect(unitsForDose('2 puffs', '90 mcg')).toBe(1);
    expect(unitsForDose('10 mg', null)).toBe(1);
  });
});

describe('the controlled-substance ledger', () => {
  it('adds receipts and voided doses, takes gives, wastes and returns, and a count sets the balance', () => {
    expect(
      ledgerBalance([
        { kind: 'RECEIVED', quantity: 30 },
        { kind: 'GIVEN', quantity: 2 },
        { kind: 'VOIDED', quantity: 1 },
        { kind: 'WASTED', quantity: 0.5 },
        { kind: 'RETURNED', quantity: 3 },
      ]),
    ).toBe(25.5);
    expect(applyEntry(25.5, { kind: 'COUNT', quantity: 24 })).toBe(24);
  });
  it('refuses a waste or return larger than the stock', () => {
    expect(overdrawProblem(3, { kind: 'WASTED', quantity: 4 })).toBe(
      'quantity: at most the 3 unit doses in stock',
    );
    expect(overdrawProblem(3, { kind: 'RETURNED', quantity: 3 })).toBeNull();
    expect(overdrawProblem(0, { kind: 'RECEIVED', quantity: 3 })).toBeNull();
  });
});
