/**
 * A secure share link carries two parts: the public access token ('shr_' + 22 letters or digits), which names
 * the share (document_access_tokens.access_token), and a secret of 43 characters (256 bits in base64url or
 * base62), which only the recipient holds; the server keeps only the secret's hash.
 */

export const SHARE_TOKEN_PREFIX = 'shr_';
const PUBLIC_ID = /^[A-Za-z0-9]{22}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The access token of a share's public id. */
export function shareAccessToken(publicId: string): string {
  if (!PUBLIC_ID.test(publicId)) throw new Error('a share public id is 22 letters or digits');
  return `${SHARE_TOKEN_PREFIX}${publicId}`;
}

/** The public id of an access token; anything else is an error (without echoing the value, which may be a secret). */
export function parseShareAccessToken(token: string): string {
  const id = token.startsWith(SHARE_TOKEN_PREFIX) ? token.slice(SHARE_TOKEN_PREFIX.length) : '';
  if (!PUBLIC_ID.test(id))
    throw new Error(`not a share access token ('${SHARE_TOKEN_PREFIX}' + 22 letters or digits)`);
  return id;
}

/** Whether a string has the shape of a share secret (43 characters of base64url). */
export const isShareSecret = (secret: string): boolean => SECRET.test(secret);
