import type { Duration } from './duration';

/**
 * The model of CDC's CDSi supporting data (AntigenSupportingData.xsd, ScheduleSupportingData.xsd), as the engine
 * reads it. Field names are the XSD's element names; a repeatable element becomes a plural array (`age` →
 * `ages`). Normalised values:
 * - an empty element (`<maxAge/>`) is null, an empty repeatable placeholder (`<interval/>`) is no entry;
 * - durations keep CDC's text and its parsed terms (duration.ts);
 * - dates are ISO 'YYYY-MM-DD' (CDC writes 20230911 and, for immunity birth dates, 01/01/1957);
 * - Yes/No and Y/N are booleans; numbers ("Dose 2", "1") are numbers;
 * - a list in one element ("01;20; 106") is an array of CVX codes, as CDC writes them ("08", not "8");
 * - coded words CDC spells several ways ("Vaccine Count By Age", "greater than" / "Greater Than") are the one
 *   spelling given in the types below; a word outside them refuses the file.
 * Everything is frozen.
 */

export type Ymd = string;

export interface VaccineRef {
  readonly vaccineType: string;
  readonly cvx: string;
}

export interface CodedRef {
  readonly code: string | null;
  readonly text: string | null;
}

// ---- antigen supporting data ----

export interface ClinicalHistoryImmunity {
  /** an observation code (ScheduleSupportingData observations) that is evidence of immunity */
  readonly guidelineCode: string;
  readonly guidelineTitle: string;
}

export interface BirthDateImmunity {
  /** born before this date: immune (e.g. measles, 1957-01-01) */
  readonly immunityBirthDate: Ymd;
  readonly birthCountry: string | null;
  readonly exclusions: readonly { readonly exclusionCode: string; readonly exclusionTitle: string }[];
}

export interface Immunity {
  readonly clinicalHistory: readonly ClinicalHistoryImmunity[];
  readonly dateOfBirth: readonly BirthDateImmunity[];
}

/** The logic specification's antigen contraindication (XML: contraindications/vaccineGroup/contraindication). */
export interface AntigenContraindication {
  readonly observationCode: string;
  readonly observationTitle: string;
  readonly contraindicationText: string;
  readonly contraindicationGuidance: string | null;
  readonly beginAge: Duration | null;
  readonly endAge: Duration | null;
}

export interface ContraindicatedVaccine extends VaccineRef {
  readonly beginAge: Duration | null;
  readonly endAge: Duration | null;
}

/** The logic specification's vaccine contraindication (XML: contraindications/vaccine/contraindication). */
export interface VaccineContraindication {
  readonly observationCode: string;
  readonly observationTitle: string;
  readonly contraindicationText: string;
  readonly contraindicationGuidance: string | null;
  readonly contraindicatedVaccines: readonly ContraindicatedVaccine[];
}

export interface Contraindications {
  readonly vaccineGroup: readonly AntigenContraindication[];
  readonly vaccine: readonly VaccineContraindication[];
}

export type SeriesType = 'Standard' | 'Risk' | 'Evaluation Only';
export type Gender = 'Female' | 'Male' | 'Unknown';

export interface SelectSeries {
  readonly defaultSeries: boolean;
  readonly productPath: boolean;
  readonly seriesGroupName: string;
  readonly seriesGroup: number;
  /** A, B, C...: the order in which series are tried */
  readonly seriesPriority: string;
  readonly seriesPreference: number | null;
  readonly minAgeToStart: Duration | null;
  readonly maxAgeToStart: Duration | null;
}

export interface Indication {
  readonly observationCode: CodedRef | null;
  readonly description: string | null;
  readonly beginAge: Duration | null;
  readonly endAge: Duration | null;
  readonly guidance: string | null;
}

export interface DoseAge {
  readonly absMinAge: Duration | null;
  readonly minAge: Duration | null;
  readonly earliestRecAge: Duration | null;
  readonly latestRecAge: Duration | null;
  readonly maxAge: Duration | null;
  readonly effectiveDate: Ymd | null;
  readonly cessationDate: Ymd | null;
}

export interface DoseInterval {
  /** from the immediately previous dose administered */
  readonly fromPrevious: boolean;
  /** from the dose that satisfied this target dose number of the series */
  readonly fromTargetDose: number | null;
  /** from the most recent dose of one of these vaccines (CVX) */
  readonly fromMostRecent: readonly string[];
  /** from the date of an observation (e.g. 171: the date of a hematopoietic stem cell transplant) */
  readonly fromRelevantObs: CodedRef | null;
  readonly absMinInt: Duration | null;
  readonly minInt: Duration | null;
  readonly earliestRecInt: Duration | null;
  readonly latestRecInt: Duration | null;
  readonly intervalPriority: 'override' | null;
  readonly effectiveDate: Ymd | null;
  readonly cessationDate: Ymd | null;
}

export interface AllowableInterval {
  readonly fromPrevious: boolean;
  readonly fromTargetDose: number | null;
  readonly absMinInt: Duration | null;
  readonly effectiveDate: Ymd | null;
  readonly cessationDate: Ymd | null;
}

export interface PreferableVaccine extends VaccineRef {
  readonly beginAge: Duration | null;
  readonly endAge: Duration | null;
  readonly tradeName: string | null;
  readonly mvx: string | null;
  /** the dose volume in mL */
  readonly volume: number | null;
  readonly forecastVaccineType: boolean;
}

export interface AllowableVaccine extends VaccineRef {
  readonly beginAge: Duration | null;
  readonly endAge: Duration | null;
}

export type SkipContext = 'Both' | 'Evaluation' | 'Forecast';
export type Logic = 'AND' | 'OR';
export type ConditionType =
  | 'Age'
  | 'Completed Series'
  | 'Interval'
  | 'Vaccine Count by Age'
  | 'Vaccine Count by Date'
  | 'Vaccine Count by Date and Age';
export type DoseType = 'Valid' | 'Total';
export type DoseCountLogic = 'greater than' | 'equal to' | 'less than';

export interface SkipCondition {
  readonly conditionId: number;
  readonly conditionType: ConditionType;
  readonly startDate: Ymd | null;
  readonly endDate: Ymd | null;
  readonly beginAge: Duration | null;
  readonly endAge: Duration | null;
  readonly interval: Duration | null;
  readonly doseCount: number | null;
  readonly doseType: DoseType | null;
  readonly doseCountLogic: DoseCountLogic | null;
  /** CVX codes counted (Vaccine Count conditions) */
  readonly vaccineTypes: readonly string[];
  /** series groups whose completion counts (Completed Series) */
  readonly seriesGroups: readonly number[];
}

export interface SkipSet {
  readonly setId: number;
  readonly setDescription: string | null;
  readonly effectiveDate: Ymd | null;
  readonly cessationDate: Ymd | null;
  /** how the set's conditions combine; null when it has one condition */
  readonly conditionLogic: Logic | null;
  readonly conditions: readonly SkipCondition[];
}

export interface ConditionalSkip {
  readonly context: SkipContext;
  /** how the sets combine; null ("n/a") when there is one set */
  readonly setLogic: Logic | null;
  readonly sets: readonly SkipSet[];
}

export interface SeasonalRecommendation {
  readonly startDate: Ymd | null;
  readonly endDate: Ymd | null;
}

export interface SeriesDose {
  readonly doseNumber: number;
  readonly ages: readonly DoseAge[];
  readonly intervals: readonly DoseInterval[];
  readonly allowableIntervals: readonly AllowableInterval[];
  readonly preferableVaccines: readonly PreferableVaccine[];
  readonly allowableVaccines: readonly AllowableVaccine[];
  readonly inadvertentVaccines: readonly VaccineRef[];
  readonly conditionalSkips: readonly ConditionalSkip[];
  readonly recurringDose: boolean;
  readonly seasonalRecommendation: SeasonalRecommendation | null;
}

export interface Series {
  readonly seriesName: string;
  readonly targetDisease: string;
  readonly vaccineGroup: string;
  readonly seriesAdminGuidance: readonly string[];
  readonly seriesType: SeriesType;
  readonly equivalentSeriesGroups: number | null;
  /** empty: any gender */
  readonly requiredGender: readonly Gender[];
  readonly selectSeries: SelectSeries;
  readonly indications: readonly Indication[];
  readonly seriesDoses: readonly SeriesDose[];
}

export interface AntigenSupportingData {
  /** the antigen: the target disease of its series (e.g. "HepB", "Japanese Encephalitis") */
  readonly antigen: string;
  readonly immunity: Immunity;
  readonly contraindications: Contraindications;
  readonly series: readonly Series[];
}

// ---- schedule supporting data ----

export interface LiveVirusConflict {
  readonly previous: VaccineRef;
  readonly current: VaccineRef;
  readonly conflictBeginInterval: Duration;
  readonly minConflictEndInterval: Duration;
  readonly conflictEndInterval: Duration;
}

export interface VaccineGroup {
  readonly name: string;
  /** null when CDC leaves it empty */
  readonly administerFullVaccineGroup: boolean | null;
}

export interface VaccineGroupMap {
  readonly name: string;
  readonly antigens: readonly string[];
}

export interface CvxAssociation {
  readonly antigen: string;
  readonly associationBeginAge: Duration | null;
  readonly associationEndAge: Duration | null;
}

export interface CvxMap {
  readonly cvx: string;
  readonly shortDescription: string;
  readonly associations: readonly CvxAssociation[];
}

export type CodeSystem = 'SNOMED' | 'CVX' | 'CDCPHINVS';

export interface Observation {
  readonly observationCode: string;
  readonly observationTitle: string;
  readonly group: string | null;
  readonly indicationText: string | null;
  readonly contraindicationText: string | null;
  readonly clarifyingText: string | null;
  readonly codedValues: readonly {
    readonly code: string;
    readonly codeSystem: CodeSystem;
    readonly text: string;
  }[];
}

export interface ScheduleSupportingData {
  readonly liveVirusConflicts: readonly LiveVirusConflict[];
  readonly vaccineGroups: readonly VaccineGroup[];
  readonly vaccineGroupToAntigenMap: readonly VaccineGroupMap[];
  readonly cvxToAntigenMap: readonly CvxMap[];
  readonly observations: readonly Observation[];
}

// ---- the whole release ----

/** What an observation code is used for across the release (derived from the antigen files). */
export interface ObservationUse {
  /** an indication of some series (a risk series applies) */
  readonly indication: boolean;
  /** a contraindication of an antigen or of a vaccine */
  readonly contraindication: boolean;
  /** evidence of immunity to these antigens (clinical history) */
  readonly immunityTo: readonly string[];
}

export interface SupportingData {
  /** CDC's release, e.g. "4.64" */
  readonly version: string;
  readonly schedule: ScheduleSupportingData;
  /** by antigen name (the target disease), in the name order of the schedule's vaccine group map */
  readonly antigens: Readonly<Record<string, AntigenSupportingData>>;
  /** the antigens of each CVX code, with their age limits */
  readonly cvxAntigens: Readonly<Record<string, readonly CvxAssociation[]>>;
  /** the antigens of each vaccine group */
  readonly vaccineGroupAntigens: Readonly<Record<string, readonly string[]>>;
  /** by observation code */
  readonly observationUses: Readonly<Record<string, ObservationUse>>;
}
