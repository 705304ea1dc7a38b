import type { AllergyLink, DrugRef } from './check-types';
import type { SafetyIndex } from './index-build';
import type { SafetyClass, SafetyDrug } from './reference';
import { normalizeText } from './text';

/**
 * Finding a drug or an allergen in the reference. Never a guess: a catalog id, or the whole text equal (ignoring
 * case, spacing and punctuation) to an RxNorm code, a catalog or generic name, or a brand name. An ambiguous text
 * (two drugs answer to it) resolves to nothing.
 */
export function resolveDrug(index: SafetyIndex, ref: DrugRef): SafetyDrug | null {
  if (ref.catalogId) {
    const byId = index.drugs.get(ref.catalogId);
    if (byId) return byId;
  }
  return resolveDrugText(index, ref.text);
}

function resolveDrugText(index: SafetyIndex, text: string): SafetyDrug | null {
  const k = normalizeText(text);
  if (k === '') return null;
  for (const map of [index.byRxnorm, index.byName, index.byBrand]) {
    const hit = map.get(k);
    if (hit !== undefined) return hit; // null: ambiguous, not tried further
  }
  return null;
}

/** What an allergen's text names: drugs (an allergy to the drug) and classes (an allergy to the class). */
export interface AllergenMatch {
  readonly drugs: readonly SafetyDrug[];
  readonly classes: readonly SafetyClass[];
}

/** Shorter words ("pen", "ASA", "PCN") name a class only as the whole allergen, never inside a longer text. */
const MIN_WORD_MATCH = 4;

/**
 * An allergen's text: the whole text as a drug (resolveDrug's matching), else as a class (code, name or alias),
 * else the drugs and classes it names as whole words ("sulfa drugs", "Penicillin (hives)", "Tylenol with codeine"),
 * the longest name first, a drug before a class for the same words. Null when it names nothing in the reference.
 */
export function resolveAllergen(index: SafetyIndex, text: string): AllergenMatch | null {
  const drug = resolveDrugText(index, text);
  if (drug) return { drugs: [drug], classes: [] };
  const k = normalizeText(text);
  if (k === '') return null;
  const exact = index.classByText.get(k);
  if (exact) return { drugs: [], classes: exact };

  const words = k.split(' ');
  const taken = new Array<boolean>(words.length).fill(false);
  const drugs = new Map<string, SafetyDrug>();
  const classes = new Map<string, SafetyClass>();
  const longest = Math.min(words.length, Math.max(index.longestClassText, 6));
  for (let n = longest; n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      if (taken.slice(i, i + n).some(Boolean)) continue;
      const phrase = words.slice(i, i + n).join(' ');
      if (phrase.replace(/ /g, '').length < MIN_WORD_MATCH || /^\d+$/.test(phrase)) continue;
      const d = index.byName.get(phrase) ?? index.byBrand.get(phrase);
      const cs = d ? undefined : index.classByText.get(phrase);
      if (!d && !cs) continue;
      if (d) drugs.set(d.id, d);
      for (const c of cs ?? []) classes.set(c.code, c);
      taken.fill(true, i, i + n);
    }
  }
  return drugs.size + classes.size > 0
    ? { drugs: [...drugs.values()], classes: [...classes.values()] }
    : null;
}

/**
 * An allergy's links (student_drug_allergies_xref) as a match: each drug id found in the catalog, each class found by
 * its code, else by its name or alias (every class answering to it). What the reference does not know is returned
 * in `unknown` ("allergy link: <drug id or class>"), never guessed.
 */
export function resolveAllergyLinks(
  index: SafetyIndex,
  links: readonly AllergyLink[],
): { readonly match: AllergenMatch | null; readonly unknown: readonly string[] } {
  const drugs = new Map<string, SafetyDrug>();
  const classes = new Map<string, SafetyClass>();
  const unknown: string[] = [];
  for (const link of links) {
    if (link.drugId) {
      const d = index.drugs.get(link.drugId);
      if (d) drugs.set(d.id, d);
      else unknown.push(`allergy link: drug ${link.drugId}`);
    }
    const text = link.drugClass?.trim();
    if (text) {
      const byCode = index.classes.get(text);
      const found = byCode ? [byCode] : (index.classByText.get(normalizeText(text)) ?? []);
      for (const c of found) classes.set(c.code, c);
      if (found.length === 0) unknown.push(`allergy link: class ${text}`);
    }
  }
  return {
    match:
      drugs.size + classes.size > 0 ? { drugs: [...drugs.values()], classes: [...classes.values()] } : null,
    unknown,
  };
}

/** Two matches as one (each drug and class once). */
export function mergeMatches(a: AllergenMatch | null, b: AllergenMatch | null): AllergenMatch | null {
  if (!a || !b) return a ?? b;
  const drugs = new Map([...a.drugs, ...b.drugs].map((d) => [d.id, d]));
  const classes = new Map([...a.classes, ...b.classes].map((c) => [c.code, c]));
  return { drugs: [...drugs.values()], classes: [...classes.values()] };
}
