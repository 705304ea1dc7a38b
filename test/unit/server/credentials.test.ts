import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  enrollmentCodeHash,
  newEnrollmentCode,
  normalizeEnrollmentCode,
} from '../../../server-sync/admin/enrollment';
import { hashSecret, verifyAgainstDummy, verifySecret } from '../../../server-sync/auth/passwords';
import {
  newOpaqueToken,
  sha256Hex,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  TokenKeys,
} from '../../../server-sync/auth/tokens';
import { safeErrorForLog } from '../../../server-sync/plugins/errors';

const SECRET = 'unit-test-secret-unit-test-secret-0123';
const input = {
  userId: 'u1',
  deviceId: 'd1',
  role: 'NURSE' as const,
  schoolIds: ['s1'],
  districtId: 'x1',
  familyId: 'f1',
};

describe('credentials', () => {
  it('hashes passwords with argon2id and verifies them', async () => {
    const h = await hashSecret('correct horse battery staple');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifySecret(h, 'correct horse battery staple')).toBe(true);
    expect(await verifySecret(h, 'wrong')).toBe(false);
    expect(await verifySecret('not a hash', 'x')).toBe(false);
    expect(await verifyAgainstDummy('x')).toBe(false);
  });

  it('signs HS256 access tokens that expire with the clock, and refuses a wrong key, audience or algorithm', async () => {
    const keys = new TokenKeys(SECRET, 900);
    const now = new Date('2026-11-20T12:00:00Z');
    const { token, jti, expiresAt } = await keys.sign(input, now);
    expect(expiresAt.toISOString()).toBe('2026-11-20T12:15:00.000Z');
    const ok = await keys.verify(token, new Date(now.getTime() + 899_000));
    expect(ok).toMatchObject({
      ok: true,
      claims: {
        sub: 'u1',
        did: 'd1',
        role: 'NURSE',
        sch: ['s1'],
        dis: 'x1',
        fam: 'f1',
        jti,
      },
    });
    expect(await keys.verify(token, new Date(now.getTime() + 900_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(await new TokenKeys('another-secret-another-secret-0123', 900).verify(token, now)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const key = new TextEncoder().encode(SECRET);
    const wrongAud = await new SignJWT({ ...input })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience('other')
      .setExpirationTime('1h')
      .sign(key);
    expect((await keys.verify(wrongAud, new Date())).ok).toBe(false);
    const [, payload] = token.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect(await keys.verify(unsigned, now)).toEqual({ ok: false, reason: 'invalid' });
    const noClaims = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setExpirationTime('1h')
      .sign(key);
    expect(await keys.verify(noClaims, new Date())).toEqual({ ok: false, reason: 'invalid' });
    expect(() => new TokenKeys('short', 900)).toThrow(/at least 32/);
  });

  it('makes opaque tokens and enrollment codes that are stored only as hashes', () => {
    expect(newOpaqueToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newOpaqueToken()).not.toBe(newOpaqueToken());
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const code = newEnrollmentCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(normalizeEnrollmentCode(` ${code.toLowerCase()} `)).toBe(code.replace(/-/g, ''));
    expect(enrollmentCodeHash(code.toLowerCase().replace(/-/g, ' '))).toBe(enrollmentCodeHash(code));
  });

  it('logs an unexpected error without the driver detail that quotes row values', () => {
    const e = Object.assign(new Error('duplicate key value violates unique constraint "x_key"'), {
      code: '23505',
      constraint: 'x_key',
      detail: 'Key (name)=(Jane Doe) already exists.',
    });
    const logged = safeErrorForLog(e);
    expect(logged).toMatchObject({ code: '23505', constraint: 'x_key', type: 'Error' });
    expect(JSON.stringify(logged)).not.toContain('Jane Doe');
  });
});
