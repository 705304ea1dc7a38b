import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ServerDb } from '../db/connect';

/**
 * The registry's credentials, kept where registry_connections.credential_vault_key points: a registry_credentials
 * row (migration 0036) with the user name in clear and the password and the client certificate's private key
 * encrypted with AES-256-GCM under the server's key-encryption key (WHITE_CROSS_KEK, or the data folder's kek
 * outside production). The database alone never opens them.
 */

export interface RegistrySecrets {
  readonly password: string;
  /** PEM of the private key of the district's client certificate (mutual TLS), where the state requires one. */
  readonly clientKeyPem: string | null;
}

const sealed = z.strictObject({ v: z.literal(1), iv: z.string(), tag: z.string(), ct: z.string() });
const secrets = z.strictObject({ password: z.string(), clientKeyPem: z.string().nullable() });

export class CredentialError extends Error {
  override name = 'CredentialError';
}

/** The sealed box's JSON (a fresh random nonce unless one is given: the demo seed's are drawn from its seed). */
export function sealRegistrySecrets(
  kek: Uint8Array,
  s: RegistrySecrets,
  iv: Uint8Array = randomBytes(12),
): string {
  return JSON.stringify(seal(kek, s, iv));
}

function seal(kek: Uint8Array, s: RegistrySecrets, iv: Uint8Array): z.infer<typeof sealed> {
  if (kek.length !== 32) throw new CredentialError('the key-encryption key must be 32 bytes');
  if (iv.length !== 12) throw new CredentialError('the nonce must be 12 bytes');
  const c = createCipheriv('aes-256-gcm', kek, iv);
  const ct = Buffer.concat([c.update(JSON.stringify(s), 'utf8'), c.final()]);
  return {
    v: 1,
    iv: Buffer.from(iv).toString('base64'),
    tag: c.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
}

function open(kek: Uint8Array, vaultKey: string, raw: unknown): RegistrySecrets {
  const box = sealed.safeParse(typeof raw === 'string' ? JSON.parse(raw) : raw);
  if (!box.success)
    throw new CredentialError(`registry_credentials ${vaultKey}: the secret is not a sealed box`);
  try {
    const d = createDecipheriv('aes-256-gcm', kek, Buffer.from(box.data.iv, 'base64'));
    d.setAuthTag(Buffer.from(box.data.tag, 'base64'));
    const text = Buffer.concat([d.update(Buffer.from(box.data.ct, 'base64')), d.final()]).toString('utf8');
    return secrets.parse(JSON.parse(text));
  } catch {
    throw new CredentialError(
      `registry_credentials ${vaultKey}: the secret does not open with this key-encryption key (wrong KEK or altered data)`,
    );
  }
}

export async function storeRegistryCredentials(
  db: ServerDb,
  kek: Uint8Array,
  c: { vaultKey: string; districtId: string; username: string | null; secrets: RegistrySecrets; at: Date },
): Promise<void> {
  const secret = sealRegistrySecrets(kek, c.secrets);
  await db
    .insertInto('registry_credentials')
    .values({
      vault_key: c.vaultKey,
      district_id: c.districtId,
      username: c.username,
      secret,
      created_at: c.at,
      updated_at: c.at,
    })
    .onConflict((oc) =>
      oc.column('vault_key').doUpdateSet({ username: c.username, secret, updated_at: c.at }),
    )
    .execute();
}

export interface RegistryCredentials extends RegistrySecrets {
  readonly username: string;
}

/** The credentials a connection names; a connection without a vault key sends empty ones (some test IIS take them). */
export async function loadRegistryCredentials(
  db: ServerDb,
  kek: Uint8Array | null,
  vaultKey: string | null,
): Promise<RegistryCredentials> {
  if (!vaultKey) return { username: '', password: '', clientKeyPem: null };
  const row = await db
    .selectFrom('registry_credentials')
    .select(['username', 'secret'])
    .where('vault_key', '=', vaultKey)
    .executeTakeFirst();
  if (!row) throw new CredentialError(`no registry credentials are stored under '${vaultKey}'`);
  if (!kek)
    throw new CredentialError(
      `the registry credentials '${vaultKey}' need the key-encryption key (WHITE_CROSS_KEK)`,
    );
  return { username: row.username ?? '', ...open(kek, vaultKey, row.secret) };
}
