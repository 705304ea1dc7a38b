import { z } from 'zod';
import type {
  AllowableInterval,
  AllowableVaccine,
  AntigenSupportingData,
  CodedRef,
  ConditionalSkip,
  DoseAge,
  DoseInterval,
  Indication,
  PreferableVaccine,
  Series,
  SeriesDose,
  SkipCondition,
  SkipSet,
  VaccineRef,
} from './model';
import {
  compactDate,
  count,
  cvx,
  cvxList,
  decimal,
  doseNumber,
  duration,
  entries,
  many,
  node,
  nullable,
  nullableProse,
  numberList,
  one,
  opt,
  optNode,
  parseTree,
  prose,
  required,
  requiredCount,
  SupportingDataError,
  text,
  usDate,
  optWord,
  word,
  xmlTree,
  yesNo,
} from './xml';

/**
 * AntigenSupportingData-<antigen>-508.xml (AntigenSupportingData.xsd): one antigen's immunity evidence,
 * contraindications and series. Every element the XSD defines is read; a file that does not follow it is refused
 * with every problem, each naming the file and the element's path.
 */

const codedRef = optNode({ text: opt(nullable), code: opt(nullable) }).transform((o): CodedRef | null => {
  const code = o?.code ?? null;
  const t = o?.text ?? null;
  return code === null && t === null ? null : { code, text: t };
});

const vaccineRef = { vaccineType: one(required), cvx: one(cvx) };
const optVaccineRef = { vaccineType: opt(text), cvx: opt(cvx) };
const ref = (v: { vaccineType?: string | undefined; cvx?: string | undefined }): VaccineRef => ({
  vaccineType: v.vaccineType ?? '',
  cvx: v.cvx ?? '',
});

const immunity = optNode({
  clinicalHistory: entries({ guidelineCode: one(required), guidelineTitle: one(prose) }),
  dateOfBirth: entries({
    immunityBirthDate: one(usDate),
    birthCountry: one(nullable),
    exclusion: entries({ exclusionCode: one(required), exclusionTitle: one(prose) }),
  }),
}).transform((i) => ({
  clinicalHistory: i?.clinicalHistory ?? [],
  dateOfBirth: (i?.dateOfBirth ?? []).map((d) => ({
    immunityBirthDate: d.immunityBirthDate,
    birthCountry: d.birthCountry,
    exclusions: d.exclusion,
  })),
}));

const contraindications = node({
  vaccineGroup: optNode({
    contraindication: entries({
      observationCode: one(required),
      observationTitle: one(prose),
      contraindicationText: one(prose),
      contraindicationGuidance: one(nullableProse),
      beginAge: one(duration),
      endAge: one(duration),
    }),
  }),
  vaccine: optNode({
    contraindication: entries({
      observationCode: one(required),
      observationTitle: one(prose),
      contraindicationText: one(prose),
      contraindicationGuidance: one(nullableProse),
      contraindicatedVaccine: entries({ ...vaccineRef, beginAge: one(duration), endAge: one(duration) }),
    }),
  }),
}).transform((c) => ({
  vaccineGroup: c.vaccineGroup?.contraindication ?? [],
  vaccine: (c.vaccine?.contraindication ?? []).map(({ contraindicatedVaccine, ...rest }) => ({
    ...rest,
    contraindicatedVaccines: contraindicatedVaccine,
  })),
}));

const age = entries({
  absMinAge: opt(duration),
  minAge: opt(duration),
  earliestRecAge: opt(duration),
  latestRecAge: opt(duration),
  maxAge: opt(duration),
  effectiveDate: opt(compactDate),
  cessationDate: opt(compactDate),
}).transform((a) =>
  a.map((x): DoseAge => ({
    absMinAge: x.absMinAge ?? null,
    minAge: x.minAge ?? null,
    earliestRecAge: x.earliestRecAge ?? null,
    latestRecAge: x.latestRecAge ?? null,
    maxAge: x.maxAge ?? null,
    effectiveDate: x.effectiveDate ?? null,
    cessationDate: x.cessationDate ?? null,
  })),
);

const interval = entries({
  fromPrevious: opt(yesNo),
  fromTargetDose: opt(count),
  fromMostRecent: opt(cvxList),
  fromRelevantObs: codedRef,
  absMinInt: opt(duration),
  minInt: opt(duration),
  earliestRecInt: opt(duration),
  latestRecInt: opt(duration),
  intervalPriority: opt(optWord(['override'])),
  effectiveDate: opt(compactDate),
  cessationDate: opt(compactDate),
}).transform((a) =>
  a.map((x): DoseInterval => ({
    fromPrevious: x.fromPrevious ?? false,
    fromTargetDose: x.fromTargetDose ?? null,
    fromMostRecent: x.fromMostRecent ?? [],
    fromRelevantObs: x.fromRelevantObs,
    absMinInt: x.absMinInt ?? null,
    minInt: x.minInt ?? null,
    earliestRecInt: x.earliestRecInt ?? null,
    latestRecInt: x.latestRecInt ?? null,
    intervalPriority: x.intervalPriority ?? null,
    effectiveDate: x.effectiveDate ?? null,
    cessationDate: x.cessationDate ?? null,
  })),
);

const allowableInterval = entries({
  fromPrevious: opt(yesNo),
  fromTargetDose: opt(count),
  absMinInt: opt(duration),
  effectiveDate: opt(compactDate),
  cessationDate: opt(compactDate),
}).transform((a) =>
  a.map((x): AllowableInterval => ({
    fromPrevious: x.fromPrevious ?? false,
    fromTargetDose: x.fromTargetDose ?? null,
    absMinInt: x.absMinInt ?? null,
    effectiveDate: x.effectiveDate ?? null,
    cessationDate: x.cessationDate ?? null,
  })),
);

const preferableVaccine = entries({
  ...optVaccineRef,
  beginAge: opt(duration),
  endAge: opt(duration),
  tradeName: opt(nullable),
  mvx: opt(nullable),
  volume: opt(decimal),
  forecastVaccineType: opt(yesNo),
}).transform((a) =>
  a.map((x): PreferableVaccine => ({
    ...ref(x),
    beginAge: x.beginAge ?? null,
    endAge: x.endAge ?? null,
    tradeName: x.tradeName ?? null,
    mvx: x.mvx ?? null,
    volume: x.volume ?? null,
    forecastVaccineType: x.forecastVaccineType ?? false,
  })),
);

const allowableVaccine = entries({
  ...optVaccineRef,
  beginAge: opt(duration),
  endAge: opt(duration),
}).transform((a) =>
  a.map((x): AllowableVaccine => ({ ...ref(x), beginAge: x.beginAge ?? null, endAge: x.endAge ?? null })),
);

const optLogic = optWord(['AND', 'OR', 'n/a']).transform((w) => (w === 'n/a' ? null : w));

const condition = entries({
  conditionID: one(requiredCount),
  conditionType: one(
    word([
      'Age',
      'Completed Series',
      'Interval',
      'Vaccine Count by Age',
      'Vaccine Count by Date',
      'Vaccine Count by Date and Age',
    ]),
  ),
  startDate: opt(compactDate),
  endDate: opt(compactDate),
  beginAge: opt(duration),
  endAge: opt(duration),
  interval: opt(duration),
  doseCount: opt(count),
  doseType: opt(optWord(['Valid', 'Total'])),
  doseCountLogic: opt(optWord(['greater than', 'equal to', 'less than'])),
  vaccineTypes: opt(cvxList),
  seriesGroups: opt(numberList),
}).transform((a) =>
  a.map((c): SkipCondition => ({
    conditionId: c.conditionID,
    conditionType: c.conditionType,
    startDate: c.startDate ?? null,
    endDate: c.endDate ?? null,
    beginAge: c.beginAge ?? null,
    endAge: c.endAge ?? null,
    interval: c.interval ?? null,
    doseCount: c.doseCount ?? null,
    doseType: c.doseType ?? null,
    doseCountLogic: c.doseCountLogic ?? null,
    vaccineTypes: c.vaccineTypes ?? [],
    seriesGroups: c.seriesGroups ?? [],
  })),
);

const conditionalSkip = entries({
  context: one(word(['Both', 'Evaluation', 'Forecast'])),
  setLogic: opt(optLogic),
  set: entries({
    setID: one(requiredCount),
    setDescription: opt(nullableProse),
    effectiveDate: opt(compactDate),
    cessationDate: opt(compactDate),
    conditionLogic: opt(optLogic),
    condition,
  }),
}).transform((a) =>
  a.map((s): ConditionalSkip => ({
    context: s.context,
    setLogic: s.setLogic ?? null,
    sets: s.set.map((x): SkipSet => ({
      setId: x.setID,
      setDescription: x.setDescription ?? null,
      effectiveDate: x.effectiveDate ?? null,
      cessationDate: x.cessationDate ?? null,
      conditionLogic: x.conditionLogic ?? null,
      conditions: x.condition,
    })),
  })),
);

const seriesDose = entries({
  doseNumber: one(doseNumber),
  age,
  interval,
  allowableInterval,
  preferableVaccine,
  allowableVaccine,
  inadvertentVaccine: entries({ ...optVaccineRef }).transform((a) => a.map(ref)),
  conditionalSkip,
  recurringDose: one(yesNo),
  seasonalRecommendation: optNode({ startDate: opt(compactDate), endDate: opt(compactDate) }).transform(
    (s) => (s === null ? null : { startDate: s.startDate ?? null, endDate: s.endDate ?? null }),
  ),
}).transform((a) =>
  a.map((d): SeriesDose => ({
    doseNumber: d.doseNumber,
    ages: d.age,
    intervals: d.interval,
    allowableIntervals: d.allowableInterval,
    preferableVaccines: d.preferableVaccine,
    allowableVaccines: d.allowableVaccine,
    inadvertentVaccines: d.inadvertentVaccine,
    conditionalSkips: d.conditionalSkip,
    recurringDose: d.recurringDose,
    seasonalRecommendation: d.seasonalRecommendation,
  })),
);

const indication = entries({
  observationCode: codedRef,
  description: opt(nullableProse),
  beginAge: opt(duration),
  endAge: opt(duration),
  guidance: opt(nullableProse),
}).transform((a) =>
  a.map((i): Indication => ({
    observationCode: i.observationCode,
    description: i.description ?? null,
    beginAge: i.beginAge ?? null,
    endAge: i.endAge ?? null,
    guidance: i.guidance ?? null,
  })),
);

const series = entries({
  seriesName: one(required),
  targetDisease: one(required),
  vaccineGroup: one(required),
  seriesAdminGuidance: many(prose),
  seriesType: one(word(['Standard', 'Risk', 'Evaluation Only'])),
  equivalentSeriesGroups: one(count),
  requiredGender: many(optWord(['Female', 'Male', 'Unknown'])),
  selectSeries: node({
    defaultSeries: one(yesNo),
    productPath: one(yesNo),
    seriesGroupName: one(required),
    seriesGroup: one(requiredCount),
    seriesPriority: one(required),
    seriesPreference: one(count),
    minAgeToStart: one(duration),
    maxAgeToStart: one(duration),
  }),
  indication,
  seriesDose,
}).transform((a) =>
  a.map((s): Series => ({
    seriesName: s.seriesName,
    targetDisease: s.targetDisease,
    vaccineGroup: s.vaccineGroup,
    seriesAdminGuidance: s.seriesAdminGuidance.filter((g) => g !== ''),
    seriesType: s.seriesType,
    equivalentSeriesGroups: s.equivalentSeriesGroups,
    requiredGender: s.requiredGender.filter((g) => g !== null),
    selectSeries: s.selectSeries,
    indications: s.indication,
    seriesDoses: s.seriesDose,
  })),
);

/** The whole file, as zod reads it (exported for the test that compares its elements with the XSD). */
export const antigenFile = z.object({
  antigenSupportingData: node({ immunity, contraindications, series }),
});

/** Parses one antigen file; the antigen is the target disease its series share. */
export function parseAntigenXml(fileName: string, xml: string): AntigenSupportingData {
  const { antigenSupportingData: a } = parseTree(fileName, antigenFile, xmlTree(fileName, xml));
  const problems: string[] = [];
  if (a.series.length === 0) problems.push(`${fileName}: /antigenSupportingData: has no series`);
  const diseases = [...new Set(a.series.map((s) => s.targetDisease))];
  if (diseases.length > 1)
    problems.push(
      `${fileName}: /antigenSupportingData/series/targetDisease: several antigens (${diseases.join(', ')})`,
    );
  a.series.forEach((s, i) => {
    if (s.seriesDoses.length === 0)
      problems.push(`${fileName}: /antigenSupportingData/series[${i + 1}]: has no seriesDose`);
    s.seriesDoses.forEach((d, j) => {
      if (d.doseNumber !== j + 1)
        problems.push(
          `${fileName}: /antigenSupportingData/series[${i + 1}]/seriesDose[${j + 1}]/doseNumber: is Dose ${d.doseNumber}, expected Dose ${j + 1}`,
        );
    });
  });
  if (problems.length > 0) throw new SupportingDataError(problems);
  return { antigen: diseases[0]!, ...a };
}
