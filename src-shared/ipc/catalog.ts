import { z } from 'zod';
import { empty, id, method, slice, text } from './slice';

/** The catalog slice: visit reasons and the medication formulary (src-main/workstation/catalog/ipc.ts). */

export const VisitReason = z.object({
  id,
  code: z.string(),
  label: z.string(),
  category: z.string().optional(),
  requiresVitals: z.boolean(),
  requiresParentNotification: z.boolean(),
});
export const CatalogMedication = z.object({
  id,
  name: z.string(),
  genericName: z.string().optional(),
  strength: z.string().optional(),
  route: z.string().optional(),
  drugClass: z.string().optional(),
  /** over the counter: the school may give it from stock without an order for the student (medications.is_otc) */
  otc: z.boolean(),
});

export const CatalogMedicationsArgs = z.object({
  query: text(100),
  limit: z.number().int().min(1).max(100).optional(),
  /** only what may be given from stock without an order (the stock picker) */
  otcOnly: z.boolean().optional(),
});

export const catalogSlice = slice('catalog', {
  'catalog.visitReasons': method({ args: empty, result: z.array(VisitReason), access: 'emergencyRead' }),
  'catalog.medications': method({
    args: CatalogMedicationsArgs,
    result: z.array(CatalogMedication),
    access: 'emergencyRead',
  }),
});
