import { z } from 'zod';
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

export const immunizationsSlice = slice('immunizations', {
  'immunizations.record': method({
    args: ImmunizationRecordArgs,
    result: z.object({ id }),
    access: 'session',
  }),
});
