import { createHash } from 'node:crypto';
import { isShareSecret } from '../../src-shared/document-sharing';

/** document_access_tokens.token_hash: SHA-256 hex of the share link's secret (the secret itself is never stored). */
export function shareSecretHash(secret: string): string {
  if (!isShareSecret(secret)) throw new Error('a share secret is 43 characters of base64url');
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
