import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { UserRole } from '../../src-shared/enums';

/**
 * Access tokens: JWT HS256, short-lived. Claims: sub (user id), did (device id or null), role,
 * sch (school ids), dis (district id), fam (the refresh-token family = the login session), jti, iat, exp.
 * Refresh tokens: opaque random strings; only their SHA-256 is stored (auth_refresh_tokens.token_hash).
 */

export const TOKEN_ISSUER = 'white-cross';
export const TOKEN_AUDIENCE = 'white-cross-api';

const claims = z.object({
  sub: z.string().min(1),
  jti: z.string().min(1),
  did: z.string().min(1).nullable(),
  role: z.enum(UserRole),
  sch: z.array(z.string().min(1)),
  dis: z.string().min(1),
  fam: z.string().min(1),
  exp: z.number().int(),
});
export type AccessClaims = z.infer<typeof claims>;

export interface AccessTokenInput {
  readonly userId: string;
  readonly deviceId: string | null;
  readonly role: UserRole;
  readonly schoolIds: readonly string[];
  readonly districtId: string;
  readonly familyId: string;
}

export class TokenKeys {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    readonly accessTtlSeconds: number,
  ) {
    if (secret.length < 32) throw new Error('JWT secret must be at least 32 characters');
    this.key = new TextEncoder().encode(secret);
  }

  async sign(input: AccessTokenInput, now: Date): Promise<{ token: string; jti: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const jti = randomUUID();
    const token = await new SignJWT({
      did: input.deviceId,
      role: input.role,
      sch: [...input.schoolIds],
      dis: input.districtId,
      fam: input.familyId,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(input.userId)
      .setJti(jti)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.accessTtlSeconds)
      .sign(this.key);
    return { token, jti, expiresAt: new Date((iat + this.accessTtlSeconds) * 1000) };
  }

  /** The token's claims, or why it is refused ('expired' or 'invalid'). */
  async verify(
    token: string,
    now: Date,
  ): Promise<{ ok: true; claims: AccessClaims } | { ok: false; reason: 'expired' | 'invalid' }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        currentDate: now,
        clockTolerance: 0,
      });
      const parsed = claims.safeParse(payload);
      return parsed.success ? { ok: true, claims: parsed.data } : { ok: false, reason: 'invalid' };
    } catch (e) {
      return { ok: false, reason: e instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}

/** A new opaque secret (refresh token, device secret): 32 random bytes, base64url. */
export const newOpaqueToken = (): string => randomBytes(32).toString('base64url');

/** SHA-256 hex, how refresh tokens and enrollment codes are stored. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');
