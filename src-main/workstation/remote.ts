import { z } from 'zod';

/**
 * The workstation's calls to the district server outside sync: device enrollment, sign-in (login, refresh,
 * logout) and conflict resolution. Every answer is validated; errors say whether the server could not be reached
 * (the caller falls back to offline) or refused (the caller shows why).
 */

export const remoteTokens = z.object({
  accessToken: z.string().min(1),
  expiresIn: z.number().int().positive(),
  refreshToken: z.string().min(1),
  refreshExpiresAt: z.string(),
  deviceId: z.string().nullable(),
  user: z.object({
    id: z.string().min(1),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    role: z.enum(['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN', 'BILLING', 'AUDITOR']),
    districtId: z.string(),
    schoolIds: z.array(z.string()),
  }),
  /**
   * The district's workstation policy (server-sync/admin/workstation-policy.ts). Absent from an older server, and
   * a value this workstation does not understand is ignored rather than refusing the sign-in: either way the
   * workstation keeps what it stored last.
   */
  workstationPolicy: z
    .object({ autoLockMinutes: z.number().int().min(1).max(240) })
    .optional()
    .catch(undefined),
});
export type RemoteTokens = z.infer<typeof remoteTokens>;

const enrolled = z.object({
  deviceId: z.string().min(1),
  deviceSecret: z.string().min(1),
  schoolId: z.string().min(1),
});
export type RemoteEnrollment = z.infer<typeof enrolled>;

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
  readonly timeoutMs?: number;
}

export interface DistrictRemote {
  enroll(code: string, name: string, platform: 'WINDOWS' | 'MACOS' | 'LINUX'): Promise<RemoteEnrollment>;
  login(body: {
    email: string;
    password: string;
    deviceId?: string;
    deviceSecret?: string;
  }): Promise<RemoteTokens>;
  refresh(refreshToken: string): Promise<RemoteTokens>;
  logout(accessToken: string): Promise<void>;
  resolveConflict(
    accessToken: string,
    id: string,
    body: { resolution: 'KEPT_WINNER' | 'APPLIED_LOSER'; reason: string },
  ): Promise<void>;
  /** GET /health: true when the server answers. */
  reachable(): Promise<boolean>;
}

export function districtRemote(serverUrl: string, options: RemoteOptions = {}): DistrictRemote {
  const base = serverUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

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
      const b = (json ?? {}) as { error?: unknown; code?: unknown; message?: unknown };
      const code = typeof b.code === 'string' ? b.code : typeof b.error === 'string' ? b.error : null;
      const message = typeof b.message === 'string' ? b.message : text.slice(0, 200) || res.statusText;
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
      parse(enrolled, await call('POST', '/devices/enroll', { code, name, platform }), 'enrollment'),
    login: async (body) => parse(remoteTokens, await call('POST', '/auth/login', body), 'sign-in'),
    refresh: async (refreshToken) =>
      parse(remoteTokens, await call('POST', '/auth/refresh', { refreshToken }), 'token refresh'),
    logout: async (accessToken) => {
      await call('POST', '/auth/logout', undefined, accessToken);
    },
    resolveConflict: async (accessToken, id, body) => {
      await call('POST', `/sync/conflicts/${encodeURIComponent(id)}/resolve`, body, accessToken);
    },
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
