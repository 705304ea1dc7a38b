import type { Faker } from '@faker-js/faker';

/**
 * Vaccine products (CDC CVX and MVX codes, US trade names) and how their lot numbers look.
 * A combination vaccine is recorded once per series it counts toward (a Pediarix dose appears under
 * DTaP, HepB and IPV with the same CVX, lot and date), as school immunization records list doses by
 * required antigen.
 */

export type Mvx = 'PMC' | 'SKB' | 'MSD' | 'PFR' | 'SEQ' | 'NOV';

export interface Product {
  readonly cvx: string;
  readonly name: string;
  readonly mvx: Mvx | null;
  /** Series this product counts toward (vaccinations.vaccine_type). */
  readonly series: readonly string[];
  readonly route: 'IM' | 'SC' | 'IN';
  readonly volumeMl: string;
}

const p = (
  cvx: string,
  name: string,
  mvx: Mvx | null,
  series: string[],
  route: Product['route'] = 'IM',
  volumeMl = '0.50',
): Product => ({
  cvx,
  name,
  mvx,
  series,
  route,
  volumeMl,
});

export const PRODUCTS = {
  hepbPed: [
    p('08', 'Engerix-B (Hep B, adolescent or pediatric)', 'SKB', ['HepB']),
    p('08', 'Recombivax HB (Hep B, adolescent or pediatric)', 'MSD', ['HepB']),
  ],
  pediarix: p('110', 'Pediarix (DTaP-Hep B-IPV)', 'SKB', ['DTaP', 'HepB', 'IPV']),
  pentacel: p('120', 'Pentacel (DTaP-Hib-IPV)', 'PMC', ['DTaP', 'Hib', 'IPV']),
  dtap: [
    p('20', 'Infanrix (DTaP)', 'SKB', ['DTaP']),
    p('106', 'Daptacel (DTaP, 5 pertussis antigens)', 'PMC', ['DTaP']),
  ],
  ipv: p('10', 'IPOL (IPV)', 'PMC', ['IPV'], 'SC'),
  hib: [p('48', 'ActHIB (Hib, PRP-T)', 'PMC', ['Hib']), p('49', 'PedvaxHIB (Hib, PRP-OMP)', 'MSD', ['Hib'])],
  pcv7: p('100', 'Prevnar (PCV7)', 'PFR', ['PCV']),
  pcv13: p('133', 'Prevnar 13 (PCV13)', 'PFR', ['PCV']),
  hepa: [
    p('83', 'Havrix (Hep A, pediatric/adolescent, 2 dose)', 'SKB', ['HepA']),
    p('83', 'Vaqta (Hep A, pediatric/adolescent, 2 dose)', 'MSD', ['HepA']),
  ],
  mmr: p('03', 'M-M-R II (MMR)', 'MSD', ['MMR'], 'SC'),
  var: p('21', 'Varivax (varicella)', 'MSD', ['VAR'], 'SC'),
  mmrv: p('94', 'ProQuad (MMRV)', 'MSD', ['MMR', 'VAR'], 'SC'),
  dtapIpv: [
    p('130', 'Kinrix (DTaP-IPV)', 'SKB', ['DTaP', 'IPV']),
    p('130', 'Quadracel (DTaP-IPV)', 'PMC', ['DTaP', 'IPV']),
  ],
  tdap: [p('115', 'Boostrix (Tdap)', 'SKB', ['Tdap']), p('115', 'Adacel (Tdap)', 'PMC', ['Tdap'])],
  menactra: p('114', 'Menactra (MenACWY-D, MCV4P)', 'PMC', ['MenACWY']),
  menveoNov: p('136', 'Menveo (MenACWY-CRM, MCV4O)', 'NOV', ['MenACWY']),
  menveo: p('136', 'Menveo (MenACWY-CRM, MCV4O)', 'SKB', ['MenACWY']),
  mcv4Unspecified: p('147', 'Meningococcal MCV4, unspecified formulation', null, ['MenACWY']),
  hpv9: p('165', 'Gardasil 9 (HPV9)', 'MSD', ['HPV']),
} as const;

/** Influenza products by season (the season starting in `year`): quadrivalent codes 150/158/171 through 2023-24, trivalent from 2024-25. */
export function fluProduct(f: Faker, seasonYear: number): Product {
  const r = f.number.float({ min: 0, max: 1 });
  if (seasonYear >= 2024) {
    if (r < 0.45) return p('140', 'Fluzone (IIV3, preservative free)', 'PMC', ['Influenza']);
    if (r < 0.65) return p('140', 'Fluarix (IIV3, preservative free)', 'SKB', ['Influenza']);
    if (r < 0.85) return p('141', 'Afluria (IIV3, multi-dose vial)', 'SEQ', ['Influenza']);
    return p('153', 'Flucelvax (ccIIV3, preservative free)', 'SEQ', ['Influenza']);
  }
  if (r < 0.4) return p('150', 'Fluzone Quadrivalent (IIV4, preservative free)', 'PMC', ['Influenza']);
  if (r < 0.6) return p('150', 'Fluarix Quadrivalent (IIV4, preservative free)', 'SKB', ['Influenza']);
  if (r < 0.8 || seasonYear < 2016)
    return p('158', 'Fluzone Quadrivalent (IIV4, multi-dose vial)', 'PMC', ['Influenza']);
  return p('171', 'Flucelvax Quadrivalent (ccIIV4, preservative free)', 'SEQ', ['Influenza']);
}

/** A lot number in the manufacturer's usual shape. */
export function lotNumber(f: Faker, mvx: Mvx | null): string {
  const L = () => f.string.alpha({ length: 1, casing: 'upper' });
  const D = (n: number) => f.string.numeric({ length: n, allowLeadingZeros: true });
  switch (mvx) {
    case 'MSD':
      return `${pick1(f, ['R', 'S', 'T', 'U', 'W', 'X', 'Y', 'Z'])}${D(6)}`;
    case 'SKB':
      return `${pick1(f, ['AC', 'AH', 'JZ', 'KB'])}${D(2)}B${D(3)}${pick1(f, ['AA', 'AB', 'BA'])}`;
    case 'PMC':
      return `${pick1(f, ['C', 'U', 'UJ', 'UT'])}${D(4)}${pick1(f, ['AA', 'AB', 'BA', 'CA'])}`;
    case 'PFR':
      return `${L()}${L()}${D(4)}`;
    case 'SEQ':
      return `${pick1(f, ['AU', 'AV', 'P1'])}${D(5)}`;
    case 'NOV':
      return `M${D(5)}${pick1(f, ['P', 'A'])}`;
    default:
      return `${L()}${D(5)}`;
  }
}

function pick1(f: Faker, items: readonly string[]): string {
  return items[f.number.int({ min: 0, max: items.length - 1 })] ?? items[0] ?? '';
}

/** Vaccine Information Statement edition dates (the ones current in 2025-2026). */
export const VIS_EDITION: Readonly<Record<string, string>> = {
  Influenza: '2023-08-06',
  Tdap: '2021-08-06',
  MenACWY: '2021-08-06',
  HPV: '2021-08-06',
};
