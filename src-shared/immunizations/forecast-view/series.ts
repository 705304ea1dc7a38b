import type { PatientAssessment } from '../cdsi';
import { seriesOfCvx } from '../cvx';

/**
 * The doses CDC's evaluation counts as Valid, by the series school requirements name (vaccinations.vaccine_type:
 * DTaP, Tdap, IPV, MMR, VAR, HepB...), for the state's school-entry rules (src-shared/immunizations/compliance),
 * which then apply their own ages and intervals.
 *
 * A dose counts toward a series when it is Valid in the CDC vaccine group of that series and its CVX code counts
 * toward the series (cvx.ts: a DTaP-HepB-IPV dose toward DTaP, HepB and IPV, each judged in its own group; a Tdap dose
 * toward Tdap, and toward DTaP, as the states' requirements count a tetanus-diphtheria dose given at 7 or older in the
 * DTaP/Td series). A CVX code
 * the table does not know counts toward the group's main series.
 */
const GROUP_OF_SERIES: Readonly<Record<string, string>> = Object.freeze({
  DTaP: 'DTaP/Tdap/Td',
  Tdap: 'DTaP/Tdap/Td',
  IPV: 'Polio',
  MMR: 'MMR',
  VAR: 'Varicella',
  HepB: 'HepB',
  HepA: 'HepA',
  Hib: 'Hib',
  PCV: 'Pneumococcal',
  MenACWY: 'Meningococcal',
  MenB: 'Meningococcal B',
  HPV: 'HPV',
  Influenza: 'Influenza',
  'COVID-19': 'COVID-19',
  Rotavirus: 'Rotavirus',
});

const MAIN_SERIES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(GROUP_OF_SERIES)
      .filter(([s]) => s !== 'Tdap')
      .map(([s, g]) => [g, s]),
  ),
);

/** A Tdap dose also counts in the DTaP series (a dose of tetanus and diphtheria toxoids). */
const ALSO: Readonly<Record<string, readonly string[]>> = Object.freeze({ Tdap: ['DTaP'] });

export function validDosesBySeries(assessment: PatientAssessment): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of assessment.vaccineGroups) {
    const group = g.evaluation.vaccineGroup;
    for (const d of g.evaluation.doses) {
      if (d.status !== 'Valid') continue;
      const known = seriesOfCvx(d.cvx);
      const named = known ?? (MAIN_SERIES[group] ? [MAIN_SERIES[group]] : []);
      const series = new Set(named.flatMap((s) => [s, ...(ALSO[s] ?? [])]));
      for (const s of series) {
        if (GROUP_OF_SERIES[s] !== group) continue;
        const dates = (out[s] ??= []);
        if (!dates.includes(d.date)) dates.push(d.date);
      }
    }
  }
  for (const dates of Object.values(out)) dates.sort();
  return out;
}
