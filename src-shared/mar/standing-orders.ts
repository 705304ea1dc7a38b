/**
 * Doses of the stock analgesics the nurse gives under the district's standing orders (with parent consent):
 * acetaminophen 15 mg/kg and ibuprofen 10 mg/kg, as the form the student's age calls for.
 *   - 12 and older: adult tablets (acetaminophen 325 mg, ibuprofen 200 mg), two from 50 kg;
 *   - acetaminophen from 6 to 11: 160 mg chewable tablets, 1 to 3, rounded down;
 *   - younger (ibuprofen under 12): oral suspension (acetaminophen 160 mg/5 mL, ibuprofen 100 mg/5 mL), rounded to
 *     half a milliliter, at least 2.5 mL (ibuprofen at most 20 mL).
 */

export type AnalgesicDose =
  | { readonly form: 'TABLET' | 'CHEWABLE_TABLET'; readonly mg: number; readonly count: number }
  | { readonly form: 'SUSPENSION'; readonly mg: number; readonly ml: number };

const halfMl = (ml: number): number => Math.round(ml * 2) / 2;

function check(weightKg: number, ageYears: number): void {
  if (!(weightKg > 0 && weightKg < 400))
    throw new Error(`weight must be a positive number of kilograms, got ${weightKg}`);
  if (!(Number.isInteger(ageYears) && ageYears >= 0 && ageYears < 30))
    throw new Error(`age must be whole years, got ${ageYears}`);
}

/** Acetaminophen, 15 mg/kg. */
export function acetaminophenDose(weightKg: number, ageYears: number): AnalgesicDose {
  check(weightKg, ageYears);
  if (ageYears >= 12) {
    const count = weightKg >= 50 ? 2 : 1;
    return { form: 'TABLET', mg: 325 * count, count };
  }
  if (ageYears >= 6) {
    const count = Math.max(1, Math.min(3, Math.floor((15 * weightKg) / 160)));
    return { form: 'CHEWABLE_TABLET', mg: 160 * count, count };
  }
  // 160 mg / 5 mL = 32 mg/mL
  const ml = Math.max(2.5, halfMl((15 * weightKg) / 32));
  return { form: 'SUSPENSION', mg: ml * 32, ml };
}

/** Ibuprofen, 10 mg/kg. */
export function ibuprofenDose(weightKg: number, ageYears: number): AnalgesicDose {
  check(weightKg, ageYears);
  if (ageYears >= 12) {
    const count = weightKg >= 50 ? 2 : 1;
    return { form: 'TABLET', mg: 200 * count, count };
  }
  // 100 mg / 5 mL = 20 mg/mL
  const ml = Math.max(2.5, Math.min(20, halfMl((10 * weightKg) / 20)));
  return { form: 'SUSPENSION', mg: ml * 20, ml };
}

/** The dose as the MAR shows it: '400 mg (2 tablets)', '320 mg (2 chewable tablets)', '150 mg (7.5 mL)'. */
export function describeDose(d: AnalgesicDose): string {
  if (d.form === 'SUSPENSION') return `${d.mg} mg (${d.ml} mL)`;
  const what = d.form === 'TABLET' ? 'tablet' : 'chewable tablet';
  return `${d.mg} mg (${d.count} ${what}${d.count > 1 ? 's' : ''})`;
}
