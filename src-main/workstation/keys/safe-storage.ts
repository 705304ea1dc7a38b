import {
  DB_KEY_BYTES,
  KeyProtectionError,
  type SafeStorageLike,
  type SafeStorageProtector,
} from './protector';

/**
 * The database key wrapped by Electron's safeStorage (DPAPI on Windows, the Keychain on macOS, libsecret or
 * kwallet on Linux). On Linux, safeStorage falls back to 'basic_text' when no keyring is available: the key would
 * then be "encrypted" with a constant, so it is refused and the nurse is told to choose passphrase mode.
 */
export function safeStorageProtector(
  safe: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SafeStorageProtector {
  const assertUsable = (): void => {
    if (!safe.isEncryptionAvailable())
      throw new KeyProtectionError(
        'the operating system cannot protect the database key (safeStorage is unavailable): use passphrase mode',
      );
    if (platform === 'linux') {
      const backend = safe.getSelectedStorageBackend?.() ?? 'unknown';
      if (backend === 'basic_text' || backend === 'unknown')
        throw new KeyProtectionError(
          `no keyring protects the database key on this Linux desktop (safeStorage backend "${backend}"): ` +
            'install/unlock GNOME Keyring or KWallet, or start White Cross in passphrase mode',
        );
    }
  };
  return Object.freeze({
    kind: 'safeStorage' as const,
    assertUsable,
    wrap: (key: Uint8Array) => {
      assertUsable();
      if (key.length !== DB_KEY_BYTES) throw new KeyProtectionError(`the key must be ${DB_KEY_BYTES} bytes`);
      return safe.encryptString(Buffer.from(key).toString('base64')).toString('base64');
    },
    unwrap: (wrapped: string) => {
      assertUsable();
      let text: string;
      try {
        text = safe.decryptString(Buffer.from(wrapped, 'base64'));
      } catch (e) {
        throw new KeyProtectionError(
          `the operating system could not unwrap the database key (${e instanceof Error ? e.message : String(e)}): ` +
            'was this data directory copied from another computer or user account?',
        );
      }
      const key = Buffer.from(text, 'base64');
      if (key.length !== DB_KEY_BYTES)
        throw new KeyProtectionError(
          'the unwrapped database key has the wrong length: the key file is damaged',
        );
      return key;
    },
  });
}
