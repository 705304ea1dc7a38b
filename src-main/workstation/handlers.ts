import type { z } from 'zod';
import type { IpcMethodSpec } from '../../src-shared/ipc/contract';
import type { Actor, WorkstationContext } from './context';

/**
 * A feature's IPC handlers (src-main/workstation/<feature>/ipc.ts): one per method of its slice
 * (src-shared/ipc/<feature>.ts), each given the validated arguments. A missing or an extra handler is a compile
 * error (the map is returned as an object literal of this type).
 */
export type SliceHandlers<S extends Readonly<Record<string, IpcMethodSpec>>> = {
  readonly [M in keyof S]: (
    args: z.output<S[M]['args']>,
  ) => Promise<z.output<S[M]['result']>> | z.output<S[M]['result']>;
};

/**
 * What most features' handlers need: the open records' context, and who is acting (the dispatcher checked the
 * session). A feature that needs more declares its own deps extending this one.
 */
export interface FeatureDeps {
  /** The open records' context (throws NOT_SIGNED_IN when closed). */
  readonly ctx: () => WorkstationContext;
  readonly actor: () => Actor;
}
