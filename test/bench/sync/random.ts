import { v7 as uuidv7 } from 'uuid';

/**
 * Deterministic randomness and value pools for the sync benchmark's synthetic school (no real person's data):
 * the same seed gives the same rows, ids included, so two runs measure the same work.
 */

export const DAY_MS = 86_400_000;

/** mulberry32: small, fast, good enough to spread synthetic values. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }
  /** A count with mean `mean` (the integer part always, the fraction by chance). */
  count(mean: number): number {
    const whole = Math.floor(mean);
    return whole + (this.chance(mean - whole) ? 1 : 0);
  }
  /** A UUIDv7 for a row made at `ms`, its random bits from this generator. */
  id(ms: number): string {
    const random = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const x = Math.floor(this.next() * 4_294_967_296);
      random[i] = x & 0xff;
      random[i + 1] = (x >>> 8) & 0xff;
      random[i + 2] = (x >>> 16) & 0xff;
      random[i + 3] = (x >>> 24) & 0xff;
    }
    return uuidv7({ msecs: ms, random });
  }
  /** A moment on a school day (Mon-Fri, 08:00-15:00 school time = UTC-5) within `days` days before `endMs`. */
  schoolMoment(endMs: number, days: number): number {
    const day = Math.floor(endMs / DAY_MS) - this.int(1, days);
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const shifted = weekday === 0 ? day - 2 : weekday === 6 ? day - 1 : day;
    return shifted * DAY_MS + (13 + this.int(0, 6)) * 3_600_000 + this.int(0, 3599) * 1000;
  }
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const FIRST_NAMES = [
  'Ava',
  'Liam',
  'Noah',
  'Emma',
  'Mia',
  'Lucas',
  'Zoe',
  'Mateo',
  'Aria',
  'Ethan',
  'Chloe',
  'Leo',
  'Nora',
  'Owen',
  'Ivy',
  'Elijah',
  'Maya',
  'Kai',
  'Sofia',
  'Jayden',
  'Amara',
  'Omar',
  'Priya',
  'Hana',
] as const;
export const LAST_NAMES = [
  'Garcia',
  'Smith',
  'Nguyen',
  'Johnson',
  'Patel',
  'Brown',
  'Kim',
  'Lopez',
  'Williams',
  'Okafor',
  'Miller',
  'Davis',
  'Hernandez',
  'Chen',
  'Wilson',
  'Martinez',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
] as const;
export const GRADES = ['K', '1', '2', '3', '4', '5', '6', '7', '8'] as const;
export const COMPLAINTS = [
  'Headache since second period, no fever reported',
  'Stomach ache after lunch, mild nausea',
  'Scraped knee on the playground during recess',
  'Feels dizzy, did not eat breakfast this morning',
  'Sore throat and runny nose for two days',
  'Asthma symptoms after gym class, wheezing',
  'Bumped head on a locker door, no loss of consciousness',
  'Scheduled medication administration',
  'Itchy rash on both forearms',
  'Tooth pain on the lower left side',
] as const;
export const TREATMENTS = [
  'Rested 15 minutes, ice pack applied, returned to class',
  'Temperature taken, water given, observed for 20 minutes',
  'Wound cleaned and bandaged, parent informed by phone',
  'Inhaler administered per action plan, breathing improved',
  'Snack given, symptoms resolved, returned to class',
  'Sent home with parent after assessment',
] as const;
export const NOTES = [
  'Student calm and cooperative; follow up tomorrow morning.',
  'Parent to bring updated action plan this week.',
  'No further symptoms observed before return to class.',
  'Teacher informed of the visit and return time.',
  null,
  null,
] as const;
export const SYMPTOMS = [
  'fever',
  'cough',
  'sore_throat',
  'vomiting',
  'diarrhea',
  'rash',
  'headache',
  'fatigue',
] as const;
export const SUBJECTS = ['Math', 'Reading', 'Science', 'Social Studies', 'Art', 'Music', 'PE'] as const;
export const ALLERGENS = [
  ['Peanut', 'FOOD'],
  ['Tree nuts', 'FOOD'],
  ['Penicillin', 'DRUG'],
  ['Bee sting', 'INSECT'],
  ['Latex', 'LATEX'],
  ['Pollen', 'ENVIRONMENTAL'],
] as const;
export const CONDITIONS = [
  ['Asthma', 'J45.909'],
  ['Type 1 diabetes', 'E10.9'],
  ['ADHD', 'F90.9'],
  ['Seizure disorder', 'G40.909'],
  ['Seasonal allergies', 'J30.2'],
] as const;
export const VACCINES = [
  ['DTaP', '20', 'Diphtheria, tetanus toxoids and acellular pertussis'],
  ['IPV', '10', 'Poliovirus, inactivated'],
  ['MMR', '03', 'Measles, mumps and rubella'],
  ['VAR', '21', 'Varicella'],
  ['HepB', '08', 'Hepatitis B, pediatric'],
  ['Hib', '49', 'Haemophilus influenzae type b'],
  ['Flu', '150', 'Influenza, injectable, quadrivalent'],
] as const;
export const MEDICATIONS = [
  ['Albuterol HFA', 'albuterol', '90 mcg', 'INHALER', 'INHALATION'],
  ['Methylphenidate', 'methylphenidate', '10 mg', 'TABLET', 'ORAL'],
  ['Cetirizine', 'cetirizine', '10 mg', 'TABLET', 'ORAL'],
  ['Insulin lispro', 'insulin lispro', '100 units/mL', 'INJECTION', 'SUBCUTANEOUS'],
  ['Ibuprofen', 'ibuprofen', '200 mg', 'TABLET', 'ORAL'],
  ['Acetaminophen', 'acetaminophen', '325 mg', 'TABLET', 'ORAL'],
  ['Epinephrine auto-injector', 'epinephrine', '0.3 mg', 'INJECTION', 'INTRAMUSCULAR'],
  ['Levetiracetam', 'levetiracetam', '250 mg', 'TABLET', 'ORAL'],
] as const;
export const VISIT_REASONS = [
  ['ILL-HEAD', 'Headache', 'ILLNESS'],
  ['ILL-STOM', 'Stomach ache', 'ILLNESS'],
  ['ILL-FEV', 'Fever', 'ILLNESS'],
  ['INJ-PLAY', 'Playground injury', 'INJURY'],
  ['INJ-PE', 'Physical education injury', 'INJURY'],
  ['MED-SCHED', 'Scheduled medication', 'MEDICATION'],
  ['RC-VIS', 'Vision screening', 'ROUTINE_CHECK'],
  ['CC-ASTH', 'Asthma care', 'CHRONIC_CONDITION'],
  ['CC-DIAB', 'Diabetes care', 'CHRONIC_CONDITION'],
] as const;
