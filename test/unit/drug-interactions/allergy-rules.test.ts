import { describe, expect, it } from 'vitest';
import {
  allergenClasses,
  allergyClasses,
  classesOfName,
  drugIdentity,
  matchAllergy,
  type AllergyFacts,
  type DrugFacts,
} from '../../../src-shared/drug-interactions';

const ibuprofenFacts: DrugFacts = {
  name: 'Ibuprofen 200 mg tablet',
  genericName: 'Ibuprofen',
  drugClass: 'ANALGESIC',
};
const amoxicillinFacts: DrugFacts = {
  name: 'Amoxicillin 400 mg/5 mL suspension',
  genericName: 'amoxicillin',
  drugClass: 'ANTIBIOTIC',
  catalog: {
    id: 'cat-amox',
    drugName: 'Amoxicillin',
    genericName: 'amoxicillin',
    brandNames: '["Amoxil", "Moxatag"]',
    drugClass: 'ANTIBIOTIC',
    indications: 'Otitis media. Class: PENICILLINS.',
  },
};
const cephalexinFacts: DrugFacts = {
  name: 'Cephalexin 250 mg/5 mL',
  genericName: 'Cephalexin',
  drugClass: null,
};
const allergy = (allergen: string, ...crossReferences: AllergyFacts['crossReferences']): AllergyFacts => ({
  allergen,
  crossReferences,
});

describe('drug identity: names and classes', () => {
  it("collects the generic name, the formulary name's first word, the catalog name and brands", () => {
    const amox = drugIdentity(amoxicillinFacts);
    expect([...amox.names].sort()).toEqual(['amoxicillin', 'amoxil', 'moxatag']);
    expect(amox.catalogId).toBe('cat-amox');
    expect(amox.displayName).toBe('amoxicillin');
  });

  it('classes from the formulary, the catalog, "Class: X." in the indications and the ingredient table', () => {
    expect([...drugIdentity(amoxicillinFacts).classes].sort()).toEqual(['ANTIBIOTIC', 'PENICILLINS']);
    expect([...drugIdentity(ibuprofenFacts).classes].sort()).toEqual(['ANALGESIC', 'NSAIDS']);
    expect([...drugIdentity(cephalexinFacts).classes]).toEqual(['CEPHALOSPORINS']);
    const indicationsOnly = drugIdentity({
      name: 'Bactrim DS',
      genericName: null,
      drugClass: null,
      catalog: {
        id: 'c1',
        drugName: 'Bactrim',
        genericName: null,
        brandNames: null,
        drugClass: null,
        indications: 'UTI. Class: SULFONAMIDES.',
      },
    });
    expect([...indicationsOnly.classes]).toEqual(['SULFONAMIDES']);
  });

  it('ignores brand names that are not a JSON list of strings', () => {
    const broken = drugIdentity({
      ...amoxicillinFacts,
      catalog: { ...amoxicillinFacts.catalog!, brandNames: 'Amoxil, Moxatag' },
    });
    expect([...broken.names].sort()).toEqual(['amoxicillin']);
    const mixed = drugIdentity({
      ...amoxicillinFacts,
      catalog: { ...amoxicillinFacts.catalog!, brandNames: '["Amoxil", 3]' },
    });
    expect([...mixed.names].sort()).toEqual(['amoxicillin', 'amoxil']);
  });

  it('class matching by ingredient word, never by a word that only contains it', () => {
    expect(classesOfName('naproxen sodium')).toEqual(['NSAIDS']);
    expect(classesOfName('amoxicillin clavulanate')).toEqual(['PENICILLINS']);
    expect(classesOfName('penicillinase')).toEqual([]);
    expect(classesOfName('acetaminophen')).toEqual([]);
  });

  it('class words nurses write in an allergen', () => {
    expect(allergenClasses('Sulfa drugs')).toEqual(['SULFONAMIDES']);
    expect(allergenClasses('NSAIDs (aspirin, Advil)')).toEqual(['NSAIDS']);
    expect(allergenClasses('Opiates; penicillins')).toEqual(['OPIOIDS', 'PENICILLINS']);
    expect(allergenClasses('Peanut')).toEqual([]);
    expect(
      allergyClasses(
        allergy('Penicillin', { drugId: null, drugClass: 'penicillins', crossReactiveDrugs: null }),
      ),
    ).toEqual(['PENICILLINS']);
  });
});

describe('allergy rules before a dose', () => {
  it('DRUG: the cross-reference names this catalog drug', () => {
    const a = allergy('Reaction to antibiotic', {
      drugId: 'cat-amox',
      drugClass: null,
      crossReactiveDrugs: null,
    });
    expect(matchAllergy(a, drugIdentity(amoxicillinFacts))).toEqual({
      matchedOn: 'DRUG',
      matchedTerm: 'amoxicillin',
    });
  });

  it('DRUG: the allergen text names the drug (generic, brand), whole words of 4 letters or more', () => {
    expect(matchAllergy(allergy('Ibuprofen'), drugIdentity(ibuprofenFacts))).toEqual({
      matchedOn: 'DRUG',
      matchedTerm: 'ibuprofen',
    });
    expect(matchAllergy(allergy('Amoxil (rash)'), drugIdentity(amoxicillinFacts))).toEqual({
      matchedOn: 'DRUG',
      matchedTerm: 'amoxil',
    });
    // "Ibuprofenol" is not ibuprofen; a three-letter name never matches inside text
    expect(matchAllergy(allergy('Ibuprofenol'), drugIdentity(ibuprofenFacts))).toBeNull();
    expect(
      matchAllergy(
        allergy('tea'),
        drugIdentity({ name: 'Tea tree oil', genericName: null, drugClass: null }),
      ),
    ).toBeNull();
  });

  it('CLASS: the cross-reference class, or the class words of the allergen', () => {
    const pcn = allergy('Penicillin', {
      drugId: 'cat-pcn',
      drugClass: 'PENICILLINS',
      crossReactiveDrugs: null,
    });
    expect(matchAllergy(pcn, drugIdentity(amoxicillinFacts))).toEqual({
      matchedOn: 'CLASS',
      matchedTerm: 'PENICILLINS',
    });
    expect(matchAllergy(allergy('NSAIDs'), drugIdentity(ibuprofenFacts))).toEqual({
      matchedOn: 'CLASS',
      matchedTerm: 'NSAIDS',
    });
    expect(matchAllergy(allergy('Sulfa drugs'), drugIdentity(ibuprofenFacts))).toBeNull();
  });

  it('CLASS: the cross-reactive list names the drug (the parenthesis is a note, not a name)', () => {
    const pcn = allergy('Penicillin', {
      drugId: 'cat-pcn',
      drugClass: 'PENICILLINS',
      crossReactiveDrugs: '["Amoxicillin", "Cephalexin (use with caution: 1-2% cross-reactivity)"]',
    });
    expect(matchAllergy(pcn, drugIdentity(cephalexinFacts))).toEqual({
      matchedOn: 'CLASS',
      matchedTerm: 'cross-reactive: Cephalexin (use with caution: 1-2% cross-reactivity)',
    });
    // the same list as an array; a list that is not JSON is no list
    expect(
      matchAllergy(
        allergy('Ibuprofen', { drugId: null, drugClass: null, crossReactiveDrugs: ['Naproxen', 'Aspirin'] }),
        drugIdentity({ name: 'Naproxen 220 mg', genericName: 'naproxen', drugClass: null }),
      ),
    ).toEqual({ matchedOn: 'CLASS', matchedTerm: 'cross-reactive: Naproxen' });
    expect(
      matchAllergy(
        allergy('Azithromycin', { drugId: null, drugClass: null, crossReactiveDrugs: 'Cephalexin' }),
        drugIdentity(cephalexinFacts),
      ),
    ).toBeNull();
  });

  it('an allergy to another class or a food never matches', () => {
    const ceph = allergy('Cephalexin', {
      drugId: 'cat-ceph',
      drugClass: 'CEPHALOSPORINS',
      crossReactiveDrugs: '["Cefdinir"]',
    });
    expect(matchAllergy(ceph, drugIdentity(amoxicillinFacts))).toBeNull();
    expect(matchAllergy(allergy('Peanut'), drugIdentity(ibuprofenFacts))).toBeNull();
  });

  it('a DRUG match wins over a CLASS match', () => {
    const a = allergy('Amoxicillin', { drugId: null, drugClass: 'PENICILLINS', crossReactiveDrugs: null });
    expect(matchAllergy(a, drugIdentity(amoxicillinFacts))?.matchedOn).toBe('DRUG');
  });
});
