import { z } from 'zod';

/**
 * HTTP for the OneRoster REST client: the OAuth 2.0 client-credentials token (RFC 6749 4.4, the client
 * authenticating with HTTP Basic as OneRoster 1.2 requires), and one GET that survives what real services do: a 401
 * on an expired token (a new token, once), a 429 (Retry-After honoured, in seconds or as an HTTP date), a 5xx or a
 * dropped connection (retried with doubling back-off, then a clear error). Nothing is returned half-read.
 */

export interface RestCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface RetryPolicy {
  /** Retries of a 5xx or network failure before giving up (default 3). */
  readonly retries: number;
  /** First back-off in ms, doubled per retry (default 1000). */
  readonly backoffMs: number;
  /** 429s in a row honoured before giving up (default 5). */
  readonly maxRateLimited: number;
  /** Longest Retry-After honoured, in seconds (default 300): a longer one fails the sync rather than hang. */
  readonly maxRetryAfterSeconds: number;
  /** Per-request timeout in ms (default 60 000). */
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 3,
  backoffMs: 1000,
  maxRateLimited: 5,
  maxRetryAfterSeconds: 300,
  timeoutMs: 60_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => new Date(),
};

export class RosterSourceError extends Error {
  override readonly name = 'RosterSourceError';
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'must be "bearer"'),
  expires_in: z.number().int().positive().optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

const describe = (e: unknown): string => {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
};

async function send(url: string, init: RequestInit, p: RetryPolicy): Promise<Response> {
  return fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(p.timeoutMs) });
}

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); 1 when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: Date): number {
  if (!header) return 1;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const at = Date.parse(t);
  return Number.isNaN(at) ? 1 : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** A token from the token endpoint; a refusal names the status and the service's `error`. */
export async function requestToken(
  tokenUrl: string,
  creds: RestCredentials,
  scope: string,
  p: RetryPolicy = DEFAULT_RETRY,
): Promise<TokenResponse> {
  const basic = Buffer.from(
    `${encodeURIComponent(creds.clientId)}:${encodeURIComponent(creds.clientSecret)}`,
  ).toString('base64');
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope) form.set('scope', scope);
  let r: Response;
  try {
    r = await send(
      tokenUrl,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
      },
      p,
    );
  } catch (e) {
    throw new RosterSourceError(`token endpoint ${tokenUrl}: ${describe(e)}`);
  }
  const text = await r.text();
  if (!r.ok) {
    let reason = '';
    try {
      const j = JSON.parse(text) as { error?: unknown; error_description?: unknown };
      reason = [j.error, j.error_description].filter((x) => typeof x === 'string').join(': ');
    } catch {
      reason = text.slice(0, 200);
    }
    throw new RosterSourceError(
      `token endpoint ${tokenUrl}: HTTP ${r.status}${reason ? ` (${reason})` : ''}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RosterSourceError(`token endpoint ${tokenUrl}: the answer is not JSON`);
  }
  const parsed = tokenResponse.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new RosterSourceError(
      `token endpoint ${tokenUrl}: field ${i?.path.map(String).join('.') || '(body)'}: ${i?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** Holds the bearer token: fetched on first use, renewed when the service answers 401 (once per request). */
export class TokenHolder {
  private token: string | null = null;
  /** How many tokens were fetched (the test of "401 → a new token, once" reads it). */
  fetched = 0;
  constructor(
    private readonly tokenUrl: string,
    private readonly creds: RestCredentials,
    private readonly scope: string,
    private readonly p: RetryPolicy,
  ) {}
  async get(renew = false): Promise<string> {
    if (this.token === null || renew) {
      this.token = (await requestToken(this.tokenUrl, this.creds, this.scope, this.p)).access_token;
      this.fetched += 1;
    }
    return this.token;
  }
}

/**
 * GET a JSON resource with the bearer token: 401 → a new token and one more try (a second 401 is an error);
 * 429 → waits Retry-After (up to maxRateLimited times); 5xx or a network failure → back-off and retry (up to
 * `retries`), then an error naming `what`, the status and the attempts. Other statuses fail at once.
 */
export async function getJson(
  url: string,
  tokens: TokenHolder,
  what: string,
  p: RetryPolicy,
): Promise<{ body: unknown; headers: Headers }> {
  let renewed = false;
  let failures = 0;
  let limited = 0;
  for (;;) {
    const token = await tokens.get();
    let r: Response | null = null;
    let failure: string;
    try {
      r = await send(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, p);
      failure = `HTTP ${r.status}`;
    } catch (e) {
      failure = describe(e);
    }
    if (r?.ok) {
      const text = await r.text();
      try {
        return { body: JSON.parse(text) as unknown, headers: r.headers };
      } catch {
        throw new RosterSourceError(`${what}: the answer is not JSON`);
      }
    }
    if (r?.status === 401) {
      await r.text();
      if (renewed)
        throw new RosterSourceError(`${what}: HTTP 401 again with a new token (the client is refused)`);
      renewed = true;
      await tokens.get(true);
      continue;
    }
    if (r?.status === 429) {
      await r.text();
      limited += 1;
      const wait = retryAfterSeconds(r.headers.get('retry-after'), p.now());
      if (limited > p.maxRateLimited)
        throw new RosterSourceError(`${what}: HTTP 429 ${limited} times in a row (rate limited), giving up`);
      if (wait > p.maxRetryAfterSeconds)
        throw new RosterSourceError(
          `${what}: HTTP 429 with Retry-After ${wait} s (longer than ${p.maxRetryAfterSeconds} s), giving up`,
        );
      await p.sleep(wait * 1000);
      continue;
    }
    if (r && r.status < 500) {
      const text = (await r.text()).slice(0, 200);
      throw new RosterSourceError(`${what}: HTTP ${r.status}${text ? ` (${text})` : ''}`);
    }
    if (r) await r.text();
    failures += 1;
    if (failures > p.retries)
      throw new RosterSourceError(
        `${what}: ${failure} after ${failures} attempts, giving up (nothing was applied)`,
      );
    await p.sleep(p.backoffMs * 2 ** (failures - 1));
  }
}
