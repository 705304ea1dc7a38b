import { z } from 'zod';
import { ExemptionType, type GradeLevel } from '../../enums';

/**
 * A state's school-entry immunization requirements (reference-data/school-entry/<STATE>.json), as data: per vaccine
 * and band of grades, the ways a student satisfies it (doses, minimum ages, intervals, the "4 doses if the 4th was on
 * or after the 4th birthday, else 5" alternatives), the grace period on minimum ages and intervals, the exemption
 * types the state accepts, conditional admission, the date each requirement took effect, and the document and date
 * of every fact. These schemas are the files' boundary and the vaccination_schedules.requirement column's: a file or
 * a row that does not parse is refused naming the field.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const sourceId = z.string().regex(/^[a-z0-9-]+$/, 'a source id of the state file (e.g. "ca-17-ccr-6025")');
const nonEmpty = z.string().trim().min(1);
const months = z.number().int().min(0).max(300);
const days = z.number().int().min(0).max(3650);

/** The grades a requirement is checked at: school grades only (pre-kindergarten has other rules). */
export const SCHOOL_GRADES = [
  'K',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
] as const satisfies readonly GradeLevel[];
export const SchoolGrade = z.enum(SCHOOL_GRADES);
/** A grade's rank among SCHOOL_GRADES; -1 for any other (PK, unknown). */
export const schoolGradeIndex = (grade: string): number =>
  (SCHOOL_GRADES as readonly string[]).indexOf(grade);

/** Where a fact comes from: a source of the state file, the section or page, and the date it was read. */
export const RequirementSource = z
  .object({ source: sourceId, citation: nonEmpty.max(160), date: isoDate })
  .strict();
export type RequirementSource = z.infer<typeof RequirementSource>;

export const StateSource = z
  .object({
    id: sourceId,
    title: nonEmpty,
    publisher: nonEmpty,
    url: z.url(),
    /** the document's own date (revision or school year it covers) */
    date: isoDate,
  })
  .strict();
export type StateSource = z.infer<typeof StateSource>;

/** A dose's own condition: given on/after an age, and/or at least some days after the previous counted dose. */
export const DoseRule = z
  .object({
    dose: z.number().int().min(1).max(10),
    minAgeMonths: months.optional(),
    minIntervalDays: days.optional(),
  })
  .strict();
export type DoseRule = z.infer<typeof DoseRule>;

/** One way to satisfy a requirement ("4 doses, the last on/after the 4th birthday"). */
export const RequirementOption = z
  .object({
    doses: z.number().int().min(1).max(10),
    doseRules: z.array(DoseRule).default([]),
    /** the last counted dose must be on/after this age */
    lastDoseMinAgeMonths: months.optional(),
    /** at least one counted dose must be on/after this age */
    oneDoseMinAgeMonths: months.optional(),
    /** the option is open only to a student at least this old today (e.g. 3 doses for a student of 7 or more) */
    studentMinAgeMonths: months.optional(),
    /** the plain-language rule, as the state's document puts it */
    text: nonEmpty,
  })
  .strict()
  .superRefine((o, ctx) => {
    o.doseRules.forEach((r, i) => {
      if (r.dose > o.doses)
        ctx.addIssue({
          code: 'custom',
          path: ['doseRules', i, 'dose'],
          message: `dose ${r.dose} > doses ${o.doses}`,
        });
    });
  });
export type RequirementOption = z.infer<typeof RequirementOption>;

/** Immunity shown otherwise than by doses (immunization_exemptions rows of these types). */
export const EVIDENCE_TYPES = ['LAB_EVIDENCE_OF_IMMUNITY', 'HISTORY_OF_DISEASE'] as const;
export const WAIVER_TYPES = ['MEDICAL', 'RELIGIOUS', 'PHILOSOPHICAL'] as const;
export type WaiverType = (typeof WAIVER_TYPES)[number];

/** One vaccine's requirement for a band of grades. */
export const VaccineRequirement = z
  .object({
    /** the requirement's name, shown to the nurse and stored as vaccination_schedules.vaccine_type */
    vaccine: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,49}$/, 'a vaccine name (e.g. "DTaP", "MMR")'),
    /** the series (vaccinations.vaccine_type) whose valid doses count toward it */
    series: z.array(nonEmpty).min(1),
    fromGrade: SchoolGrade,
    toGrade: SchoolGrade,
    /** any one satisfies the requirement; the first is the full series */
    options: z.array(RequirementOption).min(1),
    /** immunity evidence the state accepts instead of doses for this vaccine */
    evidenceAccepted: z.array(z.enum(EVIDENCE_TYPES)).default([]),
    effectiveDate: isoDate,
    source: RequirementSource,
    note: nonEmpty.optional(),
  })
  .strict()
  .refine((r) => schoolGradeIndex(r.fromGrade) <= schoolGradeIndex(r.toGrade), {
    message: 'fromGrade is after toGrade',
    path: ['toGrade'],
  });
export type VaccineRequirement = z.infer<typeof VaccineRequirement>;

/** An exemption type the state accepts, and what it takes. */
export const ExemptionRule = z
  .object({
    type: z.enum(WAIVER_TYPES),
    /** the state's name for it ("reasons of conscience") */
    label: nonEmpty,
    /** a signed form or physician's statement must be on file (immunization_exemptions.document_id) */
    documentRequired: z.boolean(),
    source: RequirementSource,
    note: nonEmpty.optional(),
  })
  .strict();
export type ExemptionRule = z.infer<typeof ExemptionRule>;

/**
 * Conditional (provisional) admission of a student who does not yet meet a requirement: `days` after school entry
 * (or until `schoolYearDeadline`, MM-DD of the school year), and, when `inProcess`, for as long as the next dose of a
 * started series is not yet due.
 */
export const ConditionalAdmission = z
  .object({
    days: z.number().int().min(1).max(365).optional(),
    schoolYearDeadline: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a month and day MM-DD')
      .optional(),
    /** a student who has started every series and is not yet due for the next dose stays admitted */
    inProcess: z.boolean(),
    /** the window after entry is open only to a student with at least one dose of the vaccine */
    firstDoseRequired: z.boolean(),
    source: RequirementSource,
    text: nonEmpty,
  })
  .strict();
export type ConditionalAdmission = z.infer<typeof ConditionalAdmission>;

export const StateRequirements = z
  .object({
    state: z.string().regex(/^[A-Z]{2}$/, 'a two-letter state code'),
    stateName: nonEmpty,
    schoolYear: z.string().regex(/^\d{4}-\d{4}$/, 'a school year YYYY-YYYY'),
    /** doses this many days before a minimum age or interval still count (ACIP's 4-day grace period) */
    ageGraceDays: days.max(30),
    ageGraceSource: RequirementSource,
    exemptions: z.array(ExemptionRule),
    conditionalAdmission: ConditionalAdmission.nullable(),
    requirements: z.array(VaccineRequirement).min(1),
    sources: z.array(StateSource).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const ids = new Set(s.sources.map((x) => x.id));
    const cite = (src: RequirementSource, path: (string | number)[]) => {
      if (!ids.has(src.source))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'source'],
          message: `no source ${src.source} in sources`,
        });
    };
    cite(s.ageGraceSource, ['ageGraceSource']);
    s.exemptions.forEach((e, i) => cite(e.source, ['exemptions', i, 'source']));
    if (s.conditionalAdmission) cite(s.conditionalAdmission.source, ['conditionalAdmission', 'source']);
    s.requirements.forEach((r, i) => {
      cite(r.source, ['requirements', i, 'source']);
      const from = schoolGradeIndex(r.fromGrade);
      const to = schoolGradeIndex(r.toGrade);
      s.requirements.slice(0, i).forEach((o, j) => {
        if (o.vaccine !== r.vaccine) return;
        if (schoolGradeIndex(o.fromGrade) <= to && from <= schoolGradeIndex(o.toGrade))
          ctx.addIssue({
            code: 'custom',
            path: ['requirements', i, 'fromGrade'],
            message: `${r.vaccine} grades ${r.fromGrade}-${r.toGrade} overlap requirements.${j} (${o.fromGrade}-${o.toGrade})`,
          });
      });
    });
    const types = s.exemptions.map((e) => e.type);
    if (new Set(types).size !== types.length)
      ctx.addIssue({ code: 'custom', path: ['exemptions'], message: 'an exemption type appears twice' });
  });
export type StateRequirements = z.infer<typeof StateRequirements>;

/** The dataset's manifest (reference-data/school-entry/manifest.json). */
export const SchoolEntryManifest = z
  .object({
    dataset: z.literal('white-cross-school-entry'),
    version: z.string().regex(/^\d{4}\.\d{1,2}\.\d{1,3}$/, 'a version YYYY.M.N'),
    published: isoDate,
    states: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
  })
  .strict();
export type SchoolEntryManifest = z.infer<typeof SchoolEntryManifest>;

/** An exemption as the engine takes it (an immunization_exemptions row). */
export const StudentExemption = z
  .object({
    type: z.enum(ExemptionType),
    /** the vaccine or series it is for; null = every vaccine */
    vaccine: z.string().nullable(),
    startDate: isoDate,
    endDate: isoDate.nullable(),
    /** documents.id of the signed form; null = none on file */
    documentRef: z.string().nullable(),
  })
  .strict();
export type StudentExemption = z.infer<typeof StudentExemption>;

/** Formats zod issues as "field.path: message" lines. */
export function issueLines(prefix: string, error: z.ZodError): string[] {
  return error.issues.map(
    (i) => `${prefix}${i.path.length ? ` ${i.path.map(String).join('.')}` : ''}: ${i.message}`,
  );
}
