/**
 * The database key: 32 random bytes (SQLCipher raw key), never stored in the clear. A KeyProtector wraps it for
 * the key file (`<data dir>/workstation.json`) and unwraps it at sign-in or launch.
 *
 * - safeStorage (Electron): the OS keychain (DPAPI, macOS Keychain, libsecret/kwallet). No password is needed to
 *   unwrap. Linux's 'basic_text' backend (a hard-coded key) is refused unless the nurse chose passphrase mode.
 * - passphrase: one key slot per nurse, the key wrapped with AES-256-GCM under a key derived from the nurse's
 *   password with argon2id. Used by browser mode (no Electron) and on Linux without a keyring.
 */

export type KeyProtection = 'safeStorage' | 'passphrase';

/** The part of Electron's `safeStorage` the workstation uses (Electron's object satisfies it). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'. */
  getSelectedStorageBackend?(): string;
}

export class KeyProtectionError extends Error {
  override readonly name = 'KeyProtectionError';
}

/** Wrong password for a passphrase slot (the AES-GCM tag did not verify). */
export class KeyUnwrapError extends Error {
  override readonly name = 'KeyUnwrapError';
}

export const DB_KEY_BYTES = 32;

/** A passphrase key slot: the database key wrapped under argon2id(password, salt), AES-256-GCM. */
export interface PassphraseSlot {
  readonly userId: string;
  readonly email: string;
  readonly kdf: {
    readonly alg: 'argon2id';
    readonly memoryKiB: number;
    readonly passes: number;
    readonly lanes: number;
    /** base64 */
    readonly salt: string;
  };
  /** base64 */
  readonly iv: string;
  /** base64 (ciphertext || 16-byte tag) */
  readonly wrapped: string;
  readonly updatedAt: string;
}

export interface SafeStorageProtector {
  readonly kind: 'safeStorage';
  /** Throws KeyProtectionError when safeStorage cannot protect the key here (no keyring, basic_text). */
  assertUsable(): void;
  /** The key wrapped by the OS keychain, base64. */
  wrap(key: Uint8Array): string;
  unwrap(wrapped: string): Buffer;
}

export interface PassphraseProtector {
  readonly kind: 'passphrase';
  assertUsable(): void;
  /** A slot for this nurse; `aad` binds it to the device and the nurse (a slot cannot be moved). */
  wrap(
    key: Uint8Array,
    passphrase: string,
    who: { userId: string; email: string },
    aad: string,
    now: Date,
  ): Promise<PassphraseSlot>;
  /** Throws KeyUnwrapError on a wrong passphrase. */
  unwrap(slot: PassphraseSlot, passphrase: string, aad: string): Promise<Buffer>;
}

export type KeyProtector = SafeStorageProtector | PassphraseProtector;
