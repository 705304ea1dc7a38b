import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  DATASET_FILES,
  DRUG_FACTS,
  type ClassRuleEntry,
  type CrossReactivityEntry,
  type DrugClassEntry,
  type DrugEntry,
  type InteractionEntry,
  type Manifest,
  type SeverityLevelEntry,
} from '../../../src-shared/medication-safety';

/**
 * The shipped medication-safety dataset (reference-data/medication-safety/*.json), read from disk with the schemas
 * the district server loads it with: every file parses, keys and codes are unique, every reference resolves, every
 * fact of a drug names its source, and the ONC high-priority pairs (Phansalkar et al. 2012) present are marked.
 */

const DIR = join(import.meta.dirname, '../../../reference-data/medication-safety');
type FileName = keyof typeof DATASET_FILES;

/** Parses one file's content; a failure names the file, the entry (its key, code or pair) and the field. */
function parseFile<F extends FileName>(file: F, raw: unknown): z.infer<(typeof DATASET_FILES)[F]> {
  const parsed = DATASET_FILES[file].safeParse(raw);
  if (parsed.success) return parsed.data as z.infer<(typeof DATASET_FILES)[F]>;
  const label = (entry: unknown): string => {
    const e = (entry ?? {}) as Record<string, unknown>;
    return JSON.stringify(
      e['key'] ?? e['code'] ?? e['drugs'] ?? e['classes'] ?? e['allergyClass'] ?? e['severity'],
    );
  };
  const issues = parsed.error.issues.map((issue) => {
    const [index, ...field] = issue.path;
    const entry =
      typeof index === 'number' && Array.isArray(raw) ? `entry ${index} ${label(raw[index])}` : String(index);
    return `${file} ${entry} ${field.map(String).join('.')}: ${issue.message}`;
  });
  throw new Error(issues.join('\n'));
}
const load = <F extends FileName>(file: F): z.infer<(typeof DATASET_FILES)[F]> =>
  parseFile(file, JSON.parse(readFileSync(join(DIR, file), 'utf8')));

const manifest: Manifest = load('manifest.json');
const classes: DrugClassEntry[] = load('classes.json');
const drugs: DrugEntry[] = load('drugs.json');
const interactions: InteractionEntry[] = load('interactions.json');
const classRules: ClassRuleEntry[] = load('class-rules.json');
const crossReactivity: CrossReactivityEntry[] = load('cross-reactivity.json');
const severityLevels: SeverityLevelEntry[] = load('severity-levels.json');

const classByCode = new Map(classes.map((c) => [c.code, c]));
const drugByKey = new Map(drugs.map((d) => [d.key, d]));
const sourceIds = new Set(manifest.sources.map((s) => s.id));

/** A class and its ancestors (parent means: a member of the child is a member of the parent). */
function withAncestors(code: string): string[] {
  const out: string[] = [];
  let at: string | undefined = code;
  while (at !== undefined && !out.includes(at)) {
    out.push(at);
    at = classByCode.get(at)?.parent;
  }
  return out;
}
const membership = (d: DrugEntry): Set<string> => new Set(d.classes.flatMap(withAncestors));
const membersOf = (code: string): DrugEntry[] => drugs.filter((d) => membership(d).has(code));
const duplicates = (values: readonly string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);
const pairKey = (a: string, b: string): string => [a, b].sort().join(' + ');

describe('the files parse with the schemas of dataset.ts', () => {
  it('every file parses (a failure names the file, the entry and the field)', () => {
    expect(manifest.dataset).toBe('white-cross-medication-safety');
    expect(drugs.length).toBeGreaterThanOrEqual(150);
    expect(classes.length).toBeGreaterThan(0);
    expect(interactions.length).toBeGreaterThanOrEqual(80);
    expect(classRules.length).toBeGreaterThan(0);
    expect(crossReactivity.length).toBeGreaterThan(0);
    expect(severityLevels).toHaveLength(4);
  });

  it('a bad entry is refused naming the file, the entry and the field (the check itself can fail)', () => {
    const bad = [drugs[0], { ...drugs[1], rxnorm: 'RX-725' }];
    expect(() => parseFile('drugs.json', bad)).toThrow(
      `drugs.json entry 1 ${JSON.stringify(drugs[1]!.key)} rxnorm: an RxCUI: digits`,
    );
    expect(() => parseFile('classes.json', [{ ...classes[0], kind: 'CHEMICAL' }])).toThrow(
      `classes.json entry 0 ${JSON.stringify(classes[0]!.code)} kind`,
    );
  });
});

describe('drugs', () => {
  it('keys, RxCUIs and generic names are unique', () => {
    expect(duplicates(drugs.map((d) => d.key))).toEqual([]);
    expect(duplicates(drugs.map((d) => d.rxnorm))).toEqual([]);
    expect(duplicates(drugs.map((d) => d.genericName))).toEqual([]);
  });

  it('generic names are lower case and forms, strengths, routes and brands have no repeats', () => {
    for (const d of drugs) {
      expect(d.genericName, d.key).toBe(d.genericName.toLowerCase());
      for (const list of [d.forms, d.strengths, d.routes, d.brandNames])
        expect(duplicates(list), d.key).toEqual([]);
    }
  });

  it('every DRUG_FACTS fact of each drug is covered exactly once, by a source of the manifest', () => {
    for (const d of drugs) {
      const covered = d.sources.flatMap((s) => s.facts);
      expect([...covered].sort(), d.key).toEqual([...DRUG_FACTS].sort());
      for (const s of d.sources) expect(sourceIds.has(s.source), `${d.key}: ${s.source}`).toBe(true);
    }
  });

  it('controlled substances carry their DEA schedule (stimulants II, benzodiazepines IV)', () => {
    for (const d of membersOf('AMPHETAMINES')) expect(d.schedule, d.key).toBe('II');
    expect(drugByKey.get('methylphenidate')?.schedule).toBe('II');
    for (const d of membersOf('BENZODIAZEPINE')) expect(d.schedule, d.key).toBe('IV');
    expect(drugByKey.get('amoxicillin')?.schedule).toBeUndefined();
  });

  it('every category the project ships has members (by class, parents included)', () => {
    const categories = [
      'STIMULANT',
      'NOREPINEPHRINE_REUPTAKE_INHIBITORS',
      'ALPHA2_AGONISTS',
      'BETA2_AGONISTS',
      'INHALED_NASAL_CORTICOSTEROIDS',
      'INSULIN',
      'ANTIHYPOGLYCEMICS',
      'CATECHOLAMINES',
      'ANTIEPILEPTIC',
      'BENZODIAZEPINE',
      'PENICILLINS',
      'CEPHALOSPORINS',
      'MACROLIDES',
      'TETRACYCLINES',
      'FLUOROQUINOLONES',
      'SULFONAMIDE_ANTIBIOTICS',
      'NSAIDS',
      'OPIOIDS',
      'ANTIHISTAMINES',
      'SSRI',
      'SNRI',
      'TRICYCLIC_ANTIDEPRESSANTS',
      'MAOI',
      'ANTIPSYCHOTICS',
      'HORMONAL_CONTRACEPTIVES',
      'PROTON_PUMP_INHIBITORS',
      'SYSTEMIC_CORTICOSTEROIDS',
      'LOCAL_ANESTHETICS',
    ];
    const empty = categories.filter((c) => membersOf(c).length === 0);
    expect(empty).toEqual([]);
    expect(membersOf('INSULIN').length).toBeGreaterThanOrEqual(6);
    expect(membersOf('ANTIBACTERIALS').length).toBeGreaterThanOrEqual(25);
  });
});

describe('classes', () => {
  it('codes are unique and every class used by a drug, a rule or a cross-reactivity row exists', () => {
    expect(duplicates(classes.map((c) => c.code))).toEqual([]);
    const used = [
      ...drugs.flatMap((d) => d.classes.map((c) => [`drug ${d.key}`, c] as const)),
      ...classRules.flatMap((r) => r.classes.map((c) => [`rule ${r.classes.join('+')}`, c] as const)),
      ...crossReactivity.flatMap((x) =>
        [x.allergyClass, x.reactsWith].map((c) => [`cross ${x.allergyClass}->${x.reactsWith}`, c] as const),
      ),
      ...classes.flatMap((c) => (c.parent ? [[`parent of ${c.code}`, c.parent] as const] : [])),
    ];
    expect(
      used.filter(([, code]) => !classByCode.has(code)).map(([where, code]) => `${where}: ${code}`),
    ).toEqual([]);
  });

  it('every class has members or is the parent of one that has, and names a source of the manifest', () => {
    const unused = classes.filter((c) => membersOf(c.code).length === 0).map((c) => c.code);
    expect(unused).toEqual([]);
    for (const c of classes) expect(sourceIds.has(c.source.source), c.code).toBe(true);
  });

  it('no parent cycles', () => {
    for (const c of classes) {
      const seen = new Set<string>();
      let at: string | undefined = c.code;
      while (at !== undefined) {
        expect(seen.has(at), `cycle through ${c.code}`).toBe(false);
        seen.add(at);
        at = classByCode.get(at)?.parent;
      }
    }
  });

  it('aliases are unique across classes (an allergy word names one class)', () => {
    const aliases = classes.flatMap((c) => c.aliases.map((a) => a.toLowerCase()));
    expect(duplicates(aliases)).toEqual([]);
    const aliasOf = (word: string): string | undefined =>
      classes.find((c) => c.aliases.some((a) => a.toLowerCase() === word))?.code;
    expect(aliasOf('pcn')).toBe('PENICILLINS');
    expect(aliasOf('sulfa')).toBe('SULFONAMIDE_ANTIBIOTICS');
    expect(aliasOf('nsaids')).toBe('NSAIDS');
    expect(aliasOf('opiates')).toBe('OPIOIDS_NATURAL');
    expect(aliasOf('local anesthetics')).toBe('LOCAL_ANESTHETICS');
  });

  it('an allergy to penicillins does not flag cephalosporins by inheritance (only cross-reactivity rows do)', () => {
    for (const d of membersOf('CEPHALOSPORINS')) expect(membership(d).has('PENICILLINS'), d.key).toBe(false);
    for (const d of membersOf('PENICILLINS')) expect(membership(d).has('CEPHALOSPORINS'), d.key).toBe(false);
    // a drug never lists a family class directly: an allergy to that drug would then flag the whole family
    const families = new Set([
      'BETA_LACTAMS',
      'SULFONAMIDES',
      'LOCAL_ANESTHETICS',
      'OPIOIDS',
      'CORTICOSTEROIDS',
    ]);
    expect(drugs.filter((d) => d.classes.some((c) => families.has(c))).map((d) => d.key)).toEqual([]);
    expect(membersOf('BETA_LACTAMS').map((d) => d.key)).toEqual(
      expect.arrayContaining(['amoxicillin', 'cephalexin', 'meropenem']),
    );
  });
});

describe('interactions', () => {
  it('every interaction names two different catalog drugs and each pair occurs once (in either order)', () => {
    const unknown = interactions.flatMap((i) => i.drugs.filter((k) => !drugByKey.has(k)));
    expect(unknown).toEqual([]);
    expect(interactions.filter((i) => i.drugs[0] === i.drugs[1]).map((i) => i.drugs[0])).toEqual([]);
    expect(duplicates(interactions.map((i) => pairKey(...i.drugs)))).toEqual([]);
  });

  it('every interaction, rule and cross-reactivity row cites a source of the manifest', () => {
    for (const x of [...interactions, ...classRules, ...crossReactivity])
      expect(sourceIds.has(x.source.source), JSON.stringify(x).slice(0, 80)).toBe(true);
  });

  it('every manifest source is cited somewhere', () => {
    const cited = new Set([
      ...drugs.flatMap((d) => d.sources.map((s) => s.source)),
      ...classes.map((c) => c.source.source),
      ...[...interactions, ...classRules, ...crossReactivity].map((x) => x.source.source),
    ]);
    expect(manifest.sources.map((s) => s.id).filter((id) => !cited.has(id))).toEqual([]);
  });

  // The ONC high-priority pairs (Phansalkar et al. 2012), expanded to the catalog's members of each class as the
  // panel named them. A pair present in interactions.json must be marked; a pair marked must be one of these.
  const MAOIS = ['phenelzine', 'tranylcypromine', 'isocarboxazid', 'selegiline'];
  const cross = (as: string[], bs: string[]): string[] => as.flatMap((a) => bs.map((b) => pairKey(a, b)));
  const within = (xs: string[]): string[] => xs.flatMap((a, i) => xs.slice(i + 1).map((b) => pairKey(a, b)));
  const CYP3A4_AND_PIS = [
    'clarithromycin',
    'erythromycin',
    'itraconazole',
    'ketoconazole',
    'atazanavir',
    'ritonavir',
  ];
  const ONC = new Set([
    ...cross(
      [
        'amphetamine',
        'dextroamphetamine',
        'lisdexamfetamine',
        'amphetamine-salts',
        'methylphenidate',
        'dexmethylphenidate',
        'pseudoephedrine',
        'atomoxetine',
      ],
      MAOIS,
    ),
    ...cross(['atazanavir'], ['omeprazole', 'esomeprazole', 'lansoprazole', 'pantoprazole']),
    ...cross(
      [
        'fluoxetine',
        'sertraline',
        'paroxetine',
        'citalopram',
        'escitalopram',
        'fluvoxamine',
        'venlafaxine',
        'desvenlafaxine',
        'duloxetine',
      ],
      MAOIS,
    ),
    ...cross(['tramadol', 'methadone'], MAOIS),
    ...cross(['amitriptyline', 'nortriptyline', 'imipramine', 'clomipramine', 'desipramine'], MAOIS),
    ...within([
      'amiodarone',
      'chlorpromazine',
      'clarithromycin',
      'erythromycin',
      'haloperidol',
      'methadone',
      'pimozide',
      'thioridazine',
    ]),
    ...cross(['rifampin', 'carbamazepine', 'phenytoin', 'phenobarbital'], ['atazanavir', 'ritonavir']),
    ...cross(['simvastatin'], CYP3A4_AND_PIS),
    ...cross(['ergotamine', 'dihydroergotamine'], CYP3A4_AND_PIS),
    ...cross(['tizanidine'], ['ciprofloxacin', 'fluvoxamine']),
    ...cross(['sumatriptan', 'rizatriptan'], MAOIS),
  ]);

  it('the ONC pairs whose two drugs are in the catalog are all present and marked oncHighPriority', () => {
    const present = new Map(interactions.map((i) => [pairKey(...i.drugs), i]));
    const inCatalog = [...ONC].filter((p) => p.split(' + ').every((k) => drugByKey.has(k)));
    expect(inCatalog.length).toBe(ONC.size);
    expect(inCatalog.filter((p) => !present.has(p))).toEqual([]);
    expect(inCatalog.filter((p) => present.get(p)?.oncHighPriority !== true)).toEqual([]);
    const marked = interactions.filter((i) => i.oncHighPriority).map((i) => pairKey(...i.drugs));
    expect(marked.filter((p) => !ONC.has(p))).toEqual([]);
    for (const i of interactions.filter((x) => x.oncHighPriority)) {
      expect(['MAJOR', 'CONTRAINDICATED'], pairKey(...i.drugs)).toContain(i.severity);
      expect(i.source.source).toBe('phansalkar-2012');
    }
  });

  it('well-known pediatric pairs are present with their severity', () => {
    const severityOf = (a: string, b: string): string | undefined =>
      interactions.find((i) => pairKey(...i.drugs) === pairKey(a, b))?.severity;
    expect(severityOf('lamotrigine', 'valproic-acid')).toBe('MAJOR');
    expect(severityOf('carbamazepine', 'ethinyl-estradiol')).toBe('MAJOR');
    expect(severityOf('rifampin', 'ethinyl-estradiol')).toBe('MAJOR');
    expect(severityOf('fluoxetine', 'pimozide')).toBe('CONTRAINDICATED');
    expect(severityOf('isotretinoin', 'doxycycline')).toBe('CONTRAINDICATED');
    expect(severityOf('methylphenidate', 'phenelzine')).toBe('CONTRAINDICATED');
    expect(severityOf('warfarin', 'sulfamethoxazole-trimethoprim')).toBe('MAJOR');
    expect(severityOf('linezolid', 'sertraline')).toBe('MAJOR');
  });
});

describe('class rules, cross-reactivity and severity levels', () => {
  const ruleOf = (a: string, b: string): ClassRuleEntry | undefined =>
    classRules.find((r) => pairKey(...r.classes) === pairKey(a, b));

  it('each class pair has one rule, and the required rules are there with their severity', () => {
    expect(duplicates(classRules.map((r) => pairKey(...r.classes)))).toEqual([]);
    expect(ruleOf('MAOI', 'STIMULANT')?.severity).toBe('CONTRAINDICATED');
    expect(ruleOf('MAOI', 'SEROTONERGIC')?.severity).toBe('CONTRAINDICATED');
    expect(ruleOf('SEROTONERGIC', 'SEROTONERGIC')?.severity).toBe('MAJOR');
    expect(ruleOf('QT_PROLONGING', 'QT_PROLONGING')?.severity).toBe('MAJOR');
    expect(ruleOf('CNS_DEPRESSANT', 'CNS_DEPRESSANT')?.severity).toBe('MAJOR');
    expect(ruleOf('CNS_DEPRESSANT', 'CNS_DEPRESSANT')?.source.source).toBe('fda-opioid-benzodiazepine-2016');
    expect(ruleOf('NSAIDS', 'ANTICOAGULANTS')?.severity).toBe('MAJOR');
    expect(ruleOf('ANTICHOLINERGIC', 'ANTICHOLINERGIC')?.severity).toBe('MODERATE');
    expect(ruleOf('NSAIDS', 'NSAIDS')?.severity).toBe('MODERATE');
  });

  it('effect classes reach the drugs they are about (opioids and benzodiazepines are CNS depressants)', () => {
    const depressants = new Set(membersOf('CNS_DEPRESSANT').map((d) => d.key));
    for (const d of [...membersOf('OPIOIDS'), ...membersOf('BENZODIAZEPINE')])
      expect(depressants.has(d.key), d.key).toBe(true);
    for (const d of membersOf('SSRI')) expect(membership(d).has('SEROTONERGIC'), d.key).toBe(true);
    expect(membership(drugByKey.get('epinephrine')!).has('SYMPATHOMIMETIC')).toBe(false);
  });

  it('each cross-reactivity row is unique and the documented allergy families are there', () => {
    expect(duplicates(crossReactivity.map((x) => `${x.allergyClass}->${x.reactsWith}`))).toEqual([]);
    const row = (a: string, b: string) =>
      crossReactivity.find((x) => x.allergyClass === a && x.reactsWith === b);
    expect(row('PENICILLINS', 'CEPHALOSPORINS')?.evidence).toBe('LOW');
    expect(row('PENICILLINS', 'CARBAPENEMS')?.evidence).toBe('LOW');
    expect(row('CEPHALOSPORINS', 'PENICILLINS')?.evidence).toBe('LOW');
    expect(row('SULFONAMIDE_ANTIBIOTICS', 'SULFONAMIDE_NON_ANTIBIOTICS')?.evidence).toBe('LOW');
    expect(row('SALICYLATES', 'NSAIDS_NONSELECTIVE')?.evidence).toBe('HIGH');
    expect(row('OPIOIDS_NATURAL', 'OPIOIDS_SEMISYNTHETIC')?.evidence).toBe('MODERATE');
    expect(row('OPIOIDS_NATURAL', 'OPIOIDS_SYNTHETIC')?.evidence).toBe('LOW');
    expect(row('ESTER_LOCAL_ANESTHETICS', 'ESTER_LOCAL_ANESTHETICS')?.evidence).toBe('HIGH');
    expect(row('ESTER_LOCAL_ANESTHETICS', 'AMIDE_LOCAL_ANESTHETICS')?.evidence).toBe('LOW');
    expect(row('MACROLIDES', 'MACROLIDES')?.evidence).toBe('MODERATE');
  });

  it('the four levels, ranked, with readable colours (white text at WCAG AA contrast 4.5:1)', () => {
    expect(severityLevels.map((s) => [s.severity, s.rank])).toEqual([
      ['MINOR', 1],
      ['MODERATE', 2],
      ['MAJOR', 3],
      ['CONTRAINDICATED', 4],
    ]);
    const luminance = (hex: string): number => {
      const [r, g, b] = [1, 3, 5]
        .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const s of severityLevels)
      expect(1.05 / (luminance(s.color) + 0.05), s.severity).toBeGreaterThanOrEqual(4.5);
    const level = (sev: string) => severityLevels.find((s) => s.severity === sev)!;
    expect(level('CONTRAINDICATED').requirePhysicianApproval).toBe(true);
    expect(level('CONTRAINDICATED').preventPrescribing).toBe(true);
    expect(level('MAJOR').alertThreshold).toBe(true);
    expect(level('MINOR').alertThreshold).toBe(false);
  });
});
