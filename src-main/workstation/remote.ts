import { z } from 'zod';
import {
  adminEndpoints,
  enrollResponse,
  workstationPolicy,
  type DevicePlatform,
  type EnrollResponse,
} from '../../src-shared/api/admin';
import { authEndpoints, tokenResponse, type LoginRequest } from '../../src-shared/api/auth';
import { apiErrorBody } from '../../src-shared/api/errors';
import { queryResponse } from '../../src-shared/api/registry';

/**
 * The workstation's calls to the district server outside sync: device enrollment, sign-in (login, refresh,
 * logout) and conflict resolution. Every answer is validated; errors say whether the server could not be reached
 * (the caller falls back to offline) or refused (the caller shows why).
 */

/**
 * The token answer of /auth/login and /auth/refresh (the shared contract, src-shared/api/auth.ts), read tolerantly:
 * `tokenType` may be absent, and the district's workstation policy (src-shared/api/admin.ts) is absent from an older
 * server; a policy this workstation does not understand is ignored rather than refusing the sign-in (either way the
 * workstation keeps what it stored last), and keys it does not know are dropped.
 */
export const remoteTokens = tokenResponse.extend({
  tokenType: tokenResponse.shape.tokenType.optional(),
  workstationPolicy: z.object(workstationPolicy.shape).optional().catch(undefined),
});
export type RemoteTokens = z.infer<typeof remoteTokens>;
export type RemoteEnrollment = EnrollResponse;

/**
 * A refusal as far as this workstation reads it: the contract's `{ error, message }` (src-shared/api/errors.ts); an
 * older server or a proxy may send `code` instead, a field of another type, or no JSON at all.
 */
const refusal = z
  .object({
    error: apiErrorBody.shape.error.optional().catch(undefined),
    code: z.string().optional().catch(undefined),
    message: apiErrorBody.shape.message.optional().catch(undefined),
  })
  .catch({});

/** unreachable: network error, timeout, 5xx (try offline); refused: the server said no (4xx). */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  constructor(
    readonly kind: 'unreachable' | 'refused',
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export interface RemoteOptions {
  readonly fetch?: typeof fetch;
  /** Per request (default REMOTE_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

/** A district server that has not answered a sign-in or token refresh in this time is taken as offline. */
export const REMOTE_TIMEOUT_MS = 8_000;

export interface DistrictRemote {
  enroll(code: string, name: string, platform: DevicePlatform): Promise<RemoteEnrollment>;
  login(body: LoginRequest): Promise<RemoteTokens>;
  refresh(refreshToken: string): Promise<RemoteTokens>;
  logout(accessToken: string): Promise<void>;
  resolveConflict(
    accessToken: string,
    id: string,
    body: { resolution: 'KEPT_WINNER' | 'APPLIED_LOSER'; reason: string },
  ): Promise<void>;
  /** POST /registry/students/:id/query: the state registry's record of a student, reconciled (nothing added). */
  queryRegistry(accessToken: string, studentId: string, profile: 'Z34' | 'Z44'): Promise<RegistryQueryAnswer>;
  /** GET /health: true when the server answers. */
  reachable(): Promise<boolean>;
}

export type RegistryQueryAnswer = z.infer<typeof queryResponse>;

export function districtRemote(serverUrl: string, options: RemoteOptions = {}): DistrictRemote {
  const base = serverUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? REMOTE_TIMEOUT_MS;

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new RemoteError(
        'unreachable',
        `cannot reach the district server at ${base} (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    const text = await res.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const known = refusal.parse(json);
      const code = known.code ?? known.error ?? null;
      const message = known.message ?? (text.slice(0, 200) || res.statusText);
      throw new RemoteError(
        res.status >= 500 || res.status === 408 || res.status === 429 ? 'unreachable' : 'refused',
        message,
        res.status,
        code,
      );
    }
    return json;
  }

  const parse = <T>(schema: z.ZodType<T>, v: unknown, what: string): T => {
    const r = schema.safeParse(v);
    if (!r.success)
      throw new RemoteError('refused', `the district server's answer to ${what} is not understood`);
    return r.data;
  };

  return {
    enroll: async (code, name, platform) =>
      parse(
        enrollResponse,
        await call(adminEndpoints.enroll.method, adminEndpoints.enroll.path, { code, name, platform }),
        'enrollment',
      ),
    login: async (body) =>
      parse(remoteTokens, await call(authEndpoints.login.method, authEndpoints.login.path, body), 'sign-in'),
    refresh: async (refreshToken) =>
      parse(
        remoteTokens,
        await call(authEndpoints.refresh.method, authEndpoints.refresh.path, { refreshToken }),
        'token refresh',
      ),
    logout: async (accessToken) => {
      await call(authEndpoints.logout.method, authEndpoints.logout.path, undefined, accessToken);
    },
    resolveConflict: async (accessToken, id, body) => {
      await call('POST', `/sync/conflicts/${encodeURIComponent(id)}/resolve`, body, accessToken);
    },
    queryRegistry: async (accessToken, studentId, profile) =>
      parse(
        queryResponse,
        await call(
          'POST',
          `/registry/students/${encodeURIComponent(studentId)}/query`,
          { profile },
          accessToken,
        ),
        'the registry query',
      ),
    reachable: async () => {
      try {
        await call('GET', '/health');
        return true;
      } catch (e) {
        return e instanceof RemoteError && e.kind === 'refused';
      }
    },
  };
}
