import type { Faker } from '@faker-js/faker';
import type { DistrictRec } from '../district';
import { fluProduct, PRODUCTS, type Product } from './products';
import type { StudentRec } from '../students';
import {
  addDays,
  addMonths,
  chance,
  daysBetween,
  pick,
  weighted,
  weekday,
  type SeedContext,
  type ColumnOf,
} from '../helpers';

/**
 * A child's vaccination history from birth as a pediatric practice would have given it (CDC
 * schedule: hepatitis B at birth, the 2-4-6 month series with Pediarix, Pentacel or separate
 * vaccines, the 12-15 month visit, the 4-6 year boosters before kindergarten, seasonal influenza,
 * the 11-12 year platform and the 16 year MenACWY booster), minus what the student's plan skips.
 */

/** A vaccination site (HL7 table 0163 codes, as vaccinations.site admits them). */
export type VaccinationSite = NonNullable<ColumnOf<'vaccinations', 'site'>>;

export interface Shot {
  readonly date: string;
  readonly product: Product;
  readonly facility: string;
  readonly provider: string;
  readonly atSchool?: { readonly at: Date; readonly nurseId: string };
}

export interface Skips {
  fourYear?: boolean;
  mmrVar2?: boolean;
  hepb3?: boolean;
  tdap?: boolean;
  men1?: boolean;
  men2?: boolean;
  /** Non-medical exemption: the family stopped after the infant series, or never started. */
  stopAfterMonths?: number;
  /** Medical exemption from live vaccines, or varicella history. */
  noMmrVar?: boolean;
  noVar?: boolean;
}

/** Second Tuesday of October: the district's school flu clinic. */
export function fluClinicDay(startYear: number): string {
  const first = weekday(`${startYear}-10-01`);
  return addDays(`${startYear}-10-01`, ((2 - first + 7) % 7) + 7);
}

export function history(
  f: Faker,
  ctx: SeedContext,
  s: StudentRec,
  skips: Skips,
  district: DistrictRec,
): Shot[] {
  const shots: Shot[] = [];
  const practice = `${pick(f, [district.town, district.county, 'Tri-County', 'Valley', 'Kids First'])} Pediatrics`;
  const provider = `${f.person.firstName()} ${f.person.lastName()}, ${pick(f, ['MD', 'MD', 'DO', 'CNP'])}`;
  const hospital = `${district.county} Regional Medical Center`;
  const cutoff = skips.stopAfterMonths === undefined ? null : addMonths(s.dob, skips.stopAfterMonths);
  const add = (product: Product, date: string, facility = practice) => {
    if (date > ctx.today || (cutoff !== null && date > cutoff)) return;
    if (skips.noMmrVar && (product.series.includes('MMR') || product.series.includes('VAR'))) return;
    if (skips.noVar && product.series.includes('VAR') && !product.series.includes('MMR')) return;
    shots.push({ date, product, facility, provider: facility === hospital ? 'Newborn nursery' : provider });
  };
  const at = (months: number, maxLateDays: number) =>
    addDays(addMonths(s.dob, months), f.number.int({ min: 0, max: maxLateDays }));
  const kStart = `${Number(s.dob.slice(0, 4)) + 5 + (s.dob.slice(5) >= '10-01' ? 1 : 0)}-08-15`;

  if (skips.stopAfterMonths !== 0)
    add(pick(f, PRODUCTS.hepbPed), addDays(s.dob, f.number.int({ min: 0, max: 1 })), hospital);
  const regimen = weighted(f, [
    ['PEDIARIX', 40],
    ['PENTACEL', 35],
    ['SEPARATE', 25],
  ] as const);
  const dtap = pick(f, PRODUCTS.dtap);
  const hib = pick(f, PRODUCTS.hib);
  const hepb = pick(f, PRODUCTS.hepbPed);
  const pcv = (date: string) => (date < '2010-03-01' ? PRODUCTS.pcv7 : PRODUCTS.pcv13);
  for (const m of [2, 4, 6]) {
    const date = at(m, 21);
    if (regimen === 'PEDIARIX') add(PRODUCTS.pediarix, date);
    else if (regimen === 'PENTACEL') add(PRODUCTS.pentacel, date);
    else {
      add(dtap, date);
      add(PRODUCTS.ipv, date);
    }
    if (regimen !== 'PENTACEL' && !(hib.cvx === '49' && m === 6)) add(hib, date);
    add(pcv(date), date);
  }
  if (regimen !== 'PEDIARIX') {
    add(hepb, at(1, 30));
    if (!skips.hepb3) add(hepb, at(6, 60));
  }
  const d12 = at(12, 75);
  if (chance(f, 0.85)) {
    add(PRODUCTS.mmr, d12);
    add(PRODUCTS.var, d12);
  } else add(PRODUCTS.mmrv, d12);
  add(pcv(d12), d12);
  if (regimen !== 'PENTACEL') add(hib, d12);
  const hepa = pick(f, PRODUCTS.hepa);
  add(hepa, d12);
  add(hepa, at(19, 120));
  const d15 = at(15, 90);
  add(regimen === 'PENTACEL' ? PRODUCTS.pentacel : dtap, d15);

  // The 4-6 year visit, before kindergarten.
  const fourth = addMonths(s.dob, 48);
  const d4 = addDays(
    fourth,
    f.number.int({ min: 0, max: Math.max(0, Math.min(420, daysBetween(fourth, kStart) - 7)) }),
  );
  if (!skips.fourYear) {
    if (chance(f, 0.55)) add(pick(f, PRODUCTS.dtapIpv), d4);
    else {
      add(dtap, d4);
      add(PRODUCTS.ipv, d4);
    }
    if (!skips.mmrVar2) {
      if (chance(f, 0.4)) add(PRODUCTS.mmrv, d4);
      else {
        add(PRODUCTS.mmr, d4);
        add(PRODUCTS.var, d4);
      }
    }
  }

  // Seasonal influenza from the pediatrician in the last five seasons (about 40% of families).
  const lastSeason = Number(ctx.today.slice(0, 4)) - (ctx.today.slice(5) >= '09-01' ? 0 : 1);
  for (let season = lastSeason - 4; season <= lastSeason; season++) {
    const date = addDays(`${season}-09-20`, f.number.int({ min: 0, max: 70 }));
    if (addMonths(s.dob, 6) <= date && chance(f, 0.38)) add(fluProduct(f, season), date);
  }

  // Adolescent platform: Tdap, MenACWY and HPV at 11-12, MenACWY booster at 16.
  const d11 = at(132, 200);
  if (!skips.tdap) add(pick(f, PRODUCTS.tdap), d11);
  if (!skips.men1) add(menProduct(f, d11), d11);
  if (chance(f, 0.6)) {
    add(PRODUCTS.hpv9, d11);
    if (chance(f, 0.8)) add(PRODUCTS.hpv9, addDays(d11, f.number.int({ min: 183, max: 365 })));
  }
  const d16 = at(192, 200);
  if (!skips.men2) add(menProduct(f, d16), d16);
  return shots;
}

function menProduct(f: Faker, date: string): Product {
  if (chance(f, 0.1)) return PRODUCTS.mcv4Unspecified;
  if (date < '2016-01-01') return chance(f, 0.7) ? PRODUCTS.menactra : PRODUCTS.menveoNov;
  if (date < '2022-06-01') return chance(f, 0.55) ? PRODUCTS.menactra : PRODUCTS.menveo;
  return PRODUCTS.menveo;
}

/** Where a dose is given: the thigh for infants, the arm or deltoid later; simultaneous doses alternate sides. */
export function siteFor(f: Faker, dob: string, date: string, side: number): VaccinationSite {
  const months = daysBetween(dob, date) / 30.44;
  if (months < 12) return side % 2 === 0 ? 'LT' : 'RT';
  if (months < 36) return pick(f, side % 2 === 0 ? ['LT', 'LA'] : ['RT', 'RA']);
  return pick(f, side % 2 === 0 ? ['LD', 'LA'] : ['RD', 'RA']);
}
