import { describe, expect, it } from 'vitest';
import {
  parseDateQuery,
  StudentSearchIndex,
  type SearchableStudent,
} from '../../../src-main/workstation/students/search-index';
import { damerauLevenshtein, normalizeTokens, tokenSimilarity } from '../../../src-shared/text/tokens';

const s = (
  id: string,
  first: string,
  last: string,
  extra: Partial<SearchableStudent> = {},
): SearchableStudent => ({
  id,
  firstName: first,
  middleName: null,
  lastName: last,
  preferredName: null,
  studentNumber: `S${id}`,
  birthDate: '2014-03-02',
  grade: '5',
  active: true,
  hasDrugAllergy: false,
  ...extra,
});

describe('Damerau-Levenshtein', () => {
  it('counts a transposition as one edit and stops past the bound', () => {
    expect(damerauLevenshtein('smith', 'smiht', 2)).toBe(1);
    expect(damerauLevenshtein('jonathan', 'jonatan', 2)).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting', 3)).toBe(3);
    expect(damerauLevenshtein('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(damerauLevenshtein('', 'abc', 5)).toBe(3);
  });
});

describe('tokens and similarity', () => {
  it('normalizes accents, apostrophes and hyphens', () => {
    expect(normalizeTokens("Zoë O'Brien")).toEqual(['zoe', 'obrien']);
    expect(normalizeTokens('García-López')).toEqual(['garcia', 'lopez']);
  });
  it('ranks exact over prefix over a typo, and refuses short typos', () => {
    const exact = tokenSimilarity('smith', 'smith');
    const prefix = tokenSimilarity('smi', 'smith');
    const typo = tokenSimilarity('smiht', 'smith');
    expect(exact).toBeGreaterThan(prefix);
    expect(prefix).toBeGreaterThan(typo);
    expect(typo).toBeGreaterThan(0.5);
    expect(tokenSimilarity('abx', 'abc')).toBe(0);
    expect(tokenSimilarity('jonh', 'johnson')).toBeGreaterThan(0.5); // typo while still typing
  });
  it('reads typed dates', () => {
    expect(parseDateQuery('2014-03-02')).toBe('2014-03-02');
    expect(parseDateQuery('3/2/2014')).toBe('2014-03-02');
    expect(parseDateQuery('03/02/14', 2026)).toBe('2014-03-02');
    expect(parseDateQuery('03/02/99', 2026)).toBe('1999-03-02');
    expect(parseDateQuery('2014-3')).toBe('2014-03');
    expect(parseDateQuery('2014')).toBe('2014');
    expect(parseDateQuery('smith')).toBeNull();
  });
});

describe('StudentSearchIndex', () => {
  const index = new StudentSearchIndex([
    s('1', 'Jonathan', 'Smith'),
    s('2', 'John', 'Smithers'),
    s('3', 'Maria', 'García-López', { birthDate: '2015-06-01' }),
    s('4', 'Samuel', 'Johnson', { preferredName: 'Sam' }),
    s('5', 'Sara', 'Johnston'),
    s('6', 'Old', 'Student', { active: false }),
    s('77', 'Ann', 'Lee', { studentNumber: 'S000777' }),
  ]);

  it('finds through typos and orders by score', () => {
    const r = index.search('jonatan smiht', 10);
    expect(r[0]?.student.id).toBe('1');
    expect(index.search('smith', 10).map((h) => h.student.id)).toEqual(['1', '2']);
  });
  it('matches a last name typed together and the preferred name', () => {
    expect(index.search('garcialopez', 5)[0]?.student.id).toBe('3');
    expect(index.search('sam johnson', 5)[0]?.student.id).toBe('4');
  });
  it('requires every typed word to match', () => {
    expect(index.search('maria smith', 10)).toEqual([]);
  });
  it('matches student numbers exactly, by prefix and by their end', () => {
    expect(index.search('S000777', 5)[0]).toMatchObject({ score: 1 });
    expect(index.search('777', 5)[0]?.student.id).toBe('77');
  });
  it('matches birth dates', () => {
    expect(index.search('6/1/2015', 5).map((h) => h.student.id)).toEqual(['3']);
    expect(index.search('2015-06', 5).map((h) => h.student.id)).toEqual(['3']);
  });
  it('ranks inactive students lower and respects the limit', () => {
    const r = index.search('student', 5);
    expect(r[0]?.score).toBeLessThan(1);
    expect(index.search('s', 2)).toHaveLength(2);
  });
});
