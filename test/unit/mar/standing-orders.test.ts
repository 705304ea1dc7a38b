import { describe, expect, it } from 'vitest';
import { acetaminophenDose, describeDose, ibuprofenDose } from '../../../src-shared/mar';

describe('standing-order analgesic doses', () => {
  it('gives acetaminophen 15 mg/kg in the form the age calls for (known answers)', () => {
    expect(acetaminophenDose(20, 5)).toEqual({ form: 'SUSPENSION', mg: 304, ml: 9.5 });
    expect(acetaminophenDose(4, 1)).toEqual({ form: 'SUSPENSION', mg: 80, ml: 2.5 });
    expect(acetaminophenDose(30, 9)).toEqual({ form: 'CHEWABLE_TABLET', mg: 320, count: 2 });
    expect(acetaminophenDose(10, 6)).toEqual({ form: 'CHEWABLE_TABLET', mg: 160, count: 1 });
    expect(acetaminophenDose(45, 11)).toEqual({ form: 'CHEWABLE_TABLET', mg: 480, count: 3 });
    expect(acetaminophenDose(45, 13)).toEqual({ form: 'TABLET', mg: 325, count: 1 });
    expect(acetaminophenDose(60, 14)).toEqual({ form: 'TABLET', mg: 650, count: 2 });
  });

  it('gives ibuprofen 10 mg/kg, suspension under 12, at most 20 mL', () => {
    expect(ibuprofenDose(20, 8)).toEqual({ form: 'SUSPENSION', mg: 200, ml: 10 });
    expect(ibuprofenDose(15, 4)).toEqual({ form: 'SUSPENSION', mg: 150, ml: 7.5 });
    expect(ibuprofenDose(50, 11)).toEqual({ form: 'SUSPENSION', mg: 400, ml: 20 });
    expect(ibuprofenDose(40, 12)).toEqual({ form: 'TABLET', mg: 200, count: 1 });
    expect(ibuprofenDose(70, 16)).toEqual({ form: 'TABLET', mg: 400, count: 2 });
  });

  it('stays within half a milliliter of the mg/kg dose for suspensions', () => {
    for (let kg = 10; kg <= 40; kg += 0.7) {
      const apap = acetaminophenDose(kg, 4);
      if (apap.form === 'SUSPENSION')
        expect(Math.abs(apap.mg - 15 * kg)).toBeLessThanOrEqual(0.25 * 32 + 1e-9);
      const ibu = ibuprofenDose(kg, 8);
      if (ibu.form === 'SUSPENSION') expect(Math.abs(ibu.mg - 10 * kg)).toBeLessThanOrEqual(0.25 * 20 + 1e-9);
    }
  });

  it('writes the dose as the MAR shows it', () => {
    expect(describeDose({ form: 'TABLET', mg: 400, count: 2 })).toBe('400 mg (2 tablets)');
    expect(describeDose({ form: 'TABLET', mg: 325, count: 1 })).toBe('325 mg (1 tablet)');
    expect(describeDose({ form: 'CHEWABLE_TABLET', mg: 320, count: 2 })).toBe('320 mg (2 chewable tablets)');
    expect(describeDose({ form: 'SUSPENSION', mg: 150, ml: 7.5 })).toBe('150 mg (7.5 mL)');
  });

  it('refuses a weight or age that is not one', () => {
    expect(() => acetaminophenDose(0, 5)).toThrow(/weight must be a positive number of kilograms, got 0/);
    expect(() => ibuprofenDose(20, 7.5)).toThrow(/age must be whole years, got 7.5/);
  });
});
