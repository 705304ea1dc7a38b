import type { z } from 'zod';
import { alertsSlice } from './alerts';
import { appSlice } from './app';
import { catalogSlice } from './catalog';
import { clinicVisitsSlice } from './clinic-visits';
import { immunizationsSlice } from './immunizations';
import { marSlice } from './mar';
import { medicationSafetySlice } from './medication-safety';
import { reportsSlice } from './reports';
import { studentsSlice } from './students';
import { symptomsSlice } from './symptoms';
import { syncSlice } from './sync';
import { todaySlice } from './today';

export { IpcError, ipcErrorShape, IPC_ERROR_CODES, type IpcErrorShape, type IpcErrorCode } from './errors';
export * from './alerts';
export * from './app';
export * from './catalog';
export * from './clinic-visits';
export * from './clinic-visit-records';
export * from './immunizations';
export * from './mar';
export * from './medication-safety';
export * from './reports';
export * from './students';
export * from './symptoms';
export * from './sync';
export * from './today';
export { IPC_ACCESS, type IpcAccess, type IpcMethodSpec } from './slice';

/**
 * The one IPC contract between the workstation UI (src-renderer) and the core (src-main): the feature slices
 * (src-shared/ipc/<feature>.ts) merged. Electron's preload exposes exactly these methods as `window.whiteCross`,
 * and the loopback bridge of browser mode (`npm run workstation`) serves them as `POST /api/ipc/<method>`. Every
 * argument and result is validated with these schemas on the core's side (arguments before the handler runs,
 * results before they leave); each method's access rule (public, session, emergency read; polling; serial) is
 * declared with it and the dispatcher (src-main/workstation/core.ts) derives its policy from them.
 *
 * Conventions: ids are the database's UUID text; instants are ISO-8601 strings (the core answers in UTC,
 * `2026-03-04T14:05:00.000Z`; it accepts any offset); dates are `YYYY-MM-DD`. Optional result fields are
 * absent, never null. A failure is `{ code, message, field? }` (./errors.ts). A new method goes in its feature's
 * slice, and its handler in src-main/workstation/<feature>/ipc.ts: nothing else lists it.
 */
export const ipcContract = Object.freeze({
  ...appSlice,
  ...todaySlice,
  ...studentsSlice,
  ...catalogSlice,
  ...clinicVisitsSlice,
  ...symptomsSlice,
  ...marSlice,
  ...medicationSafetySlice,
  ...immunizationsSlice,
  ...syncSlice,
  ...alertsSlice,
  ...reportsSlice,
});

export type IpcContract = typeof ipcContract;
export type IpcMethod = keyof IpcContract;
/** What the caller passes (zod input: optional fields may be omitted). */
export type IpcArgs<M extends IpcMethod> = z.input<IpcContract[M]['args']>;
/** What the handler receives after validation (defaults applied, strings trimmed). */
export type IpcParsedArgs<M extends IpcMethod> = z.output<IpcContract[M]['args']>;
export type IpcResult<M extends IpcMethod> = z.output<IpcContract[M]['result']>;
export type WhiteCrossApi = { [M in IpcMethod]: (args: IpcArgs<M>) => Promise<IpcResult<M>> };

export const IPC_METHODS: readonly IpcMethod[] = Object.freeze(Object.keys(ipcContract) as IpcMethod[]);
export const isIpcMethod = (name: string): name is IpcMethod =>
  Object.prototype.hasOwnProperty.call(ipcContract, name);

/** The loopback bridge (browser mode): path, token header and answer envelope. */
export const BRIDGE_PATH_PREFIX = '/api/ipc/';
export const BRIDGE_TOKEN_HEADER = 'x-white-cross-token';
export type BridgeEnvelope<R> =
  { ok: true; result: R } | { ok: false; error: { code: string; message: string; field?: string } };
