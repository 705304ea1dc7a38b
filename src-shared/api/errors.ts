import { z } from 'zod';

/**
 * How the district server answers every refusal and error: `{ error: CODE, message, ... }` (server-sync/plugins/
 * errors.ts). `issues` names every bad field of a 400; `requestId` comes with a 500. Routes may add fields of their
 * own (a sync gap's `expectedSeq`): a client reads what it knows and ignores the rest.
 */
export const apiErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  requestId: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;
