import { IPC_METHODS, type IpcMethod } from './contract';

/**
 * The names of the IPC contract's methods, derived from the merged contract, never typed again: Electron's main
 * process registers one channel each and hands the list to the sandboxed preload (src-shared/ipc/channel.ts).
 */
export const IPC_METHOD_NAMES: readonly IpcMethod[] = IPC_METHODS;
export type IpcMethodName = IpcMethod;

export { ipcChannel } from './channel';
