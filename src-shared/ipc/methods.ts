import { IPC_METHODS, type IpcMethod } from './contract';

/**
 * The names of the IPC contract's methods (Electron's main process registers one channel each, and the sandboxed
 * preload exposes exactly these): derived from the merged contract, never typed again. The preload's bundle
 * (scripts/build-electron.mjs) carries the slices' schemas with it.
 */
export const IPC_METHOD_NAMES: readonly IpcMethod[] = IPC_METHODS;
export type IpcMethodName = IpcMethod;

/** Electron IPC channel of a method (`white-cross:app.status`). */
export const ipcChannel = (method: IpcMethodName): string => `white-cross:${method}`;
