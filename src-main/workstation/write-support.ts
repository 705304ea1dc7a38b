import { v7 as uuidv7 } from 'uuid';
import { IpcError } from '../../src-shared/ipc/errors';
import { StoreValidationError, StoreWriteError } from '../store/errors';
import { query, type WorkstationContext } from './context';

/** Shared by the feature write modules: ids, time checks, duplicate submits, store errors as field errors. */

export const newId = (): string => uuidv7();

/** A recorded time may run ahead of this computer's clock by this much (clock differences between devices). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The instant as canonical UTC ISO; refuses a time in the future (field error). */
export function pastInstant(ctx: WorkstationContext, value: string, field: string, label: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new IpcError('VALIDATION', `${field}: not a date and time`, field);
  if (ms > ctx.now() + FUTURE_TOLERANCE_MS)
    throw new IpcError('VALIDATION', `${field}: ${label} cannot be in the future`, field);
  return new Date(ms).toISOString();
}

/** Refuses a second submit of the same form (idempotency key), before anything is written. */
export function checkSubmission(ctx: WorkstationContext, key: string | undefined, method: string): void {
  if (!key) return;
  const prior = ctx.first(query.selectFrom('local_submissions').select('result_id').where('key', '=', key));
  if (prior)
    throw new IpcError(
      'DUPLICATE',
      `this ${method} was already saved (record ${prior.result_id})`,
      'idempotencyKey',
    );
}

/** Records the submission (call inside the write's transaction). */
export function recordSubmission(
  ctx: WorkstationContext,
  key: string | undefined,
  method: string,
  id: string,
): void {
  if (!key) return;
  ctx
    .stmt(`INSERT INTO local_submissions (key, method, result_id, at) VALUES (?, ?, ?, ?)`)
    .run(key, method, id, ctx.nowIso());
}

/** A store refusal as a contract error (should not happen after our own checks; names the column). */
export function asIpcError(e: unknown): unknown {
  if (e instanceof StoreValidationError) {
    const first = e.issues[0];
    return new IpcError('VALIDATION', e.message, first?.path);
  }
  if (e instanceof StoreWriteError) return new IpcError('VALIDATION', e.message);
  if (
    e instanceof Error &&
    /CHECK constraint failed|FOREIGN KEY constraint failed|NOT NULL constraint failed/.test(e.message)
  )
    return new IpcError('VALIDATION', `the record does not fit the database: ${e.message}`);
  return e;
}

/** Runs a write transaction, mapping store refusals to contract errors. */
export function writing<R>(ctx: WorkstationContext, fn: () => R): R {
  try {
    return ctx.store.transaction(fn);
  } catch (e) {
    throw asIpcError(e);
  }
}
