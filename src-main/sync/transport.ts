import type { z } from 'zod';
import {
  SCHEMA_VERSION_HEADER,
  pullResponseFromJson,
  pushResponse,
  syncErrorBody,
  type PullQuery,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../src-shared/sync/protocol';
import {
  auditUploadResponse,
  type AuditUploadRequest,
  type AuditUploadResponse,
} from '../../src-shared/sync/audit-upload';
import {
  SyncAuthError,
  SyncClockDriftError,
  SyncProtocolError,
  SyncRequestError,
  SyncSequenceGapError,
  SyncTransientError,
} from './errors';

/** How the sync client talks to the district server; tests may put any implementation of the protocol here. */
export interface SyncTransport {
  push(req: PushRequest): Promise<PushResponse>;
  pull(q: PullQuery): Promise<PullResponse>;
}

/** The HTTP transport also uploads the workstation's local audit trail (POST /sync/audit). */
export interface FetchTransport extends SyncTransport {
  uploadAudit(req: AuditUploadRequest): Promise<AuditUploadResponse>;
}

export interface FetchTransportOptions {
  /** e.g. https://district.example/api (no trailing slash needed). */
  readonly baseUrl: string;
  readonly schemaVersion: number;
  /** The current access token (bound to this device). */
  readonly getAccessToken: () => string | Promise<string>;
  /** Called once when the server answers 401; the next getAccessToken() must return the new token. */
  readonly refreshAccessToken: () => Promise<unknown>;
  readonly fetch?: typeof fetch;
  /** Per request (default 60 s). */
  readonly timeoutMs?: number;
}

function retryAfterMs(h: string | null): number | null {
  if (h === null) return null;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

async function errorFor(res: Response, what: string): Promise<Error> {
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const parsed = syncErrorBody.safeParse(body);
  const loose = (body ?? {}) as { error?: unknown; code?: unknown; message?: unknown };
  const code = parsed.success
    ? parsed.data.error
    : typeof loose.code === 'string'
      ? loose.code
      : typeof loose.error === 'string'
        ? loose.error
        : null;
  const message = parsed.success
    ? parsed.data.message
    : typeof loose.message === 'string'
      ? loose.message
      : text.slice(0, 200);
  const detail = `${what}: ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
  if (res.status === 408 || res.status === 429 || res.status >= 500) {
    return new SyncTransientError(detail, res.status, retryAfterMs(res.headers.get('retry-after')));
  }
  if (
    res.status === 409 &&
    parsed.success &&
    parsed.data.error === 'SEQUENCE_GAP' &&
    parsed.data.expectedSeq !== undefined
  ) {
    return new SyncSequenceGapError(detail, parsed.data.expectedSeq);
  }
  if (parsed.success && parsed.data.error === 'CLOCK_DRIFT') {
    return new SyncClockDriftError(
      `the server refused this workstation's clock (more than 5 minutes ahead of the server's${
        parsed.data.serverTime ? `, which reads ${parsed.data.serverTime}` : ''
      }): correct the computer's date and time, then sync again. (${detail})`,
      parsed.data.serverTime ?? null,
    );
  }
  if (res.status === 401 || res.status === 403) return new SyncAuthError(detail, res.status);
  return new SyncRequestError(detail, res.status, code);
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const where = r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new SyncProtocolError(`${what}: the server's answer does not follow the sync protocol: ${where}`);
  }
  return r.data;
}

/** The HTTP transport: POST /sync/push, GET /sync/pull, POST /sync/audit, with the schema header and the device's bearer token. */
export function createFetchTransport(options: FetchTransportOptions): FetchTransport {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 60_000;

  async function send(method: 'GET' | 'POST', path: string, body: unknown, what: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await options.getAccessToken()}`,
        [SCHEMA_VERSION_HEADER]: String(options.schemaVersion),
        accept: 'application/json',
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      let res: Response;
      try {
        res = await doFetch(`${base}${path}`, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        throw new SyncTransientError(
          `${what}: cannot reach the district server (${e instanceof Error ? e.message : String(e)})`,
          null,
          null,
          { cause: e },
        );
      }
      if (res.status === 401 && attempt === 0) {
        await res.body?.cancel();
        await options.refreshAccessToken();
        continue;
      }
      if (!res.ok) throw await errorFor(res, what);
      try {
        return await res.json();
      } catch (e) {
        throw new SyncTransientError(`${what}: the answer was cut off or is not JSON`, res.status, null, {
          cause: e,
        });
      }
    }
  }

  return {
    push: async (req) => parseBody(pushResponse, await send('POST', '/sync/push', req, 'push'), 'push'),
    uploadAudit: async (req) =>
      parseBody(auditUploadResponse, await send('POST', '/sync/audit', req, 'audit upload'), 'audit upload'),
    pull: async (q) => {
      const qs = new URLSearchParams({ after: String(q.after), limit: String(q.limit) });
      if (!q.count) qs.set('count', 'false');
      // the envelope only: each column value is checked where the apply converts it (src-main/store/wire.ts)
      return parseBody(
        pullResponseFromJson,
        await send('GET', `/sync/pull?${qs.toString()}`, undefined, 'pull'),
        'pull',
      );
    },
  };
}
