import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ipcContract,
  isIpcMethod,
  type BridgeEnvelope,
  type IpcArgs,
  type IpcMethod,
  type IpcResult,
} from '../../src-shared/ipc/contract';
import { IpcError, ipcErrorFromZod } from '../../src-shared/ipc/errors';
import { alertsHandlers, createAlertsRuntime } from './alerts';
import { appHandlers, appStatus } from './app';
import { catalogHandlers } from './catalog';
import { clinicVisitsHandlers } from './clinic-visits';
import type { FeatureDeps, SliceHandlers } from './handlers';
import { immunizationsHandlers, overdueImmunizations } from './immunizations';
import { districtRemotes } from './district';
import { databaseKey } from './keys/database-key';
import { DB_FILE_NAME } from './keys/key-file';
import { passphraseProtector } from './keys/passphrase';
import { appendLocalAudit, type LocalAuditEntry } from './local-db';
import { marHandlers, marToday } from './mar';
import { medicationSafetyHandlers } from './medication-safety';
import { closeDatabase, openDatabase, type Connection } from './open-database';
import type { WorkstationCore, WorkstationCoreOptions } from './core-api';
import { IPC_POLICY, refuseUnstorableText } from './policy';
import { createSession } from './session/session';
import { reportsHandlers } from './reports';
import { studentsHandlers } from './students';
import { symptomsHandlers } from './symptoms';
import { syncHandlers } from './sync';
import { todayHandlers } from './today';

/**
 * The workstation core: the dispatcher behind the IPC contract (src-shared/ipc/contract.ts, the feature slices
 * merged). Electron's main process and the loopback bridge of browser mode both call `invoke(method, args)`, which
 * refuses text a database cannot store, validates the arguments with the contract's zod schema, checks the session
 * by the method's declared access rule (./policy.ts), runs the feature's handler (<feature>/ipc.ts), and validates
 * the result before it leaves. The parts: the database key (keys/database-key.ts), the session (session/: sign-in,
 * unlock, PIN, break-glass, auto-lock), enrollment (enrollment/enroll.ts), app.status and its probe (app/status.ts).
 */

export { DEFAULT_AUTO_LOCK_MINUTES } from './session/auto-lock';
export { DEFAULT_BREAK_GLASS_MINUTES } from './session/session';
export { MAX_FAILED_UNLOCKS } from './session/unlock';
export type { WorkstationCore, WorkstationCoreOptions } from './core-api';

type Handler = (args: unknown) => unknown;

export async function createWorkstationCore(options: WorkstationCoreOptions): Promise<WorkstationCore> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const safeStorage = options.safeStorage ?? null;
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const connection: Connection = { online: false, known: false };
  const remote = districtRemotes(options);
  const audit = (e: Omit<LocalAuditEntry, 'at'>) => {
    const o = keys.opened();
    if (o) appendLocalAudit(o.store.sqlite, { at: new Date(now()).toISOString(), ...e });
  };

  const keys = databaseKey({
    dataDir: options.dataDir,
    safeStorage,
    passphrase: options.passphrase ?? passphraseProtector(),
    newProtection: options.keyProtection ?? (safeStorage ? 'safeStorage' : 'passphrase'),
    now,
    remote,
    close: closeDatabase,
    open: (key, kf) =>
      openDatabase(key, kf, {
        ...options,
        file: join(options.dataDir, DB_FILE_NAME),
        now,
        log,
        connection,
        tokens: session.tokens,
        onOpen: (sqlite) => session.loadPolicy(sqlite),
      }),
  });
  const session = createSession({
    ...options,
    now,
    log,
    keys,
    remote,
    audit,
    syncIntervalMs: options.syncIntervalMs ?? 60_000,
    onChange: () => alerts.update(),
  });
  // feature 26: the alert checks while a nurse is signed in, and the district server's alert stream while unlocked
  const alerts = createAlertsRuntime({
    active: () => {
      const s = session.current();
      const o = keys.opened();
      const kf = keys.keyFile();
      if (!s || !o || !kf) return null;
      return { ctx: o.ctx, serverUrl: kf.serverUrl, pull: () => o.sync.run(), unlocked: !s.locked };
    },
    accessToken: session.tokens.accessToken,
    refresh: session.tokens.refresh,
    sources: { doses: marToday, overdueImmunizations },
    checkIntervalMs: options.alertCheckIntervalMs ?? 60_000,
    ...(options.alertStream !== undefined ? { stream: options.alertStream } : {}),
    ...(options.alertStreamBackoff ? { streamBackoff: options.alertStreamBackoff } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    log,
  });

  const launchKey = keys.keyFile();
  if (launchKey?.protection.kind === 'safeStorage' && safeStorage)
    await keys.openWithSafeStorage(launchKey).catch((e: unknown) => {
      log(`cannot open the database at launch: ${e instanceof Error ? e.message : String(e)}`);
    });
  const app = appStatus({ ...options, keys, session, connection });

  const feature: FeatureDeps = {
    ctx: () => keys.requireOpen().ctx,
    actor: session.actor,
  };
  const handlers: SliceHandlers<typeof ipcContract> = {
    ...appHandlers({
      ...options,
      ...{ now, keys, session, connection, remote, audit, app },
      platform: options.platform ?? process.platform,
    }),
    ...todayHandlers(feature),
    ...studentsHandlers({ ...feature, students: () => keys.requireOpen().students }),
    ...catalogHandlers(feature),
    ...clinicVisitsHandlers(feature),
    ...symptomsHandlers(feature),
    ...marHandlers(feature),
    ...medicationSafetyHandlers(feature),
    ...immunizationsHandlers({
      ...feature,
      remote: () => remote(keys.requireEnrolled().serverUrl),
      accessToken: session.tokens.accessToken,
    }),
    ...syncHandlers({
      ...feature,
      service: () => keys.requireOpen().sync,
      serviceIfOpen: () => keys.opened()?.sync ?? null,
      offlineStatus: () => connection,
      remote: () => remote(keys.requireEnrolled().serverUrl),
      accessToken: session.tokens.accessToken,
      log,
    }),
    ...alertsHandlers(feature),
    ...reportsHandlers({ ...feature, printer: options.reportPrinter ?? null }),
  };

  // ---------------------------------------------------------------------------------------------------------
  // dispatch

  let serial: Promise<unknown> = Promise.resolve();
  async function run(method: IpcMethod, raw: unknown): Promise<unknown> {
    const spec = ipcContract[method];
    refuseUnstorableText(raw ?? {});
    const parsed = spec.args.safeParse(raw ?? {});
    if (!parsed.success) throw ipcErrorFromZod(parsed.error);
    session.tick();
    session.authorize(spec.access);
    if (!IPC_POLICY.polling.has(method)) session.touch();
    const handler = handlers[method] as Handler;
    const exec = (): Promise<unknown> => Promise.resolve().then(() => handler(parsed.data));
    let result: unknown;
    if (IPC_POLICY.serial.has(method)) {
      const p = serial.then(exec, exec);
      serial = p.catch(() => undefined);
      result = await p;
    } else result = await exec();
    const out = spec.result.safeParse(result);
    if (!out.success) {
      const i = out.error.issues[0];
      const where = i ? i.path.join('.') : '';
      log(`${method}: the core's answer does not fit the contract: ${i ? `${where}: ${i.message}` : ''}`);
      throw new IpcError(
        'INTERNAL',
        `the workstation core answered ${method} wrongly (${where}); see the log`,
      );
    }
    return out.data;
  }

  const lockTimer = (options.lockTimer ?? true) ? setInterval(session.tick, 5_000) : null;
  lockTimer?.unref?.();

  const invoke = async (method: string, raw: unknown): Promise<BridgeEnvelope<unknown>> => {
    if (!isIpcMethod(method))
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `no method ${method.slice(0, 80)}` } };
    try {
      return { ok: true, result: await run(method, raw) };
    } catch (e) {
      if (e instanceof IpcError) return { ok: false, error: e.toShape() };
      log(`${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      const message = `${method} failed: ${e instanceof Error ? e.message : String(e)}`;
      return { ok: false, error: { code: 'INTERNAL', message } };
    }
  };

  return {
    invoke,
    call: async <M extends IpcMethod>(method: M, args: IpcArgs<M>): Promise<IpcResult<M>> => {
      const r = await invoke(method, args);
      if (!r.ok) throw new IpcError(r.error.code, r.error.message, r.error.field);
      return r.result as IpcResult<M>;
    },
    lockNow: (reason) => session.lock(reason),
    close: async () => {
      if (lockTimer) clearInterval(lockTimer);
      await alerts.close();
      await keys.close();
      await app.idle();
    },
    internals: {
      dataDir: options.dataDir,
      context: () => keys.opened()?.ctx ?? null,
      sync: () => keys.opened()?.sync ?? null,
      runAlertChecks: () => alerts.runChecks(),
      alertStream: () => ({ connected: alerts.streamConnected(), events: alerts.streamEvents() }),
      keyFile: keys.keyFile,
    },
  };
}
