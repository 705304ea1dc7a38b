import { z } from 'zod';
import { ComplianceDashboardView } from '../immunizations';
import { VaccinationRoute, VaccinationSite, VaccinationSource } from '../enums';
import { id, isoDate, method, slice, text } from './slice';

/** The immunizations slice: recording a dose (src-main/workstation/immunizations/ipc.ts). */

export const ImmunizationRecordArgs = z.object({
  studentId: id,
  cvx: z.string().regex(/^\d{1,3}$/, 'a CVX code is 1-3 digits'),
  mvx: z
    .string()
    .regex(/^[A-Z]{2,3}$/, 'an MVX code is 2-3 capital letters')
    .optional(),
  /** vaccine family for compliance (e.g. 'MMR', 'DTaP'); derived from the CVX code when absent */
  vaccine: text(40).optional(),
  doseNumber: z.number().int().min(1).max(10).optional(),
  lot: text(40).optional(),
  administeredOn: isoDate,
  site: z.enum(VaccinationSite).optional(),
  route: z.enum(VaccinationRoute).optional(),
  source: z.enum(VaccinationSource),
  notes: text(2000).optional(),
});

/**
 * The state registry's record of a student (online: through the district server, QBP^Q11 / RSP^K11), reconciled with
 * the doses on record: matched, the registry's doses the record lacks (added only when the nurse records them, source
 * REGISTRY), and the fields that differ. Nothing is written by the query.
 */
export const RegistryQueryResult = z.object({
  outcome: z.enum(['HISTORY', 'CANDIDATES', 'NO_MATCH', 'TOO_MANY', 'ERROR']),
  summary: z.string(),
  registryId: z.string().nullable(),
  matched: z.array(z.object({ doseId: z.string(), date: z.string(), cvx: z.string() })),
  missing: z.array(
    z.object({
      date: z.string(),
      cvx: z.string(),
      vaccineName: z.string(),
      lot: z.string().nullable(),
      mvx: z.string().nullable(),
    }),
  ),
  differences: z.array(
    z.object({
      doseId: z.string(),
      field: z.string(),
      recorded: z.string().nullable(),
      registry: z.string().nullable(),
    }),
  ),
});

/** CDC's evaluation and forecast of one student, as the nurse reads it (src-shared/immunizations/forecast-view). */
export const ImmunizationForecastResult = z.object({
  studentId: id,
  /** the release of CDC's supporting data it was computed with, and where the workstation read it */
  supportingData: z.object({ version: z.string(), source: z.enum(['database', 'shipped folder']) }),
  assessedOn: isoDate,
  groups: z.array(
    z.object({
      vaccineGroup: z.string(),
      status: z.enum([
        'Complete',
        'Not Complete',
        'Immune',
        'Contraindicated',
        'Aged Out',
        'Not Recommended',
      ]),
      validDoses: z.number().int().min(0),
      doses: z.array(
        z.object({
          date: isoDate,
          cvx: z.string(),
          status: z.enum(['Valid', 'Not Valid', 'Extraneous']),
          reasons: z.array(z.string()),
        }),
      ),
      next: z
        .object({
          doseNumber: z.number().int().min(1),
          earliest: isoDate,
          recommended: isoDate,
          pastDue: isoDate.nullable(),
          latest: isoDate.nullable(),
          state: z.enum(['NOT_YET', 'CAN_GIVE', 'DUE', 'PAST_DUE']),
        })
        .nullable(),
      summary: z.string(),
    }),
  ),
  problems: z.array(z.object({ doseIndex: z.number().int().min(0), problem: z.string() })),
  /** the state's school-entry requirements met or not, per vaccine (null: no state rules for the school) */
  schoolEntry: z
    .object({
      state: z.string(),
      vaccines: z.array(
        z.object({
          vaccine: z.string(),
          status: z.enum(['COMPLIANT', 'CONDITIONAL', 'OVERDUE', 'EXEMPT', 'NOT_REQUIRED']),
          validDoses: z.number().int().min(0),
          dosesNeeded: z.number().int().min(0),
          nextDose: z.number().int().min(1).nullable(),
          dueDate: isoDate.nullable(),
          conditionalDeadline: isoDate.nullable(),
          reason: z.string(),
        }),
      ),
    })
    .nullable(),
});

export const immunizationsSlice = slice('immunizations', {
  'immunizations.forecast': method({
    args: z.object({ studentId: id }),
    result: ImmunizationForecastResult,
    access: 'emergencyRead',
  }),
  /** the school's compliance dashboard, computed offline (src-main/workstation/immunizations/dashboard.ts) */
  'immunizations.dashboard': method({
    args: z.object({}),
    result: ComplianceDashboardView,
    access: 'session',
  }),
  'immunizations.registryQuery': method({
    args: z.object({ studentId: id, profile: z.enum(['Z34', 'Z44']).default('Z34') }),
    result: RegistryQueryResult,
    access: 'session',
  }),
  'immunizations.record': method({
    args: ImmunizationRecordArgs,
    result: z.object({ id }),
    access: 'session',
  }),
});
