import type { BridgeEnvelope, IpcArgs, IpcMethod, IpcResult } from '../../src-shared/ipc/contract';
import type { SyncProgress } from '../sync/client';
import type { RetryPolicy } from '../sync/retry';
import type { WorkstationContext } from './context';
import type { KeyFile } from './keys/key-file';
import type { KeyProtection, PassphraseProtector, SafeStorageProtector } from './keys/protector';
import type { ReportPrinter } from './reports';
import type { SyncService } from './sync';

/** The workstation core's interface (core.ts implements it) and how it is started (Electron's main process, the
 * browser-mode launcher, the CLI, tests). */
export interface WorkstationCoreOptions {
  readonly dataDir: string;
  readonly mode: 'electron' | 'browser';
  /** Electron's safeStorage, when running in Electron. */
  readonly safeStorage?: SafeStorageProtector;
  /** Passphrase slots (default: argon2id with the OWASP baseline). */
  readonly passphrase?: PassphraseProtector;
  /** How a new enrollment protects the key: safeStorage when available, else passphrase. */
  readonly keyProtection?: KeyProtection;
  /** Prefills enrollment (`--server`). */
  readonly defaultServerUrl?: string;
  /** Wall clock, epoch ms (tests inject one). */
  readonly now?: () => number;
  /**
   * Inactivity before the session locks, set on this workstation (an IT override, and tests): wins over the
   * district's policy; without it the district's policy applies, else 10 minutes.
   */
  readonly autoLockMinutes?: number;
  /** The same in seconds (wins over autoLockMinutes when both are given). */
  readonly autoLockSeconds?: number;
  readonly breakGlassMinutes?: number;
  /** Background sync period while signed in (default 60 s; 0: only on demand). */
  readonly syncIntervalMs?: number;
  /** Checks the inactivity lock on a timer too (default true; tests drive it through calls). */
  readonly lockTimer?: boolean;
  readonly fetch?: typeof fetch;
  readonly remoteTimeoutMs?: number;
  readonly syncRetry?: Partial<RetryPolicy>;
  /** Changes per pulled page (default: the protocol's maximum; tests make it small). */
  readonly syncPullLimit?: number;
  /** Every sync progress report (tests watch it; sync.status shows the latest). */
  readonly onSyncProgress?: (p: SyncProgress) => void;
  /** Between the workstation's alert checks while signed in (missed doses...; default 60 s; 0: no timer). */
  readonly alertCheckIntervalMs?: number;
  /** Listen to the district server's alert stream while signed in (default true). */
  readonly alertStream?: boolean;
  /** The alert stream's reconnect delays (default 1 s doubling to 60 s). */
  readonly alertStreamBackoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly deviceName?: string;
  /** The system print dialog for reports.print (Electron's shell); none in browser mode. */
  readonly reportPrinter?: ReportPrinter;
  readonly platform?: NodeJS.Platform;
  readonly log?: (line: string) => void;
}

export interface WorkstationCore {
  /** Validates, authorizes, runs and validates one contract call. Never throws. */
  invoke(method: string, args: unknown): Promise<BridgeEnvelope<unknown>>;
  /** Typed call (tests, bench): the result, or throws IpcError. */
  call<M extends IpcMethod>(method: M, args: IpcArgs<M>): Promise<IpcResult<M>>;
  /** The OS locked the screen / suspended: lock the session now. */
  lockNow(reason: string): void;
  close(): Promise<void>;
  readonly internals: {
    readonly dataDir: string;
    context(): WorkstationContext | null;
    sync(): SyncService | null;
    /** Runs the workstation's alert checks now (missed doses, overdue immunizations); null when closed. */
    runAlertChecks(): { missedDoses: number; immunizationsOverdue: number } | null;
    /** Whether the district server's alert stream is connected, and how many events it brought. */
    alertStream(): { connected: boolean; events: number };
    keyFile(): KeyFile | null;
  };
}
