import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { antigenFile } from '../../../src-shared/immunizations/supporting-data/antigen';
import { scheduleFile } from '../../../src-shared/immunizations/supporting-data/schedule';
import {
  ANTIGEN_FILE,
  parseAntigenXml,
  parseScheduleXml,
  parseSupportingData,
  SCHEDULE_FILE,
  SupportingDataError,
  type SupportingData,
} from '../../../src-shared/immunizations/supporting-data';

/**
 * CDC's CDSi supporting data 4.64 as shipped (reference-data/cdsi/4.64), parsed by the pure code: every file reads,
 * facts read from the XML are where the model says, and a malformed file is refused naming the file and element.
 */

const DIR = join(import.meta.dirname, '../../../reference-data/cdsi/4.64');
const names = readdirSync(DIR).filter((n) => n.endsWith('.xml'));
const file = (name: string) => ({ name, text: readFileSync(join(DIR, name), 'utf8') });
const files = names.map(file);
const data: SupportingData = parseSupportingData('4.64', files);

const problemsOf = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SupportingDataError) return e.problems;
    throw e;
  }
  throw new Error('expected a SupportingDataError');
};

describe('the shipped release parses', () => {
  it("has CDC's 30 antigen files and the schedule, and no other XML", () => {
    expect(names.filter((n) => ANTIGEN_FILE.test(n))).toHaveLength(30);
    expect(names).toContain(SCHEDULE_FILE);
    expect(names).toHaveLength(31);
  });

  it.each(names.filter((n) => ANTIGEN_FILE.test(n)))('%s', (name) => {
    const a = parseAntigenXml(name, file(name).text);
    expect(a.series.length).toBeGreaterThan(0);
    for (const s of a.series) {
      expect(s.targetDisease).toBe(a.antigen);
      expect(s.seriesDoses.map((d) => d.doseNumber)).toEqual(s.seriesDoses.map((_, i) => i + 1));
    }
  });

  it(SCHEDULE_FILE, () => {
    const s = parseScheduleXml(SCHEDULE_FILE, file(SCHEDULE_FILE).text);
    expect(s.vaccineGroups).toHaveLength(26);
    expect(s.cvxToAntigenMap.length).toBeGreaterThan(200);
    expect(s.observations.length).toBeGreaterThan(250);
  });

  it("assembles the release: antigens in the schedule's order, indexes, frozen", () => {
    expect(data.version).toBe('4.64');
    expect(Object.keys(data.antigens)).toEqual(
      data.schedule.vaccineGroupToAntigenMap.flatMap((m) => m.antigens),
    );
    expect(Object.keys(data.antigens)).toHaveLength(30);
    expect(data.vaccineGroupAntigens['DTaP/Tdap/Td']).toEqual(['Diphtheria', 'Pertussis', 'Tetanus']);
    expect(Object.isFrozen(data)).toBe(true);
    expect(Object.isFrozen(data.antigens['HepB']!.series[0]!.seriesDoses[1]!.intervals[0]!.minInt)).toBe(
      true,
    );
    expect(() => (data.schedule.vaccineGroups as unknown[]).push({})).toThrow();
  });
});

/** Every element name a zod schema reads: the keys of its objects, through arrays, pipes, optionals and nullables. */
function schemaElements(schema: z.ZodType, into = new Set<string>()): Set<string> {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const walk = (s: unknown) => schemaElements(s as z.ZodType, into);
  if (def.type === 'object')
    for (const [key, child] of Object.entries(def['shape'] as Record<string, unknown>)) {
      into.add(key);
      walk(child);
    }
  else if (def.type === 'array') walk(def['element']);
  else if (def.type === 'pipe') [def['in'], def['out']].forEach(walk);
  else if (def.type === 'optional' || def.type === 'nullable') walk(def['innerType']);
  return into;
}

describe("the schemas read every element of CDC's XSDs", () => {
  // a new element of a later release, or one left out of a schema, fails here by name
  it.each([
    ['AntigenSupportingData.xsd', antigenFile],
    ['ScheduleSupportingData.xsd', scheduleFile],
  ] as const)('%s', (xsd, schema) => {
    const elements = new Set(
      [...readFileSync(join(DIR, xsd), 'utf8').matchAll(/<xs:element[^>]*\bname="([^"]+)"/g)].map(
        (m) => m[1]!,
      ),
    );
    expect(elements.size).toBeGreaterThan(30);
    const read = schemaElements(schema);
    expect([...elements].filter((e) => !read.has(e))).toEqual([]);
    expect([...read].filter((e) => !elements.has(e))).toEqual([]);
  });
});

describe('facts read from the XML', () => {
  it('HepB: the standard 3-dose series, dose 2 at least 4 weeks after dose 1', () => {
    const s = data.antigens['HepB']!.series.find((x) => x.seriesName === 'HepB 3-dose series')!;
    expect(s).toMatchObject({ targetDisease: 'HepB', vaccineGroup: 'HepB', seriesType: 'Standard' });
    expect(s.selectSeries).toMatchObject({
      defaultSeries: true,
      productPath: false,
      seriesPriority: 'A',
      seriesPreference: 1,
    });
    expect(s.selectSeries.maxAgeToStart?.raw).toBe('19 years');
    expect(s.seriesDoses).toHaveLength(3);
    const [dose1, dose2, dose3] = s.seriesDoses as [
      (typeof s.seriesDoses)[0],
      (typeof s.seriesDoses)[0],
      (typeof s.seriesDoses)[0],
    ];
    expect(dose1.ages[0]).toMatchObject({ absMinAge: { raw: '0 days' }, maxAge: null });
    expect(dose1.intervals).toEqual([]); // CDC's empty <interval/> is no interval
    expect(dose2.ages[0]!.absMinAge).toEqual({
      raw: '4 weeks - 4 days',
      years: 0,
      months: 0,
      weeks: 4,
      days: -4,
    });
    expect(dose2.intervals).toHaveLength(1);
    expect(dose2.intervals[0]).toMatchObject({
      fromPrevious: true,
      fromTargetDose: null,
      minInt: { raw: '4 weeks', weeks: 4 },
      absMinInt: { raw: '4 weeks - 4 days' },
      latestRecInt: { raw: '5 months + 4 weeks', months: 5, weeks: 4 },
    });
    // dose 3: 8 weeks after dose 2 and 16 weeks after target dose 1
    expect(dose3.intervals.map((i) => [i.fromPrevious, i.fromTargetDose, i.minInt?.raw])).toEqual([
      [true, null, '8 weeks'],
      [false, 1, '16 weeks'],
    ]);
    expect(dose1.preferableVaccines.find((v) => v.cvx === '08')).toEqual({
      vaccineType: 'Hep B, Adol/peds',
      cvx: '08',
      beginAge: { raw: '0 days', years: 0, months: 0, weeks: 0, days: 0 },
      endAge: { raw: '20 years', years: 20, months: 0, weeks: 0, days: 0 },
      tradeName: null,
      mvx: null,
      volume: 0.5,
      forecastVaccineType: false,
    });
    expect(dose1.allowableVaccines.find((v) => v.cvx === '189')?.beginAge?.raw).toBe('18 years - 4 days');
    expect(dose1.recurringDose).toBe(false);
  });

  it('live-virus conflicts: MMR with varicella, and MMR with MMR', () => {
    const conflict = (prev: string, cur: string) =>
      data.schedule.liveVirusConflicts.find((c) => c.previous.cvx === prev && c.current.cvx === cur);
    expect(conflict('03', '21')).toEqual({
      previous: { vaccineType: 'MMR', cvx: '03' },
      current: { vaccineType: 'Varicella', cvx: '21' },
      conflictBeginInterval: { raw: '1 day', years: 0, months: 0, weeks: 0, days: 1 },
      minConflictEndInterval: { raw: '28 days', years: 0, months: 0, weeks: 0, days: 28 },
      conflictEndInterval: { raw: '28 days', years: 0, months: 0, weeks: 0, days: 28 },
    });
    expect(conflict('03', '03')).toMatchObject({
      minConflictEndInterval: { days: 24 },
      conflictEndInterval: { days: 28 },
    });
    expect(conflict('21', '03')).toBeDefined();
    expect(conflict('08', '03')).toBeUndefined(); // HepB is not live
  });

  it('CVX 110 (DTaP-HepB-IPV) counts toward diphtheria, tetanus, pertussis, HepB and polio', () => {
    expect(data.cvxAntigens['110']!.map((a) => a.antigen).sort()).toEqual([
      'Diphtheria',
      'HepB',
      'Pertussis',
      'Polio',
      'Tetanus',
    ]);
    expect(data.schedule.cvxToAntigenMap.find((m) => m.cvx === '110')?.shortDescription).toMatch(
      /DTaP-Hep ?B-IPV/i,
    );
    expect(data.cvxAntigens['03']!.map((a) => a.antigen)).toEqual(['Measles', 'Mumps', 'Rubella']);
  });

  it('varicella immunity: clinical history (023, 024) and birth before 1980 in the U.S. unless excluded', () => {
    const v = data.antigens['Varicella']!.immunity;
    expect(v.clinicalHistory.map((h) => h.guidelineCode)).toEqual(['023', '024', '025']);
    expect(v.clinicalHistory[1]!.guidelineTitle).toMatch(/history of or diagnosis of Varicella/);
    expect(v.dateOfBirth).toEqual([
      {
        immunityBirthDate: '1980-01-01',
        birthCountry: 'U.S.',
        exclusions: [
          { exclusionCode: '055', exclusionTitle: 'Health care personnel' },
          { exclusionCode: '007', exclusionTitle: 'Pregnant' },
          { exclusionCode: '003', exclusionTitle: 'Immunocompromised' },
        ],
      },
    ]);
    expect(data.antigens['Measles']!.immunity.dateOfBirth[0]!.immunityBirthDate).toBe('1957-01-01');
    expect(data.observationUses['024']).toEqual({
      indication: false,
      contraindication: false,
      immunityTo: ['Varicella'],
    });
    expect(data.antigens['Pertussis']!.immunity).toEqual({ clinicalHistory: [], dateOfBirth: [] });
  });

  it('a conditional skip with its sets, conditions and logic (DTaP dose 7 of the diphtheria standard series)', () => {
    const s = data.antigens['Diphtheria']!.series.find((x) => x.seriesName === 'Diphtheria standard series')!;
    const [skip] = s.seriesDoses[6]!.conditionalSkips;
    expect(skip).toMatchObject({ context: 'Both', setLogic: 'OR' });
    expect(skip!.sets.map((x) => x.setId)).toEqual([1, 2, 3, 4]);
    const set3 = skip!.sets[2]!;
    expect(set3.setDescription).toMatch(/4 doses with 1 pertussis- containing vaccine on or after 4 years/);
    expect(set3.conditionLogic).toBe('AND');
    expect(set3.conditions).toHaveLength(2);
    expect(set3.conditions[0]).toMatchObject({
      conditionId: 1,
      conditionType: 'Vaccine Count by Age',
      doseCount: 4,
      doseType: 'Valid',
      doseCountLogic: 'equal to',
      vaccineTypes: [],
    });
    expect(set3.conditions[1]).toMatchObject({
      conditionId: 2,
      conditionType: 'Vaccine Count by Age',
      beginAge: { raw: '4 years - 4 days', years: 4, days: -4 },
      doseCount: 0,
      doseCountLogic: 'greater than',
    });
    expect(set3.conditions[1]!.vaccineTypes).toContain('110');
    // the dose 1 skip: "n/a" set logic is null, an Age condition from 7 years
    const [evaluation] = s.seriesDoses[0]!.conditionalSkips;
    expect(evaluation).toMatchObject({ context: 'Evaluation', setLogic: null });
    expect(evaluation!.sets[0]!.conditions[0]).toMatchObject({
      conditionType: 'Age',
      beginAge: { raw: '7 years' },
    });
  });

  it('CDC\'s several spellings of one word read as one ("Vaccine Count By Age", "Greater Than", "valid")', () => {
    const conditions = Object.values(data.antigens).flatMap((a) =>
      a.series.flatMap((s) =>
        s.seriesDoses.flatMap((d) => d.conditionalSkips.flatMap((c) => c.sets.flatMap((x) => x.conditions))),
      ),
    );
    expect(new Set(conditions.map((c) => c.conditionType))).toEqual(
      new Set([
        'Age',
        'Completed Series',
        'Interval',
        'Vaccine Count by Age',
        'Vaccine Count by Date',
        'Vaccine Count by Date and Age',
      ]),
    );
    expect(new Set(conditions.map((c) => c.doseCountLogic))).toEqual(
      new Set([null, 'greater than', 'equal to']),
    );
    expect(new Set(conditions.map((c) => c.doseType))).toEqual(new Set([null, 'Valid', 'Total']));
  });

  it('contraindications at both levels, gender, seasonal dates and intervals from an observation', () => {
    const hepb = data.antigens['HepB']!.contraindications;
    expect(hepb.vaccineGroup.find((c) => c.observationCode === '110')?.observationTitle).toBe(
      'Hypersensitivity to yeast',
    );
    const neuro = hepb.vaccine.find((c) => c.observationCode === '076')!;
    expect(neuro.contraindicatedVaccines.map((v) => v.cvx)).toEqual(['110', '146']);
    expect(neuro.contraindicationText).toContain('until a treatment regimen has been\nestablished'); // CRLF → \n
    expect(data.observationUses['110']).toMatchObject({ contraindication: true });
    const genders = new Set(
      Object.values(data.antigens).flatMap((a) => a.series.flatMap((s) => s.requiredGender)),
    );
    expect(genders).toEqual(new Set(['Female', 'Male', 'Unknown']));
    const flu = data.antigens['Influenza']!.series.flatMap((s) => s.seriesDoses).find(
      (d) => d.seasonalRecommendation,
    );
    expect(flu?.seasonalRecommendation?.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const fromObs = Object.values(data.antigens)
      .flatMap((a) => a.series.flatMap((s) => s.seriesDoses.flatMap((d) => d.intervals)))
      .filter((i) => i.fromRelevantObs !== null)
      .map((i) => i.fromRelevantObs!.code);
    expect(new Set(fromObs)).toEqual(new Set(['120', '170', '171']));
  });
});

describe('a malformed file is refused naming the file and the element', () => {
  const hepb = file('AntigenSupportingData-HepB-508.xml');

  it('a duration that is not one', () => {
    const text = hepb.text.replace('<minAge>4 weeks</minAge>', '<minAge>four weeks</minAge>');
    expect(problemsOf(() => parseAntigenXml(hepb.name, text))).toEqual([
      'AntigenSupportingData-HepB-508.xml: /antigenSupportingData[1]/series[1]/seriesDose[2]/age[1]/minAge[1]: "four weeks" is not a CDSi duration (e.g. "4 weeks - 4 days")',
    ]);
  });

  it("a required element missing, a word outside the XSD's, a date that is not one", () => {
    const text = hepb.text
      .replace('<recurringDose>No</recurringDose>', '')
      .replace('<seriesType>Standard</seriesType>', '<seriesType>Usual</seriesType>');
    const problems = problemsOf(() => parseAntigenXml(hepb.name, text));
    expect(problems).toContain(
      'AntigenSupportingData-HepB-508.xml: /antigenSupportingData[1]/series[1]/seriesDose[1]/recurringDose: required element is missing',
    );
    expect(problems).toContain(
      'AntigenSupportingData-HepB-508.xml: /antigenSupportingData[1]/series[1]/seriesType[1]: "Usual" is not one of "Standard", "Risk", "Evaluation Only"',
    );
    const schedule = file(SCHEDULE_FILE);
    const bad = schedule.text.replace('<cvx>03</cvx>', '<cvx>MMR</cvx>');
    expect(problemsOf(() => parseScheduleXml(SCHEDULE_FILE, bad))).toEqual([
      'ScheduleSupportingData.xml: /scheduleSupportingData[1]/liveVirusConflicts[1]/liveVirusConflict[1]/previous[1]/cvx[1]: must be a CVX code (1 to 3 digits)',
    ]);
  });

  it('text that is not well-formed XML', () => {
    const text = hepb.text.replace('</seriesName>', '</seriesNam>');
    expect(problemsOf(() => parseAntigenXml(hepb.name, text))[0]).toMatch(
      /^AntigenSupportingData-HepB-508\.xml: not well-formed XML at line \d+, column \d+: /,
    );
  });

  it('files that do not agree: an antigen without its file, a missing schedule', () => {
    const withoutHepB = files.filter((f) => f.name !== 'AntigenSupportingData-HepB-508.xml');
    const problems = problemsOf(() => parseSupportingData('4.64', withoutHepB));
    expect(problems).toContain(
      'ScheduleSupportingData.xml: vaccineGroupToAntigenMap: antigen "HepB" of group "HepB" has no antigen file (AntigenSupportingData-*.xml)',
    );
    expect(problems).toContain(
      'ScheduleSupportingData.xml: cvxToAntigenMap: CVX 08 maps to "HepB", which has no antigen file',
    );
    const withoutSchedule = files.filter((f) => f.name !== SCHEDULE_FILE);
    expect(problemsOf(() => parseSupportingData('4.64', withoutSchedule))).toEqual([
      'ScheduleSupportingData.xml: missing',
    ]);
  });
});
