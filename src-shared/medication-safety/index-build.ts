import type { InteractionSeverity } from './dataset';
import { pairKey } from './ids';
import type {
  SafetyClass,
  SafetyClassRule,
  SafetyCrossReactivity,
  SafetyDrug,
  SafetyInteraction,
  SafetyReference,
  SafetySeverityLevel,
} from './reference';
import { ingredientsOf, normalizeText } from './text';

/**
 * The reference indexed for the check: built once (per reference version), frozen, then read by every check. Text
 * lookups are by normalizeText; a text two drugs (or two classes) answer to is ambiguous and resolves to nothing
 * (never a guess). A drug's memberships are its classes with all their ancestors (the parent chain), so a rule or
 * a cross-reactivity row naming a class covers the members of that class and of its descendants.
 */
export interface SafetyIndex {
  readonly version: string;
  readonly drugs: ReadonlyMap<string, SafetyDrug>;
  /** RxNorm, then catalog name and generic name, then brand name; null = ambiguous */
  readonly byRxnorm: ReadonlyMap<string, SafetyDrug | null>;
  readonly byName: ReadonlyMap<string, SafetyDrug | null>;
  readonly byBrand: ReadonlyMap<string, SafetyDrug | null>;
  readonly classes: ReadonlyMap<string, SafetyClass>;
  /** a class by its code, name or alias (normalized): every class that answers to that text */
  readonly classByText: ReadonlyMap<string, readonly SafetyClass[]>;
  /** the longest alias or name in words (for whole-word matching inside an allergen's text) */
  readonly longestClassText: number;
  /** a class code with its ancestors, itself first */
  readonly lineage: ReadonlyMap<string, readonly string[]>;
  /** drug id -> every class it is a member of (its classes and their ancestors) */
  readonly memberships: ReadonlyMap<string, ReadonlySet<string>>;
  /** drug id -> its own PHARMACOLOGIC classes (as listed, without ancestors): what an allergy to it carries */
  readonly pharmacologic: ReadonlyMap<string, readonly string[]>;
  /** drug id -> its ingredients (normalized; a combination product has several) */
  readonly ingredients: ReadonlyMap<string, readonly string[]>;
  /** pairKey(drug id, drug id) -> the stored pair */
  readonly pairs: ReadonlyMap<string, SafetyInteraction>;
  /** class code -> the class rules naming it */
  readonly rulesByClass: ReadonlyMap<string, readonly SafetyClassRule[]>;
  /** allergy class code -> the cross-reactivity rows from it */
  readonly crossByClass: ReadonlyMap<string, readonly SafetyCrossReactivity[]>;
  readonly severityLevels: ReadonlyMap<InteractionSeverity, SafetySeverityLevel>;
}

/** A text -> drug map where a text claimed by two different drugs becomes null (ambiguous). */
function addText(map: Map<string, SafetyDrug | null>, text: string | null, drug: SafetyDrug): void {
  if (text === null) return;
  const k = normalizeText(text);
  if (k === '') return;
  const had = map.get(k);
  if (had === undefined) map.set(k, drug);
  else if (had !== null && had.id !== drug.id) map.set(k, null);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A shipped entry wins over a district's local entry for the same text; two of the same origin are ambiguous. */
function textMaps(drugs: readonly SafetyDrug[]) {
  const byRxnorm = new Map<string, SafetyDrug | null>();
  const byName = new Map<string, SafetyDrug | null>();
  const byBrand = new Map<string, SafetyDrug | null>();
  for (const local of [false, true]) {
    const r = new Map<string, SafetyDrug | null>();
    const n = new Map<string, SafetyDrug | null>();
    const b = new Map<string, SafetyDrug | null>();
    for (const d of drugs) {
      if (d.local !== local) continue;
      addText(r, d.rxnorm, d);
      addText(n, d.name, d);
      addText(n, d.genericName, d);
      for (const brand of d.brandNames) addText(b, brand, d);
    }
    for (const [from, to] of [
      [r, byRxnorm],
      [n, byName],
      [b, byBrand],
    ] as const)
      for (const [k, v] of from) if (!to.has(k)) to.set(k, v);
  }
  return { byRxnorm, byName, byBrand };
}

export function buildSafetyIndex(ref: SafetyReference): SafetyIndex {
  const classes = new Map(ref.classes.map((c) => [c.code, c]));
  const lineage = new Map<string, readonly string[]>();
  const lineageOf = (code: string): readonly string[] => {
    const known = lineage.get(code);
    if (known) return known;
    const chain: string[] = [];
    for (let c: string | null | undefined = code; c && !chain.includes(c); c = classes.get(c)?.parent)
      chain.push(c); // a parent cycle stops where it repeats
    lineage.set(code, Object.freeze(chain));
    return chain;
  };
  for (const c of ref.classes) lineageOf(c.code);

  const classByText = new Map<string, SafetyClass[]>();
  let longestClassText = 1;
  for (const c of ref.classes) {
    const texts = new Set([c.code, c.name, ...c.aliases].map(normalizeText).filter((t) => t !== ''));
    for (const t of texts) {
      push(classByText, t, c);
      longestClassText = Math.max(longestClassText, t.split(' ').length);
    }
  }

  const drugs = new Map(ref.drugs.map((d) => [d.id, d]));
  const memberships = new Map<string, ReadonlySet<string>>();
  const pharmacologic = new Map<string, readonly string[]>();
  const ingredients = new Map<string, readonly string[]>();
  for (const d of ref.drugs) {
    memberships.set(d.id, new Set(d.classes.flatMap(lineageOf)));
    pharmacologic.set(
      d.id,
      d.classes.filter((c) => classes.get(c)?.kind === 'PHARMACOLOGIC'),
    );
    ingredients.set(d.id, ingredientsOf(d.genericName));
  }

  const pairs = new Map<string, SafetyInteraction>();
  for (const x of ref.interactions) pairs.set(pairKey(x.drugA, x.drugB), x);
  const rulesByClass = new Map<string, SafetyClassRule[]>();
  for (const r of ref.classRules) {
    push(rulesByClass, r.classA, r);
    if (r.classB !== r.classA) push(rulesByClass, r.classB, r);
  }
  const crossByClass = new Map<string, SafetyCrossReactivity[]>();
  for (const r of ref.crossReactivity) push(crossByClass, r.allergyClass, r);

  return Object.freeze({
    version: ref.version,
    drugs,
    ...textMaps(ref.drugs),
    classes,
    classByText,
    longestClassText,
    lineage,
    memberships,
    pharmacologic,
    ingredients,
    pairs,
    rulesByClass,
    crossByClass,
    severityLevels: new Map(ref.severityLevels.map((l) => [l.severity, l])),
  });
}
