/**
 * Full school-age immunization histories for the immunizations benchmark (pure, seeded: the same --seed gives the
 * same students and doses). Each student K-12 on AS_OF has the routine childhood schedule as a pediatric practice
 * gives it (the seed's history.ts, server-sync/seed/immunizations, without its faker and district records): hepatitis
 * B at birth, the 2-4-6 month series as Pediarix (CVX 110), Pentacel (120) or separate vaccines, the 12-15 month
 * visit with MMR + varicella or MMRV (94), hepatitis A, the 4-6 year boosters (Kinrix/Quadracel 130 or DTaP + IPV),
 * seasonal influenza, the 11-12 year Tdap, MenACWY and HPV, the 16 year MenACWY booster. Some doses come late
 * (catch-up months later), a few early (days before the minimum age or interval: grace period or not valid), some
 * are missing and a few are given twice. A combination vaccine is one row per series it counts toward, as the seed
 * and school records keep them (one Pediarix dose: DTaP, HepB and IPV rows with the same CVX, lot and date).
 */

export const AS_OF = '2026-03-05';

export interface BenchDose {
  readonly date: string;
  readonly cvx: string;
  readonly mvx: string | null;
  readonly name: string;
  readonly series: readonly string[];
  readonly lot: string;
}

export interface BenchStudent {
  readonly id: string;
  readonly grade: string;
  readonly dob: string;
  readonly sex: 'F' | 'M';
  readonly doses: readonly BenchDose[];
}

type Product = Omit<BenchDose, 'date' | 'lot'>;
const p = (cvx: string, name: string, mvx: string | null, series: string[]): Product => ({
  cvx,
  name,
  mvx,
  series,
});

const P = {
  hepb: [p('08', 'Engerix-B (Hep B, pediatric)', 'SKB', ['HepB']), p('08', 'Recombivax HB', 'MSD', ['HepB'])],
  pediarix: p('110', 'Pediarix (DTaP-Hep B-IPV)', 'SKB', ['DTaP', 'HepB', 'IPV']),
  pentacel: p('120', 'Pentacel (DTaP-Hib-IPV)', 'PMC', ['DTaP', 'Hib', 'IPV']),
  dtap: [p('20', 'Infanrix (DTaP)', 'SKB', ['DTaP']), p('106', 'Daptacel (DTaP)', 'PMC', ['DTaP'])],
  ipv: p('10', 'IPOL (IPV)', 'PMC', ['IPV']),
  hib: [p('48', 'ActHIB (Hib, PRP-T)', 'PMC', ['Hib']), p('49', 'PedvaxHIB (Hib, PRP-OMP)', 'MSD', ['Hib'])],
  pcv13: p('133', 'Prevnar 13 (PCV13)', 'PFR', ['PCV']),
  pcv15: p('215', 'Vaxneuvance (PCV15)', 'MSD', ['PCV']),
  hepa: p('83', 'Havrix (Hep A, pediatric)', 'SKB', ['HepA']),
  mmr: p('03', 'M-M-R II (MMR)', 'MSD', ['MMR']),
  var: p('21', 'Varivax (varicella)', 'MSD', ['VAR']),
  mmrv: p('94', 'ProQuad (MMRV)', 'MSD', ['MMR', 'VAR']),
  dtapIpv: [
    p('130', 'Kinrix (DTaP-IPV)', 'SKB', ['DTaP', 'IPV']),
    p('130', 'Quadracel (DTaP-IPV)', 'PMC', ['DTaP', 'IPV']),
  ],
  tdap: [p('115', 'Boostrix (Tdap)', 'SKB', ['Tdap']), p('115', 'Adacel (Tdap)', 'PMC', ['Tdap'])],
  men: [
    p('114', 'Menactra (MenACWY-D)', 'PMC', ['MenACWY']),
    p('136', 'Menveo (MenACWY-CRM)', 'SKB', ['MenACWY']),
  ],
  hpv9: p('165', 'Gardasil 9 (HPV9)', 'MSD', ['HPV']),
  flu: [
    p('150', 'Fluzone Quadrivalent (IIV4, preservative free)', 'PMC', ['Influenza']),
    p('158', 'Fluzone Quadrivalent (IIV4, multi-dose vial)', 'PMC', ['Influenza']),
    p('171', 'Flucelvax Quadrivalent (ccIIV4)', 'SEQ', ['Influenza']),
  ],
  flu3: [
    p('140', 'Fluzone (IIV3, preservative free)', 'PMC', ['Influenza']),
    p('141', 'Afluria (IIV3)', 'SEQ', ['Influenza']),
  ],
} as const;

/** mulberry32: a small seeded generator (the bench must give the same histories every run). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const toDays = (ymd: string): number => Date.parse(`${ymd}T00:00:00Z`) / DAY;
const fromDays = (days: number): string => new Date(days * DAY).toISOString().slice(0, 10);
function addMonths(ymd: string, months: number): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
}

export const GRADES = ['K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;

/** `count` students spread over K-12 with their histories (see above). */
export function benchStudents(count: number, seed: number): BenchStudent[] {
  const r = rng(seed);
  const int = (min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const schoolYear = Number(AS_OF.slice(0, 4)) - (AS_OF.slice(5) >= '08-01' ? 0 : 1);
  const out: BenchStudent[] = [];
  let lotN = 0;
  for (let n = 0; n < count; n++) {
    const g = n % GRADES.length;
    // kindergarten: 5 on September 1 of the school year
    const born = toDays(`${schoolYear - 6 - g}-09-02`) + int(0, 364);
    const dob = fromDays(born);
    const doses: BenchDose[] = [];
    const lot = (mvx: string | null): string => `${mvx ?? 'X'}${(++lotN % 900_000) + 100_000}`;
    const give = (prod: Product, date: string): void => {
      if (date > AS_OF) return;
      doses.push({ ...prod, date, lot: lot(prod.mvx) });
    };
    /** a routine dose at `months` of age: usually within weeks, 4% months late, 2% a few days early, 3% missing, 1% twice */
    const at = (months: number, lateDays: number): string | null => {
      const u = r();
      if (u < 0.03) return null;
      const base = toDays(addMonths(dob, months));
      if (u < 0.05) return fromDays(base - int(3, 12));
      if (u < 0.09) return fromDays(base + int(60, 400));
      return fromDays(base + int(0, lateDays));
    };
    const visit = (months: number, lateDays: number, ...products: Product[]): void => {
      const date = at(months, lateDays);
      if (date === null) return;
      for (const prod of products) give(prod, date);
      if (r() < 0.01) give(products[0]!, fromDays(toDays(date) + int(0, 20)));
    };
    const hepbBirth = fromDays(born + int(0, 1));
    if (r() > 0.03) give(pick(P.hepb), hepbBirth);
    const regimen = r();
    const dtap = pick(P.dtap);
    const hib = pick(P.hib);
    const pcv = r() < 0.8 ? P.pcv13 : P.pcv15;
    const pentacel = regimen >= 0.4 && regimen < 0.75;
    for (const m of [2, 4, 6]) {
      const shots: Product[] = regimen < 0.4 ? [P.pediarix] : pentacel ? [P.pentacel] : [dtap, P.ipv];
      // Pentacel gives Hib; PedvaxHIB has no 6-month dose
      if (!pentacel && !(hib.cvx === '49' && m === 6)) shots.push(hib);
      shots.push(pcv);
      visit(m, 21, ...shots);
    }
    if (regimen >= 0.4) {
      visit(1, 30, pick(P.hepb));
      visit(6, 60, pick(P.hepb));
    }
    if (r() < 0.85) visit(12, 75, P.mmr, P.var, pcv, P.hepa);
    else visit(12, 75, P.mmrv, pcv, P.hepa);
    visit(15, 90, ...(pentacel ? [P.pentacel] : [dtap, hib]));
    visit(19, 120, P.hepa);
    const four: Product[] = r() < 0.55 ? [pick(P.dtapIpv)] : [dtap, P.ipv];
    if (r() < 0.4) four.push(P.mmrv);
    else four.push(P.mmr, P.var);
    visit(48, 420, ...four);
    for (let season = schoolYear - 4; season <= schoolYear; season++) {
      const date = fromDays(toDays(`${season}-09-20`) + int(0, 70));
      if (addMonths(dob, 6) <= date && r() < 0.4) give(pick(season >= 2024 ? P.flu3 : P.flu), date);
    }
    visit(132, 200, pick(P.tdap), pick(P.men), ...(r() < 0.6 ? [P.hpv9] : []));
    if (doses.some((d) => d.cvx === '165') && r() < 0.8) visit(139, 180, P.hpv9);
    visit(192, 200, pick(P.men));
    doses.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    out.push({ id: `stu-${n + 1}`, grade: GRADES[g]!, dob, sex: r() < 0.5 ? 'F' : 'M', doses });
  }
  return out;
}
