import { normalizeTokens } from '../text/tokens';

/**
 * The allergy rules before a dose (pure): a student's recorded allergy against a drug and its classes.
 *
 * - DRUG: the allergy's cross-reference names this drug (drug catalog id), or the allergen text names the drug
 *   (generic name, a brand name, the formulary name's first word), e.g. "Ibuprofen" vs "Ibuprofen 200 mg tablet".
 * - CLASS: the allergy's cross-reference class (PENICILLINS, ANALGESIC...) is one of the drug's classes, the
 *   allergen text names one of them ("Sulfa drugs", "NSAIDs", "penicillins"), or the cross-reference lists this
 *   drug among the cross-reactive ones (amoxicillin for a penicillin allergy).
 *
 * The drug's classes: the formulary's and catalog's therapeutic class, the catalog's pharmacologic class
 * ("Class: PENICILLINS." in its indications) and the pharmacologic classes of DRUG_CLASS_MEMBERS, by generic name.
 */

/** Pharmacologic classes a school sees, by ingredient. */
export const DRUG_CLASS_MEMBERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
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

/** Words nurses use for a class in an allergen's text. */
export const CLASS_WORDS: Readonly<Record<string, string>> = Object.freeze({
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

/** What is known of a drug: its formulary entry and, when its RxNorm code is in the drug catalog, that entry. */
export interface DrugFacts {
  /** formulary name, e.g. "Ibuprofen 200 mg tablet" */
  readonly name: string;
  readonly genericName: string | null;
  /** formulary therapeutic class */
  readonly drugClass: string | null;
  readonly catalog?: {
    readonly id: string;
    readonly drugName: string;
    readonly genericName: string | null;
    /** JSON list of brand names, as drug_catalog.brand_names stores it */
    readonly brandNames: string | null;
    readonly drugClass: string | null;
    /** catalog indications text; "Class: PENICILLINS." names the pharmacologic class */
    readonly indications: string | null;
  } | null;
}

export interface DrugIdentity {
  readonly catalogId: string | null;
  /** the name a DRUG match by cross-reference reports */
  readonly displayName: string;
  /** normalized names: generic, catalog name, brands, first word of the formulary name */
  readonly names: ReadonlySet<string>;
  /** upper-case class names */
  readonly classes: ReadonlySet<string>;
}

/** An allergy cross-reference (student_drug_allergies_xref). */
export interface AllergyCrossReference {
  readonly drugId: string | null;
  readonly drugClass: string | null;
  /** JSON list of drug names ("Cephalexin (use with caution)"), as the table stores it, or the list itself */
  readonly crossReactiveDrugs: string | readonly string[] | null;
}

export interface AllergyFacts {
  readonly allergen: string;
  readonly crossReferences: readonly AllergyCrossReference[];
}

export interface AllergyRuleMatch {
  readonly matchedOn: 'DRUG' | 'CLASS';
  readonly matchedTerm: string;
}

/** Normalized phrase: tokens joined by one space. */
export const phrase = (s: string): string => normalizeTokens(s).join(' ');

/** The pharmacologic classes of DRUG_CLASS_MEMBERS a drug name belongs to (by ingredient word). */
export function classesOfName(name: string): string[] {
  const words = phrase(name).split(' ');
  return Object.entries(DRUG_CLASS_MEMBERS)
    .filter(([, members]) => members.some((m) => words.includes(m)))
    .map(([cls]) => cls);
}

export function drugIdentity(facts: DrugFacts): DrugIdentity {
  const names = new Set<string>();
  const classes = new Set<string>();
  if (facts.genericName) names.add(phrase(facts.genericName));
  const first = normalizeTokens(facts.name)[0];
  if (first) names.add(first);
  if (facts.drugClass) classes.add(facts.drugClass.toUpperCase());
  const cat = facts.catalog ?? null;
  if (cat) {
    names.add(phrase(cat.drugName));
    if (cat.genericName) names.add(phrase(cat.genericName));
    for (const b of jsonList(cat.brandNames)) names.add(phrase(b));
    if (cat.drugClass) classes.add(cat.drugClass.toUpperCase());
    const sub = cat.indications ? /Class:\s*([A-Z][A-Z _-]+)\./.exec(cat.indications)?.[1] : undefined;
    if (sub) classes.add(sub.trim().toUpperCase());
  }
  for (const n of [...names]) for (const cls of classesOfName(n)) classes.add(cls);
  names.delete('');
  return {
    catalogId: cat?.id ?? null,
    displayName: facts.genericName ?? facts.name,
    names,
    classes,
  };
}

/** The strings of a JSON list (or of the list itself); anything else is no list. */
function jsonList(value: string | readonly string[] | null): string[] {
  if (value === null) return [];
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/** The name of the drug the allergen text names (one of its names as whole words, 4 letters or more), or null. */
export function allergenNamesDrug(allergen: string, names: ReadonlySet<string>): string | null {
  const a = ` ${phrase(allergen)} `;
  for (const n of names) if (n.length >= 4 && a.includes(` ${n} `)) return n;
  return null;
}

/** The classes the allergen text names by the words nurses use ("Sulfa drugs" → SULFONAMIDES). */
export function allergenClasses(allergen: string): string[] {
  return normalizeTokens(allergen)
    .map((w) => CLASS_WORDS[w])
    .filter((c): c is string => c !== undefined);
}

/** The classes an allergy names: its cross-references' classes, then the class words of its allergen text. */
export function allergyClasses(allergy: AllergyFacts): string[] {
  const out: string[] = [];
  for (const x of allergy.crossReferences) if (x.drugClass) out.push(x.drugClass.toUpperCase());
  for (const c of allergenClasses(allergy.allergen)) out.push(c);
  return [...new Set(out)];
}

/** Whether (and on what) one recorded allergy forbids the drug; null when it does not. */
export function matchAllergy(allergy: AllergyFacts, drug: DrugIdentity): AllergyRuleMatch | null {
  const xrefs = allergy.crossReferences;
  // DRUG: the cross-reference names this drug, or the allergen text does
  if (drug.catalogId !== null && xrefs.some((x) => x.drugId === drug.catalogId)) {
    return { matchedOn: 'DRUG', matchedTerm: drug.displayName };
  }
  const named = allergenNamesDrug(allergy.allergen, drug.names);
  if (named) return { matchedOn: 'DRUG', matchedTerm: named };
  // CLASS: the cross-reference class, the allergen's class words, the cross-reactive list
  const cls =
    xrefs.map((x) => x.drugClass?.toUpperCase()).find((c) => c !== undefined && drug.classes.has(c)) ??
    allergenClasses(allergy.allergen).find((c) => drug.classes.has(c));
  if (cls) return { matchedOn: 'CLASS', matchedTerm: cls };
  for (const x of xrefs) {
    const hit = jsonList(x.crossReactiveDrugs).find(
      (d) => allergenNamesDrug(d.split('(')[0] ?? d, drug.names) !== null,
    );
    if (hit) return { matchedOn: 'CLASS', matchedTerm: `cross-reactive: ${hit}` };
  }
  return null;
}
