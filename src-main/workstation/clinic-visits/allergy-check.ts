import type { AllergyMatch } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { opt, type WorkstationContext } from '../context';
import { normalizeTokens } from '../students/search-index';

/**
 * The allergy check before a dose: the student's recorded allergies against the drug and its classes.
 *
 * - DRUG: the allergy's cross-reference names this drug (drug catalog id), or the allergen text names the drug
 *   (generic name, a brand name, the formulary name's first word), e.g. "Ibuprofen" vs "Ibuprofen 200 mg tablet".
 * - CLASS: the allergy's cross-reference class (PENICILLINS, ANALGESIC...) is one of the drug's classes, the
 *   allergen text names one of them ("Sulfa drugs", "NSAIDs", "penicillins"), or the cross-reference lists this
 *   drug among the cross-reactive ones (amoxicillin for a penicillin allergy).
 *
 * The drug's classes: the formulary's and catalog's therapeutic class, the catalog's pharmacologic class
 * ("Class: PENICILLINS." in its indications) and the pharmacologic classes below, by generic name.
 */

/** Pharmacologic classes a school sees, by ingredient; and words nurses use for them. */
const CLASS_MEMBERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  PENICILLINS: [
    'penicillin',
    'amoxicillin',
    'ampicillin',
    'dicloxacillin',
    'nafcillin',
    'oxacillin',
    'piperacillin',
  ],
  CEPHALOSPORINS: [
    'cephalexin',
    'cefadroxil',
    'cefdinir',
    'cefuroxime',
    'cefprozil',
    'cefpodoxime',
    'ceftriaxone',
    'cefixime',
  ],
  SULFONAMIDES: ['sulfamethoxazole', 'sulfadiazine', 'sulfasalazine'],
  MACROLIDES: ['azithromycin', 'clarithromycin', 'erythromycin'],
  NSAIDS: [
    'ibuprofen',
    'naproxen',
    'aspirin',
    'ketorolac',
    'diclofenac',
    'meloxicam',
    'celecoxib',
    'indomethacin',
  ],
  TETRACYCLINES: ['doxycycline', 'minocycline', 'tetracycline'],
  FLUOROQUINOLONES: ['ciprofloxacin', 'levofloxacin', 'moxifloxacin'],
  OPIOIDS: ['codeine', 'morphine', 'hydrocodone', 'oxycodone', 'tramadol'],
});
const CLASS_WORDS: Readonly<Record<string, string>> = Object.freeze({
  penicillin: 'PENICILLINS',
  penicillins: 'PENICILLINS',
  cephalosporin: 'CEPHALOSPORINS',
  cephalosporins: 'CEPHALOSPORINS',
  sulfa: 'SULFONAMIDES',
  sulfonamide: 'SULFONAMIDES',
  sulfonamides: 'SULFONAMIDES',
  macrolide: 'MACROLIDES',
  macrolides: 'MACROLIDES',
  nsaid: 'NSAIDS',
  nsaids: 'NSAIDS',
  tetracyclines: 'TETRACYCLINES',
  fluoroquinolones: 'FLUOROQUINOLONES',
  opioid: 'OPIOIDS',
  opioids: 'OPIOIDS',
  opiates: 'OPIOIDS',
});

interface MedicationInfo {
  id: string;
  name: string;
  generic_name: string | null;
  drug_class: string | null;
  rxnorm_code: string | null;
  is_otc: number;
  is_active: number;
  route: string | null;
  strength: string | null;
}

export interface DrugProfile {
  readonly medication: MedicationInfo;
  readonly catalogId: string | null;
  /** normalized names: generic, catalog name, brands, first word of the formulary name */
  readonly names: ReadonlySet<string>;
  /** upper-case class names */
  readonly classes: ReadonlySet<string>;
}

export function requireMedication(
  ctx: WorkstationContext,
  medicationId: string,
  field: string,
): MedicationInfo {
  const m = ctx
    .stmt(
      `SELECT id, name, generic_name, drug_class, rxnorm_code, is_otc, is_active, route, strength FROM medications
       WHERE id = ? AND deleted_at IS NULL`,
    )
    .get(medicationId) as MedicationInfo | undefined;
  if (!m) throw new IpcError('NOT_FOUND', `no medication ${medicationId} in the formulary`, field);
  return m;
}

const phrase = (s: string): string => normalizeTokens(s).join(' ');

export function drugProfile(ctx: WorkstationContext, m: MedicationInfo): DrugProfile {
  const names = new Set<string>();
  const classes = new Set<string>();
  if (m.generic_name) names.add(phrase(m.generic_name));
  const first = normalizeTokens(m.name)[0];
  if (first) names.add(first);
  if (m.drug_class) classes.add(m.drug_class.toUpperCase());
  let catalogId: string | null = null;
  const cat = (
    m.rxnorm_code
      ? ctx
          .stmt(
            `SELECT id, drug_name, generic_name, brand_names, drug_class, indications FROM drug_catalog
             WHERE rxnorm_code = ? AND deleted_at IS NULL`,
          )
          .get(m.rxnorm_code)
      : undefined
  ) as
    | {
        id: string;
        drug_name: string;
        generic_name: string | null;
        brand_names: string | null;
        drug_class: string | null;
        indications: string | null;
      }
    | undefined;
  if (cat) {
    catalogId = cat.id;
    names.add(phrase(cat.drug_name));
    if (cat.generic_name) names.add(phrase(cat.generic_name));
    try {
      const brands = cat.brand_names ? (JSON.parse(cat.brand_names) as unknown) : [];
      if (Array.isArray(brands)) for (const b of brands) if (typeof b === 'string') names.add(phrase(b));
    } catch {
      /* not a list: ignore */
    }
    if (cat.drug_class) classes.add(cat.drug_class.toUpperCase());
    const sub = cat.indications ? /Class:\s*([A-Z][A-Z _-]+)\./.exec(cat.indications)?.[1] : undefined;
    if (sub) classes.add(sub.trim().toUpperCase());
  }
  for (const n of [...names]) {
    for (const [cls, members] of Object.entries(CLASS_MEMBERS)) {
      if (members.some((mem) => n.split(' ').includes(mem))) classes.add(cls);
    }
  }
  names.delete('');
  return { medication: m, catalogId, names, classes };
}

/** True when the allergen text names the drug: one of its names appears as whole words in the allergen. */
function allergenNamesDrug(allergen: string, names: ReadonlySet<string>): string | null {
  const a = ` ${phrase(allergen)} `;
  for (const n of names) if (n.length >= 4 && a.includes(` ${n} `)) return n;
  return null;
}

function allergenClasses(allergen: string): string[] {
  return normalizeTokens(allergen)
    .map((w) => CLASS_WORDS[w])
    .filter((c): c is string => c !== undefined);
}

export function checkAllergies(
  ctx: WorkstationContext,
  studentId: string,
  drug: DrugProfile,
): AllergyMatch[] {
  const allergies = ctx
    .stmt(
      `SELECT id, allergen, allergen_type, severity, reaction FROM allergies
       WHERE student_id = ? AND deleted_at IS NULL AND allergen_type IN ('DRUG', 'OTHER')`,
    )
    .all(studentId) as {
    id: string;
    allergen: string;
    allergen_type: string;
    severity: AllergyMatch['severity'];
    reaction: string | null;
  }[];
  if (allergies.length === 0) return [];
  const xrefs = ctx
    .stmt(
      `SELECT allergy_id, drug_id, drug_class, cross_reactive_drugs FROM student_drug_allergies_xref
       WHERE student_id = ? AND deleted_at IS NULL`,
    )
    .all(studentId) as {
    allergy_id: string;
    drug_id: string | null;
    drug_class: string | null;
    cross_reactive_drugs: string | null;
  }[];
  const out: AllergyMatch[] = [];
  for (const a of allergies) {
    const base = { allergyId: a.id, allergen: a.allergen, severity: a.severity, reaction: opt(a.reaction) };
    const mine = xrefs.filter((x) => x.allergy_id === a.id);
    // DRUG: the cross-reference names this drug, or the allergen text does
    if (drug.catalogId && mine.some((x) => x.drug_id === drug.catalogId)) {
      out.push({
        ...base,
        matchedOn: 'DRUG',
        matchedTerm: drug.medication.generic_name ?? drug.medication.name,
      });
      continue;
    }
    const named = allergenNamesDrug(a.allergen, drug.names);
    if (named) {
      out.push({ ...base, matchedOn: 'DRUG', matchedTerm: named });
      continue;
    }
    // CLASS: the cross-reference class, the allergen's class words, the cross-reactive list
    const cls =
      mine.map((x) => x.drug_class?.toUpperCase()).find((c) => c !== undefined && drug.classes.has(c)) ??
      allergenClasses(a.allergen).find((c) => drug.classes.has(c));
    if (cls) {
      out.push({ ...base, matchedOn: 'CLASS', matchedTerm: cls });
      continue;
    }
    for (const x of mine) {
      let list: unknown = [];
      try {
        list = x.cross_reactive_drugs ? JSON.parse(x.cross_reactive_drugs) : [];
      } catch {
        list = [];
      }
      const hit = Array.isArray(list)
        ? list.find(
            (d): d is string =>
              typeof d === 'string' && allergenNamesDrug(d.split('(')[0] ?? d, drug.names) !== null,
          )
        : undefined;
      if (hit) {
        out.push({ ...base, matchedOn: 'CLASS', matchedTerm: `cross-reactive: ${hit}` });
        break;
      }
    }
  }
  return out;
}
