import type { UserRole } from '../../src-shared/enums';

/**
 * Who is calling, as proven by the access token. School ids come from here, never from a request body.
 * Set on `request.auth` by the auth plugin for every authenticated route; null on public routes.
 */
export interface AuthContext {
  readonly userId: string;
  readonly districtId: string;
  readonly role: UserRole;
  /** Schools the user may see (user_schools; every school of the district for DISTRICT_ADMIN, BILLING, AUDITOR). */
  readonly schoolIds: readonly string[];
  /** The enrolled workstation the token is bound to, if any. Sync routes require it. */
  readonly deviceId: string | null;
  /** The access token's id (jti), for audit and revocation. */
  readonly tokenId: string;
  /** The login session (refresh-token family) the access token belongs to; logout revokes it. */
  readonly sessionId?: string;
  /** How the caller proved who they are: a bearer access token, or the district console's session cookie. */
  readonly via?: 'bearer' | 'cookie';
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}
