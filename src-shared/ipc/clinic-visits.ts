import { z } from 'zod';
import { VisitSeverityTriage } from '../enums';
import { PAIN_SCALES, painScaleProblem, VITAL_RANGES, vitalProblem, type VitalName } from '../clinic-visits';
import { SafetyOverride } from './medication-safety';
import { SymptomEntry } from './symptoms';
import { visitRecordMethods } from './clinic-visit-records';
import { id, instant, method, requiredText, slice, text } from './slice';

/** The clinic visits slice: the visit, the excuse note (src-main/workstation/clinic-visits/ipc.ts). */

export const Triage = z.enum(VisitSeverityTriage);
export type Triage = z.infer<typeof Triage>;

/** Vital sign ranges (src-shared/clinic-visits): outside them the core refuses the visit with a field error. */
export { VITAL_RANGES };

const inRange = (name: VitalName) =>
  z.number({ message: 'must be a number' }).superRefine((n, ctx) => {
    const problem = vitalProblem(name, n);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const VisitVitals = z
  .object({
    temperatureC: inRange('temperatureC').optional(),
    /** alternative to temperatureC (the database stores °F); give one, not both */
    temperatureF: inRange('temperatureF').optional(),
    heartRate: inRange('heartRate').optional(),
    systolic: inRange('systolic').optional(),
    diastolic: inRange('diastolic').optional(),
    /** mg/dL */
    bloodGlucose: inRange('bloodGlucose').optional(),
    /** % */
    spo2: inRange('spo2').optional(),
    /** breaths/min */
    respiratoryRate: inRange('respiratoryRate').optional(),
    /** 0–10 */
    painScore: inRange('painScore').optional(),
    /** the scale the pain score was read on (absent: NUMERIC); FACES scores 0, 2, 4, 6, 8 or 10 */
    painScale: z.enum(PAIN_SCALES).optional(),
    /** L/min */
    peakFlow: inRange('peakFlow').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.temperatureC !== undefined && v.temperatureF !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['temperatureF'],
        message: 'give the temperature once (°C or °F)',
      });
    if ((v.systolic === undefined) !== (v.diastolic === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [v.systolic === undefined ? 'systolic' : 'diastolic'],
        message: 'blood pressure needs both systolic and diastolic',
      });
    if (v.systolic !== undefined && v.diastolic !== undefined && v.systolic <= v.diastolic)
      ctx.addIssue({ code: 'custom', path: ['diastolic'], message: 'diastolic must be below systolic' });
    if (v.painScale !== undefined && v.painScore === undefined)
      ctx.addIssue({ code: 'custom', path: ['painScore'], message: 'give the pain score with its scale' });
    const painProblem =
      v.painScale !== undefined && v.painScore !== undefined
        ? painScaleProblem(v.painScale, v.painScore)
        : undefined;
    if (painProblem) ctx.addIssue({ code: 'custom', path: ['painScore'], message: painProblem });
  });
export type VisitVitals = z.infer<typeof VisitVitals>;

export const VisitMedication = z.object({
  medicationId: id,
  /** the student's order this dose is given under; absent = stock medication (e.g. OTC per standing order) */
  studentMedicationId: id.optional(),
  dose: requiredText(100),
  route: requiredText(50),
  givenAt: instant,
  /** what the medication-safety check asks for before this dose (medicationSafety.check: `requires`) */
  safetyOverride: SafetyOverride.optional(),
});
export type VisitMedication = z.infer<typeof VisitMedication>;

export const ClassTimeMissed = z.object({
  period: text(20).optional(),
  subject: text(100).optional(),
  minutes: z.number().int('whole minutes').min(0).max(480, 'at most 480 minutes'),
});

export const VisitCreateArgs = z
  .object({
    /** client-generated id of this submission: a second submit with the same key is refused as DUPLICATE */
    idempotencyKey: z.string().min(8).max(64).optional(),
    studentId: id,
    arrivedAt: instant,
    reasonId: id.optional(),
    reasonText: text(200).optional(),
    triage: Triage,
    complaint: requiredText(2000),
    vitals: VisitVitals.optional(),
    treatment: text(4000).optional(),
    medications: z.array(VisitMedication).max(20).optional(),
    sentHome: z.boolean().optional(),
    parentNotifiedAt: instant.optional(),
    followUp: text(2000).optional(),
    classTimeMissed: ClassTimeMissed.optional(),
    returnedToClassAt: instant.optional(),
    departedAt: instant.optional(),
    notes: text(4000).optional(),
    /** the symptom checklist filled in the visit form: recorded with the visit (as symptoms.record does) */
    symptoms: z.array(SymptomEntry).min(1, 'record at least one symptom').max(40).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.reasonId && !v.reasonText)
      ctx.addIssue({ code: 'custom', path: ['reasonId'], message: 'choose a reason or type one' });
    const arrived = Date.parse(v.arrivedAt);
    const after = (field: 'returnedToClassAt' | 'departedAt' | 'parentNotifiedAt', label: string) => {
      const t = v[field];
      if (t !== undefined && Date.parse(t) < arrived)
        ctx.addIssue({ code: 'custom', path: [field], message: `${label} cannot be before arrival` });
    };
    after('returnedToClassAt', 'return to class');
    after('departedAt', 'departure');
    after('parentNotifiedAt', 'parent notification');
    v.medications?.forEach((m, i) => {
      if (Date.parse(m.givenAt) < arrived)
        ctx.addIssue({
          code: 'custom',
          path: ['medications', i, 'givenAt'],
          message: 'given before arrival',
        });
    });
    if (v.sentHome && v.returnedToClassAt)
      ctx.addIssue({
        code: 'custom',
        path: ['returnedToClassAt'],
        message: 'a student sent home does not return to class',
      });
  });
export type VisitCreateArgs = z.infer<typeof VisitCreateArgs>;

export const clinicVisitsSlice = slice('clinicVisits', {
  'clinicVisits.create': method({
    args: VisitCreateArgs,
    result: z.object({ visitId: id }),
    access: 'session',
  }),
  'clinicVisits.excuseNote': method({
    args: z.object({ visitId: id }),
    result: z.object({ html: z.string() }),
    access: 'session',
  }),
  ...visitRecordMethods,
});
