import type {
  AntigenSupportingData,
  CvxAssociation,
  ObservationUse,
  ScheduleSupportingData,
  SupportingData,
} from './model';
import { parseAntigenXml } from './antigen';
import { parseScheduleXml } from './schedule';
import { SupportingDataError } from './xml';

/**
 * One release of CDC's supporting data, assembled from its files (pure): the schedule and one file per antigen,
 * checked against each other, indexed, and frozen. The files are given as text (the loader reads them); a problem
 * in any file, or between them, refuses the whole release with every problem listed.
 */

export const SCHEDULE_FILE = 'ScheduleSupportingData.xml';
/** AntigenSupportingData-HepB-508.xml (CDC's "508" is the accessible edition; the suffix is optional here) */
export const ANTIGEN_FILE = /^AntigenSupportingData-(.+?)(?:-508)?\.xml$/;

export interface SupportingDataFile {
  readonly name: string;
  readonly text: string;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The cross-checks between the schedule and the antigen files; each problem names the file and the element. */
export function crossProblems(
  schedule: ScheduleSupportingData,
  antigens: readonly { readonly file: string; readonly data: AntigenSupportingData }[],
): string[] {
  const problems: string[] = [];
  const byName = new Map<string, string>();
  for (const { file, data } of antigens) {
    const other = byName.get(data.antigen);
    if (other !== undefined)
      problems.push(`${file}: antigen ${data.antigen} is also the antigen of ${other}`);
    byName.set(data.antigen, file);
  }
  const groups = new Set(schedule.vaccineGroups.map((g) => g.name));
  const mapped = new Set<string>();
  for (const m of schedule.vaccineGroupToAntigenMap) {
    if (!groups.has(m.name))
      problems.push(`${SCHEDULE_FILE}: vaccineGroupToAntigenMap: group "${m.name}" is not in vaccineGroups`);
    for (const a of m.antigens) {
      mapped.add(a);
      if (!byName.has(a))
        problems.push(
          `${SCHEDULE_FILE}: vaccineGroupToAntigenMap: antigen "${a}" of group "${m.name}" has no antigen file (AntigenSupportingData-*.xml)`,
        );
    }
  }
  for (const g of groups)
    if (!schedule.vaccineGroupToAntigenMap.some((m) => m.name === g))
      problems.push(`${SCHEDULE_FILE}: vaccineGroups: group "${g}" has no entry in vaccineGroupToAntigenMap`);
  for (const { file, data } of antigens) {
    if (!mapped.has(data.antigen))
      problems.push(`${file}: antigen "${data.antigen}" is in no vaccine group of ${SCHEDULE_FILE}`);
    data.series.forEach((s, i) => {
      if (!groups.has(s.vaccineGroup))
        problems.push(
          `${file}: /antigenSupportingData/series[${i + 1}]/vaccineGroup: "${s.vaccineGroup}" is not a vaccine group of ${SCHEDULE_FILE}`,
        );
    });
  }
  const cvxSeen = new Set<string>();
  for (const m of schedule.cvxToAntigenMap) {
    if (cvxSeen.has(m.cvx)) problems.push(`${SCHEDULE_FILE}: cvxToAntigenMap: CVX ${m.cvx} appears twice`);
    cvxSeen.add(m.cvx);
    for (const a of m.associations)
      if (!byName.has(a.antigen))
        problems.push(
          `${SCHEDULE_FILE}: cvxToAntigenMap: CVX ${m.cvx} maps to "${a.antigen}", which has no antigen file`,
        );
  }
  return problems;
}

function observationUses(
  schedule: ScheduleSupportingData,
  antigens: readonly AntigenSupportingData[],
): Record<string, ObservationUse> {
  const uses: Record<string, { indication: boolean; contraindication: boolean; immunityTo: string[] }> = {};
  const use = (code: string) =>
    (uses[code] ??= { indication: false, contraindication: false, immunityTo: [] });
  for (const o of schedule.observations) use(o.observationCode);
  for (const a of antigens) {
    for (const h of a.immunity.clinicalHistory) use(h.guidelineCode).immunityTo.push(a.antigen);
    for (const c of [...a.contraindications.vaccineGroup, ...a.contraindications.vaccine])
      use(c.observationCode).contraindication = true;
    for (const s of a.series)
      for (const i of s.indications)
        if (i.observationCode?.code) use(i.observationCode.code).indication = true;
  }
  return uses;
}

/** Assembles a release from its already parsed parts. */
export function buildSupportingData(
  version: string,
  schedule: ScheduleSupportingData,
  antigens: readonly { readonly file: string; readonly data: AntigenSupportingData }[],
): SupportingData {
  const problems = crossProblems(schedule, antigens);
  if (problems.length > 0) throw new SupportingDataError(problems);
  const byName = new Map(antigens.map((a) => [a.data.antigen, a.data]));
  const order = schedule.vaccineGroupToAntigenMap.flatMap((m) => m.antigens);
  const cvxAntigens: Record<string, readonly CvxAssociation[]> = {};
  for (const m of schedule.cvxToAntigenMap) cvxAntigens[m.cvx] = m.associations;
  return deepFreeze({
    version,
    schedule,
    antigens: Object.fromEntries(order.map((name) => [name, byName.get(name)!])),
    cvxAntigens,
    vaccineGroupAntigens: Object.fromEntries(
      schedule.vaccineGroupToAntigenMap.map((m) => [m.name, m.antigens]),
    ),
    observationUses: observationUses(
      schedule,
      antigens.map((a) => a.data),
    ),
  });
}

/**
 * Parses a release from its files: the schedule file and every antigen file (other files, such as the XSDs, are
 * ignored). Problems of every file are gathered before refusing.
 */
export function parseSupportingData(version: string, files: readonly SupportingDataFile[]): SupportingData {
  const problems: string[] = [];
  const collect = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof SupportingDataError)) throw e;
      problems.push(...e.problems);
      return undefined;
    }
  };
  const scheduleFile = files.find((f) => f.name === SCHEDULE_FILE);
  if (scheduleFile === undefined) problems.push(`${SCHEDULE_FILE}: missing`);
  const antigenFiles = files.filter((f) => ANTIGEN_FILE.test(f.name));
  if (antigenFiles.length === 0) problems.push('AntigenSupportingData-*.xml: no antigen file');
  const schedule = scheduleFile && collect(() => parseScheduleXml(scheduleFile.name, scheduleFile.text));
  const antigens = antigenFiles.flatMap((f) => {
    const data = collect(() => parseAntigenXml(f.name, f.text));
    return data ? [{ file: f.name, data }] : [];
  });
  if (problems.length > 0 || schedule === undefined) throw new SupportingDataError(problems);
  return buildSupportingData(version, schedule, antigens);
}
