import type { DrugClass } from '../../../src-shared/enums';
import { oneOf, table } from '../helpers';

/**
 * Formulary drugs the shipped medication-safety catalog does not list: given at school all the same, and the
 * safety check tells the nurse it cannot check them (a medication not in the catalog). None today: the stimulants
 * that were here (dexmethylphenidate, mixed amphetamine salts) joined the catalog in its version 2026.12.2; the
 * demo's off-catalog medication is a safety scenario's own (seed/medication-safety/scenarios.ts).
 */
export const OFF_CATALOG: Readonly<
  Record<
    string,
    { genericName: string; rxnorm: string; drugClass: DrugClass; schedule?: 'II' | 'III' | 'IV' | 'V' }
  >
> = {};

/**
 * The school formulary (RxNorm-style clinical drug names; the drug key links an item to the drug catalog, whose
 * ingredient RxCUI it shares).
 */

export interface FormularyItem {
  readonly key: string;
  /** RxNorm-style clinical drug name. */
  readonly name: string;
  readonly drug: string;
  readonly strength: string;
  readonly form: string;
  readonly route: string;
  readonly ndc: string;
  readonly otc: boolean;
}

// The school formulary: stock OTC items under standing orders, and prescribed items parents bring in.
// key | drug | strength | dosage form | route | NDC | OTC or Rx | RxNorm-style name
const FORMULARY_TABLE = `
apap-325 | acetaminophen | 325 mg | Oral Tablet | PO | 50580-0449-10 | OTC | Acetaminophen 325 MG Oral Tablet
apap-160-susp | acetaminophen | 160 mg/5 mL | Oral Suspension | PO | 50580-0170-04 | OTC | Acetaminophen 160 MG in 5 mL Oral Suspension
apap-160-chew | acetaminophen | 160 mg | Chewable Tablet | PO | 50580-0226-24 | OTC | Acetaminophen 160 MG Chewable Tablet
ibu-200 | ibuprofen | 200 mg | Oral Tablet | PO | 00573-0150-20 | OTC | Ibuprofen 200 MG Oral Tablet
ibu-100-susp | ibuprofen | 100 mg/5 mL | Oral Suspension | PO | 50580-0601-04 | OTC | Ibuprofen 100 MG in 5 mL Oral Suspension
tums-500 | calcium-carbonate | 500 mg | Chewable Tablet | PO | 00135-0154-02 | OTC | Calcium Carbonate 500 MG Chewable Tablet
dph-25 | diphenhydramine | 25 mg | Oral Capsule | PO | 50580-0226-02 | OTC | Diphenhydramine Hydrochloride 25 MG Oral Capsule
dph-12-liq | diphenhydramine | 12.5 mg/5 mL | Oral Solution | PO | 50580-0579-04 | OTC | Diphenhydramine Hydrochloride 12.5 MG in 5 mL Oral Solution
cetirizine-10 | cetirizine | 10 mg | Oral Tablet | PO | 50580-0726-30 | OTC | Cetirizine Hydrochloride 10 MG Oral Tablet
loratadine-10 | loratadine | 10 mg | Oral Tablet | PO | 11523-7160-01 | OTC | Loratadine 10 MG Oral Tablet
hc-cream | hydrocortisone | 1% | Topical Cream | TOPICAL | 41167-0920-02 | OTC | Hydrocortisone 10 MG/ML Topical Cream
bacitracin-oint | bacitracin | 500 units/g | Topical Ointment | TOPICAL | 00168-0011-31 | OTC | Bacitracin 500 UNT/GM Topical Ointment
glucose-4g | glucose | 4 g | Chewable Tablet | PO | 63812-0100-10 | OTC | Glucose 4 GM Chewable Tablet
albuterol-hfa | albuterol | 90 mcg/actuation | Metered Dose Inhaler | INH | 59310-0579-22 | Rx | Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler
albuterol-neb | albuterol | 2.5 mg/3 mL | Inhalation Solution | INH | 00487-9501-25 | Rx | Albuterol 0.83 MG/ML Inhalation Solution
epi-0.3 | epinephrine | 0.3 mg | Auto-Injector | IM | 49502-0500-02 | Rx | Epinephrine 0.3 MG/0.3 ML Auto-Injector [EpiPen]
epi-0.15 | epinephrine | 0.15 mg | Auto-Injector | IM | 49502-0501-02 | Rx | Epinephrine 0.15 MG/0.3 ML Auto-Injector [EpiPen Jr]
glucagon-nasal | glucagon | 3 mg | Nasal Powder | NASAL | 00002-6145-11 | Rx | Glucagon 3 MG Nasal Powder [Baqsimi]
glucagon-gvoke | glucagon | 0.5 mg | Auto-Injector | SC | 72065-0121-11 | Rx | Glucagon 0.5 MG/0.1 ML Auto-Injector [Gvoke HypoPen]
lispro-pen | insulin-lispro | 100 units/mL | Pen Injector | SC | 00002-8799-59 | Rx | Insulin Lispro 100 UNT/ML Pen Injector [Humalog KwikPen]
aspart-pen | insulin-aspart | 100 units/mL | Pen Injector | SC | 00169-6339-10 | Rx | Insulin Aspart 100 UNT/ML Pen Injector [NovoLog FlexPen]
mph-5 | methylphenidate | 5 mg | Oral Tablet | PO | 00078-0439-05 | Rx | Methylphenidate Hydrochloride 5 MG Oral Tablet
mph-10 | methylphenidate | 10 mg | Oral Tablet | PO | 00078-0440-05 | Rx | Methylphenidate Hydrochloride 10 MG Oral Tablet
dmph-5 | dexmethylphenidate | 5 mg | Oral Tablet | PO | 00078-0381-05 | Rx | Dexmethylphenidate Hydrochloride 5 MG Oral Tablet [Focalin]
mas-5 | amphetamine-salts | 5 mg | Oral Tablet | PO | 57844-0105-01 | Rx | Amphetamine Aspartate / Amphetamine Sulfate / Dextroamphetamine Saccharate / Dextroamphetamine Sulfate 5 MG Oral Tablet
diazepam-rectal | diazepam | 10 mg | Rectal Gel | PR | 00187-0658-20 | Rx | Diazepam 10 MG Rectal Gel [Diastat AcuDial]
midazolam-nasal | midazolam | 5 mg/spray | Nasal Spray | NASAL | 50474-0500-15 | Rx | Midazolam 5 MG/ACTUAT Nasal Spray [Nayzilam]
ondansetron-odt | ondansetron | 4 mg | Disintegrating Oral Tablet | PO | 00781-5238-64 | Rx | Ondansetron 4 MG Disintegrating Oral Tablet
amox-400-susp | amoxicillin | 400 mg/5 mL | Oral Suspension | PO | 00093-4161-73 | Rx | Amoxicillin 400 MG in 5 mL Oral Suspension
amox-500 | amoxicillin | 500 mg | Oral Capsule | PO | 00093-3109-01 | Rx | Amoxicillin 500 MG Oral Capsule
cephalexin-250-susp | cephalexin | 250 mg/5 mL | Oral Suspension | PO | 68180-0455-02 | Rx | Cephalexin 250 MG in 5 mL Oral Suspension
sumatriptan-nasal | sumatriptan | 20 mg/spray | Nasal Spray | NASAL | 00173-0523-00 | Rx | Sumatriptan 20 MG/ACTUAT Nasal Spray
naloxone-nasal | naloxone | 4 mg/spray | Nasal Spray | NASAL | 69547-0353-02 | OTC | Naloxone Hydrochloride 4 MG/ACTUAT Nasal Spray [Narcan]
`;

export const FORMULARY: readonly FormularyItem[] = table(FORMULARY_TABLE, 8).map((c) => ({
  key: c(0),
  drug: c(1),
  strength: c(2),
  form: c(3),
  route: c(4),
  ndc: c(5),
  otc: oneOf(c(6), ['OTC', 'Rx'] as const) === 'OTC',
  name: c(7),
}));
