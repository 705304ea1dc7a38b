/**
 * CVX code → the series (vaccinations.vaccine_type) a dose counts toward. A combination vaccine counts toward
 * several (Pediarix: DTaP, HepB, IPV) and is recorded once per series, as school immunization records list doses
 * by required antigen. Codes: CDC CVX table (the ones a school nurse meets).
 */
export const CVX_SERIES: Readonly<
  Record<string, { readonly name: string; readonly series: readonly string[] }>
> = Object.freeze({
  '03': { name: 'MMR', series: ['MMR'] },
  '08': { name: 'Hep B, adolescent or pediatric', series: ['HepB'] },
  '10': { name: 'IPV', series: ['IPV'] },
  '20': { name: 'DTaP', series: ['DTaP'] },
  '21': { name: 'Varicella', series: ['VAR'] },
  '43': { name: 'Hep B, adult', series: ['HepB'] },
  '48': { name: 'Hib (PRP-T)', series: ['Hib'] },
  '49': { name: 'Hib (PRP-OMP)', series: ['Hib'] },
  '62': { name: 'HPV, quadrivalent', series: ['HPV'] },
  '83': { name: 'Hep A, pediatric/adolescent, 2 dose', series: ['HepA'] },
  '88': { name: 'Influenza, unspecified', series: ['Influenza'] },
  '94': { name: 'MMRV', series: ['MMR', 'VAR'] },
  '100': { name: 'PCV7', series: ['PCV'] },
  '106': { name: 'DTaP, 5 pertussis antigens', series: ['DTaP'] },
  '107': { name: 'DTaP, unspecified', series: ['DTaP'] },
  '110': { name: 'DTaP-Hep B-IPV', series: ['DTaP', 'HepB', 'IPV'] },
  '114': { name: 'MenACWY-D', series: ['MenACWY'] },
  '115': { name: 'Tdap', series: ['Tdap'] },
  '116': { name: 'Rotavirus, pentavalent', series: ['Rotavirus'] },
  '120': { name: 'DTaP-Hib-IPV', series: ['DTaP', 'Hib', 'IPV'] },
  '130': { name: 'DTaP-IPV', series: ['DTaP', 'IPV'] },
  '133': { name: 'PCV13', series: ['PCV'] },
  '136': { name: 'MenACWY-CRM', series: ['MenACWY'] },
  '140': { name: 'Influenza, injectable, preservative free', series: ['Influenza'] },
  '141': { name: 'Influenza, injectable', series: ['Influenza'] },
  '147': { name: 'MenACWY, unspecified', series: ['MenACWY'] },
  '150': { name: 'Influenza, quadrivalent, preservative free', series: ['Influenza'] },
  '153': { name: 'Influenza, cell culture', series: ['Influenza'] },
  '158': { name: 'Influenza, quadrivalent', series: ['Influenza'] },
  '162': { name: 'MenB-FHbp', series: ['MenB'] },
  '163': { name: 'MenB-4C', series: ['MenB'] },
  '165': { name: 'HPV9', series: ['HPV'] },
  '171': { name: 'Influenza, quadrivalent, cell culture', series: ['Influenza'] },
  '208': { name: 'COVID-19, mRNA (Pfizer)', series: ['COVID-19'] },
  '213': { name: 'COVID-19, unspecified', series: ['COVID-19'] },
});

/** Series for a CVX code (unknown codes need the vaccine named explicitly). */
export function seriesOfCvx(cvx: string): readonly string[] | null {
  const key = cvx.length === 1 ? `0${cvx}` : cvx;
  return CVX_SERIES[key]?.series ?? CVX_SERIES[cvx]?.series ?? null;
}

export function cvxName(cvx: string): string | null {
  const key = cvx.length === 1 ? `0${cvx}` : cvx;
  return CVX_SERIES[key]?.name ?? null;
}
