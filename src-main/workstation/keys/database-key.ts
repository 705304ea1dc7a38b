import { randomBytes } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { IpcError } from '../../../src-shared/ipc/errors';
import type { Opened } from '../open-database';
import type { DistrictRemote } from '../remote';
import { DB_FILE_NAME, readKeyFile, slotAad, withSlot, writeKeyFile, type KeyFile } from './key-file';
import {
  KeyUnwrapError,
  type KeyProtection,
  type PassphraseProtector,
  type SafeStorageProtector,
} from './protector';

/**
 * The database key: the key file (./key-file.ts) and the records it opens. In safeStorage mode the operating
 * system's keychain unwraps the key (at launch, or at the first sign-in); in passphrase mode each nurse's key slot
 * does, with her password, and the key is held while the records are open so that other nurses who sign in get a
 * slot of their own. A password changed on the district server re-protects the nurse's slot once she gives the
 * previous one.
 */

export interface DatabaseKeyOptions {
  readonly dataDir: string;
  readonly safeStorage: SafeStorageProtector | null;
  readonly passphrase: PassphraseProtector;
  /** How a new enrollment protects the key. */
  readonly newProtection: KeyProtection;
  readonly now: () => number;
  /** Opens the records with the key. */
  readonly open: (key: Uint8Array, kf: KeyFile) => Promise<Opened>;
  readonly close: (o: Opened) => Promise<void>;
  /** The district server (a changed password or a wrong one?). */
  readonly remote: (serverUrl: string) => DistrictRemote;
}

export interface DatabaseKey {
  readonly newProtection: KeyProtection;
  readonly keyFile: () => KeyFile | null;
  readonly opened: () => Opened | null;
  readonly requireEnrolled: () => KeyFile;
  readonly requireOpen: () => Opened;
  /** safeStorage mode: opens the records (nothing when open, or in passphrase mode). */
  readonly openWithSafeStorage: (kf: KeyFile) => Promise<void>;
  /** Passphrase mode: the nurse's key slot opens the records (or says why not). */
  readonly openWithPassword: (
    kf: KeyFile,
    email: string,
    password: string,
    previous?: string,
  ) => Promise<{ rewrap: boolean }>;
  /** Passphrase mode, after an online sign-in: the nurse gets a slot of her own, protected by her current password. */
  readonly refreshSlot: (
    user: { id: string; email: string },
    password: string,
    rewrap: boolean,
  ) => Promise<void>;
  /** Enrollment: the key protection of a new enrollment can be used here (else KEY_PROTECTION_UNAVAILABLE). */
  readonly assertUsable: () => void;
  /**
   * Enrollment: new records under a new key (a database left from an earlier enrollment is set aside), `init` fills
   * them, then the key is protected for the enrolling nurse and the key file written.
   */
  create<T>(
    kf0: KeyFile,
    nurse: { id: string; email: string; password: string },
    init: (o: Opened) => Promise<T>,
  ): Promise<{ records: Opened; init: T }>;
  /** Sign-out: in passphrase mode the records close and the key is forgotten. */
  readonly closeIfPassphrase: () => Promise<void>;
  readonly close: () => Promise<void>;
}

export function databaseKey(o: DatabaseKeyOptions): DatabaseKey {
  const dbFile = join(o.dataDir, DB_FILE_NAME);
  let keyFile: KeyFile | null = readKeyFile(o.dataDir);
  let opened: Opened | null = null;
  /** passphrase mode: the unwrapped key while the records are open (for new slots) */
  let heldKey: Buffer | null = null;

  const requireOpen = (): Opened => {
    if (!opened) throw new IpcError('NOT_SIGNED_IN', 'sign in to open this workstation’s records');
    return opened;
  };

  async function closeRecords(): Promise<void> {
    const o1 = opened;
    opened = null;
    if (o1) await o.close(o1);
  }

  const forgetKey = (): void => {
    heldKey?.fill(0);
    heldKey = null;
  };

  return {
    newProtection: o.newProtection,
    keyFile: () => keyFile,
    opened: () => opened,
    requireOpen,
    requireEnrolled: () => {
      if (!keyFile)
        throw new IpcError('NOT_ENROLLED', 'this workstation is not enrolled to a district server yet');
      return keyFile;
    },

    async openWithSafeStorage(kf) {
      if (opened || kf.protection.kind !== 'safeStorage') return;
      if (!o.safeStorage)
        throw new IpcError(
          'KEY_PROTECTION_UNAVAILABLE',
          'this workstation’s key is protected by the operating system keychain: start White Cross in its desktop (Electron) mode',
        );
      let key: Buffer;
      try {
        key = o.safeStorage.unwrap(kf.protection.wrapped);
      } catch (e) {
        throw new IpcError('KEY_PROTECTION_UNAVAILABLE', e instanceof Error ? e.message : String(e));
      }
      try {
        opened = await o.open(key, kf);
      } finally {
        key.fill(0);
      }
    },

    async openWithPassword(kf, email, password, previousPassword) {
      if (opened || kf.protection.kind !== 'passphrase') return { rewrap: false };
      const slot = kf.protection.slots.find((s) => s.email.toLowerCase() === email.toLowerCase());
      if (!slot)
        throw new IpcError(
          'NO_KEY_SLOT',
          'this workstation’s database is protected by another nurse’s password: that nurse signs in first, then you can',
          'email',
        );
      const aad = slotAad(kf.deviceId, slot.userId);
      let key: Buffer;
      let rewrap = false;
      try {
        key = await o.passphrase.unwrap(slot, password, aad);
      } catch (e) {
        if (!(e instanceof KeyUnwrapError)) throw e;
        if (previousPassword === undefined) {
          // a changed password (the server accepts it) or a wrong one?
          const serverAccepts = await o
            .remote(kf.serverUrl)
            .login({ email, password })
            .then(
              () => true,
              () => false,
            );
          if (serverAccepts)
            throw new IpcError(
              'KEY_SLOT_STALE',
              'your password changed on the district server: enter your previous password once to re-protect this workstation',
              'previousPassword',
            );
          throw new IpcError('INVALID_CREDENTIALS', 'email or password is incorrect', 'password');
        }
        try {
          key = await o.passphrase.unwrap(slot, previousPassword, aad);
          rewrap = true;
        } catch (e2) {
          if (e2 instanceof KeyUnwrapError)
            throw new IpcError(
              'INVALID_CREDENTIALS',
              'that is not the previous password either',
              'previousPassword',
            );
          throw e2;
        }
      }
      try {
        opened = await o.open(key, kf);
      } catch (e) {
        key.fill(0);
        throw e;
      }
      forgetKey();
      heldKey = key; // kept while the records are open, to add the slots of other nurses who sign in
      return { rewrap };
    },

    async refreshSlot(user, password, rewrap) {
      const kf = keyFile;
      if (!kf || kf.protection.kind !== 'passphrase' || !heldKey) return;
      const slot = kf.protection.slots.find((s) => s.userId === user.id);
      let current = false;
      if (slot && !rewrap) {
        try {
          (await o.passphrase.unwrap(slot, password, slotAad(kf.deviceId, slot.userId))).fill(0);
          current = true;
        } catch {
          current = false;
        }
      }
      if (current) return;
      keyFile = withSlot(
        kf,
        await o.passphrase.wrap(
          heldKey,
          password,
          { userId: user.id, email: user.email },
          slotAad(kf.deviceId, user.id),
          new Date(o.now()),
        ),
      );
      writeKeyFile(o.dataDir, keyFile);
    },

    assertUsable() {
      if (keyFile) throw new IpcError('ALREADY_ENROLLED', 'this workstation is already enrolled');
      if (o.newProtection !== 'safeStorage') return;
      try {
        if (!o.safeStorage)
          throw new Error('the operating system keychain is not available here: use passphrase mode');
        o.safeStorage.assertUsable();
      } catch (e) {
        throw new IpcError('KEY_PROTECTION_UNAVAILABLE', e instanceof Error ? e.message : String(e));
      }
    },

    async create(kf0, nurse, init) {
      if (existsSync(dbFile)) renameSync(dbFile, `${dbFile}.abandoned-${o.now()}`);
      const key = randomBytes(32);
      try {
        const records = await o.open(key, kf0);
        opened = records;
        const initialized = await init(records);
        const protection: KeyFile['protection'] =
          o.newProtection === 'safeStorage' && o.safeStorage
            ? { kind: 'safeStorage', wrapped: o.safeStorage.wrap(key) }
            : {
                kind: 'passphrase',
                slots: [
                  await o.passphrase.wrap(
                    key,
                    nurse.password,
                    { userId: nurse.id, email: nurse.email },
                    slotAad(kf0.deviceId, nurse.id),
                    new Date(o.now()),
                  ),
                ],
              };
        keyFile = { ...kf0, protection };
        writeKeyFile(o.dataDir, keyFile);
        if (protection.kind === 'passphrase') heldKey = Buffer.from(key);
        return { records, init: initialized };
      } finally {
        key.fill(0);
      }
    },

    async closeIfPassphrase() {
      if (keyFile?.protection.kind !== 'passphrase') return;
      forgetKey();
      await closeRecords();
    },

    async close() {
      forgetKey();
      await closeRecords();
    },
  };
}
