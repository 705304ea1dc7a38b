import type { PatientAssessment } from '../cdsi';
import { seriesOfCvx } from '../cvx';
import type { SupportingData } from '../supporting-data';

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

/** Evidence of immunity on file (immunization_exemptions of the evidence types), by the series it names. */
export interface EvidenceOnFile {
  readonly type: string;
  readonly vaccine: string | null;
}

const LAB = /laboratory/i;
const HISTORY = /history|diagnosis/i;

/**
 * CDC's observation codes for the evidence of immunity on file (pure), read from CDC's data: a record of laboratory
 * evidence of immunity for a series (MMR) gives every antigen of its vaccine group the antigen's clinical-history
 * observation whose title names laboratory evidence (020 measles, 021 mumps, 022 rubella); a record of the history
 * of the disease, those whose title names a verified history or diagnosis (024 varicella). Anything else on file
 * (exemptions, evidence without a series) gives no observation.
 */
export function evidenceObservations(
  data: Pick<SupportingData, 'antigens' | 'vaccineGroupAntigens'>,
  onFile: readonly EvidenceOnFile[],
): Set<string> {
  const out = new Set<string>();
  for (const e of onFile) {
    const kind =
      e.type === 'LAB_EVIDENCE_OF_IMMUNITY' ? 'lab' : e.type === 'HISTORY_OF_DISEASE' ? 'history' : null;
    const group = e.vaccine === null ? undefined : GROUP_OF_SERIES[e.vaccine];
    if (kind === null || group === undefined) continue;
    for (const antigen of data.vaccineGroupAntigens[group] ?? [])
      for (const h of data.antigens[antigen]?.immunity.clinicalHistory ?? []) {
        const lab = LAB.test(h.guidelineTitle);
        if (kind === 'lab' ? lab : !lab && HISTORY.test(h.guidelineTitle)) out.add(h.guidelineCode);
      }
  }
  return out;
}
