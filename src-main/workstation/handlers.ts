import type { z } from 'zod';
import type { IpcMethodSpec } from '../../src-shared/ipc/contract';
import type { Actor, WorkstationContext } from './context';
import type { Opened } from './open-database';

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

/** What most features' handlers need: the open records, and who is acting (the dispatcher checked the session). */
export interface FeatureDeps {
  /** The open records (throws NOT_SIGNED_IN when closed). */
  readonly open: () => Opened;
  readonly ctx: () => WorkstationContext;
  readonly actor: () => Actor;
}
