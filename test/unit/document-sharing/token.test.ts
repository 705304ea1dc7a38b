import { describe, expect, it } from 'vitest';
import { shareSecretHash } from '../../../server-sync/document-sharing';
import {
  isShareSecret,
  parseShareAccessToken,
  SHARE_TOKEN_PREFIX,
  shareAccessToken,
} from '../../../src-shared/document-sharing';

const PUBLIC_ID = 'Ab3dEf6hIj9lMn2pQr5tUv';
const SECRET = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';

describe('share links', () => {
  it('writes and reads the public access token', () => {
    expect(SHARE_TOKEN_PREFIX).toBe('shr_');
    const token = shareAccessToken(PUBLIC_ID);
    expect(token).toBe(`shr_${PUBLIC_ID}`);
    expect(parseShareAccessToken(token)).toBe(PUBLIC_ID);
  });

  it('refuses what is not a token, without echoing it', () => {
    expect(() => shareAccessToken('short')).toThrow(/22 letters or digits/);
    for (const bad of [
      '',
      PUBLIC_ID,
      `rpt_${PUBLIC_ID}`,
      `shr_${PUBLIC_ID}x`,
      `shr_${PUBLIC_ID.slice(1)}/`,
    ]) {
      expect(() => parseShareAccessToken(bad)).toThrow(/not a share access token/);
      try {
        parseShareAccessToken(bad);
      } catch (e) {
        if (bad !== '') expect(String(e)).not.toContain(bad);
      }
    }
  });

  it('stores only the SHA-256 of the secret (known answer)', () => {
    expect(isShareSecret(SECRET)).toBe(true);
    expect(shareSecretHash(SECRET)).toBe('993ba29ec99bb3e5b648211f5bb05a18d756d6289f89ab07b403b692dc836da3');
    expect(isShareSecret(SECRET.slice(1))).toBe(false);
    expect(() => shareSecretHash('too short')).toThrow(/43 characters/);
  });
});
