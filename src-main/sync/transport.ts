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
  SyncAbortedError,
  SyncAuthError,
  SyncClockDriftError,
  type SyncError,
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
  /**
   * How long the server may stay silent: until the answer's headers arrive, and then between two chunks of its body
   * (default SYNC_ANSWER_TIMEOUT_MS). A server that stays silent longer is not answering (frozen, or the link is
   * dead): the request is aborted with SyncTransientError.unanswered, so the nurse sees "Offline" within seconds.
   * A large answer that keeps arriving is never cut off.
   */
  readonly answerTimeoutMs?: number;
  /** Aborts the requests in flight when it fires (the workstation signs out or closes); read at each request. */
  readonly signal?: () => AbortSignal;
}

/** The server's silence after which a sync request counts as unanswered (the footer says "Offline" within 10 s). */
export const SYNC_ANSWER_TIMEOUT_MS = 8_000;

/** A timer that aborts `controller` unless reset in time (each sign of life from the server resets it). */
function silenceTimer(controller: AbortController, ms: number): { reset(): void; clear(): void } {
  let t: ReturnType<typeof setTimeout> | null = null;
  const clear = () => {
    if (t) clearTimeout(t);
    t = null;
  };
  const reset = () => {
    clear();
    t = setTimeout(() => controller.abort(new Error(`no answer for ${Math.round(ms / 1000)} s`)), ms);
  };
  reset();
  return { reset, clear };
}

/** The body as text, aborting when the server goes silent between chunks. */
async function readText(res: Response, silence: { reset(): void }): Promise<string> {
  if (!res.body) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    silence.reset();
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
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
  const answerTimeoutMs = options.answerTimeoutMs ?? SYNC_ANSWER_TIMEOUT_MS;

  async function send(method: 'GET' | 'POST', path: string, body: unknown, what: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await options.getAccessToken()}`,
        [SCHEMA_VERSION_HEADER]: String(options.schemaVersion),
        accept: 'application/json',
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const controller = new AbortController();
      const outer = options.signal?.();
      const stop = () => controller.abort(outer?.reason ?? new Error('stopped'));
      if (outer?.aborted) stop();
      outer?.addEventListener('abort', stop, { once: true });
      const silence = silenceTimer(controller, answerTimeoutMs);
      const failed = (e: unknown, status: number | null, text: string): SyncError => {
        if (outer?.aborted) return new SyncAbortedError(`${what}: sync stopped`, { cause: e });
        const silent = controller.signal.aborted;
        return new SyncTransientError(
          silent
            ? `${what}: the district server did not answer within ${Math.round(answerTimeoutMs / 1000)} s`
            : `${what}: ${text} (${e instanceof Error ? e.message : String(e)})`,
          status,
          null,
          { cause: e, unanswered: silent },
        );
      };
      try {
        let res: Response;
        try {
          res = await doFetch(`${base}${path}`, {
            method,
            headers,
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            signal: controller.signal,
          });
        } catch (e) {
          throw failed(e, null, 'cannot reach the district server');
        }
        silence.reset();
        if (res.status === 401 && attempt === 0) {
          await res.body?.cancel();
          await options.refreshAccessToken();
          continue;
        }
        if (!res.ok) throw await errorFor(res, what);
        let text: string;
        try {
          text = await readText(res, silence);
        } catch (e) {
          throw failed(e, res.status, 'the answer was cut off');
        }
        try {
          return JSON.parse(text) as unknown;
        } catch (e) {
          throw new SyncTransientError(`${what}: the answer was cut off or is not JSON`, res.status, null, {
            cause: e,
          });
        }
      } finally {
        silence.clear();
        outer?.removeEventListener('abort', stop);
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
