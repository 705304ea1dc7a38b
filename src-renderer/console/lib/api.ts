import type { z } from 'zod';
import { apiErrorBody } from '../../../src-shared/api/errors';
import { CSRF_HEADER } from '../../../src-shared/api/console';

/**
 * The console's one way to the district server: same-origin fetch, the session in its HttpOnly cookie (the browser
 * sends it; no script reads it), the CSRF token (kept in memory only, from the sign-in answer) on every change, and
 * every answer checked against the contract's zod schema.
 */

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** messages by field path, from a 400's issues */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;
let onSignedOut: (() => void) | undefined;

/** Set after sign-in (and after a reload, from GET /console/session). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}
/** Called when the server answers 401: the session ended (signed out elsewhere, expired, revoked). */
export function onSessionEnded(fn: (() => void) | undefined): void {
  onSignedOut = fn;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  options: {
    body?: unknown;
    /** A file sent as it is (an upload), instead of a JSON body. */
    raw?: { data: Blob; contentType: string };
    query?: Record<string, string | number | undefined>;
    quiet401?: boolean;
  } = {},
): Promise<z.infer<S>> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined && v !== '') q.set(k, String(v));
  const url = `${path}${q.size ? `?${q.toString()}` : ''}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.raw) headers['content-type'] = options.raw.contentType;
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.raw ? { body: options.raw.data } : {}),
    });
  } catch {
    throw new ApiError(
      0,
      'OFFLINE',
      'The district server cannot be reached. Check the connection and try again.',
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = apiErrorBody.safeParse(json);
    const fields: Record<string, string> = {};
    for (const i of e.success ? (e.data.issues ?? []) : [])
      fields[i.path.replace(/^(body|querystring|params)\.?/, '') || '_'] ??= i.message;
    // a refusal naming its field in the message ("schoolIds: ...") is that field's
    const named = e.success ? /^([a-zA-Z]+): (.+)$/.exec(e.data.message) : null;
    if (named?.[1] && named[2] && res.status < 500) fields[named[1]] ??= named[2];
    if (res.status === 401 && !options.quiet401) onSignedOut?.();
    throw new ApiError(
      res.status,
      e.success ? e.data.error : 'HTTP_ERROR',
      e.success ? e.data.message : `The server answered ${res.status}.`,
      fields,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ApiError(res.status, 'BAD_ANSWER', `Unexpected answer from ${path}: ${parsed.error.message}`);
  return parsed.data;
}
