import { dayNumber } from './detect';

/**
 * The cases linked to an alert (outbreak_case_clusters): each with its temporal distance (days from the first
 * onset of the episode), its cluster (the grade group it belongs to, 1 = the grade with the most cases) and how
 * strongly it is linked: STRONG when it shares both the most affected grade and the most frequent location at
 * onset, MODERATE when it shares one of them, WEAK otherwise.
 */
export interface LinkableCase {
  readonly id: string;
  readonly studentId: string;
  /** 'YYYY-MM-DD' */
  readonly onsetDate: string;
  readonly grade: string | null;
  readonly location: string | null;
}

export type LinkStrength = 'STRONG' | 'MODERATE' | 'WEAK';

export interface LinkedCase {
  readonly id: string;
  readonly studentId: string;
  readonly onsetDate: string;
  readonly temporalDistanceDays: number;
  readonly clusterAssignment: number;
  readonly linkStrength: LinkStrength;
}

export interface CaseClustering {
  readonly cases: LinkedCase[];
  /** outbreak_alerts.geographic_cluster_info: the cases per grade and per location, most first */
  readonly grades: { readonly grade: string; readonly cases: number }[];
  readonly locations: { readonly location: string; readonly cases: number }[];
  readonly distinctStudents: number;
  readonly firstOnset: string | null;
}

function ranked(values: readonly (string | null)[]): { key: string; n: number }[] {
  const m = new Map<string, number>();
  for (const v of values) if (v !== null && v !== '') m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([key, n]) => ({ key, n })).sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : 1));
}

export function linkCases(cases: readonly LinkableCase[]): CaseClustering {
  const sorted = [...cases].sort((a, b) =>
    a.onsetDate < b.onsetDate ? -1 : a.onsetDate > b.onsetDate ? 1 : a.id < b.id ? -1 : 1,
  );
  const first = sorted[0]?.onsetDate ?? null;
  const grades = ranked(sorted.map((c) => c.grade));
  const locations = ranked(sorted.map((c) => c.location));
  const topGrade = grades[0]?.key ?? null;
  const topLocation = locations[0]?.key ?? null;
  const gradeIndex = new Map(grades.map((g, i) => [g.key, i + 1]));
  return {
    cases: sorted.map((c) => {
      const sameGrade = topGrade !== null && c.grade === topGrade;
      const sameLocation = topLocation !== null && c.location === topLocation;
      return {
        id: c.id,
        studentId: c.studentId,
        onsetDate: c.onsetDate,
        temporalDistanceDays: first === null ? 0 : dayNumber(c.onsetDate) - dayNumber(first),
        // 0: grade not recorded
        clusterAssignment: c.grade === null ? 0 : (gradeIndex.get(c.grade) ?? 0),
        linkStrength: sameGrade && sameLocation ? 'STRONG' : sameGrade || sameLocation ? 'MODERATE' : 'WEAK',
      };
    }),
    grades: grades.map((g) => ({ grade: g.key, cases: g.n })),
    locations: locations.map((l) => ({ location: l.key, cases: l.n })),
    distinctStudents: new Set(sorted.map((c) => c.studentId)).size,
    firstOnset: first,
  };
}
